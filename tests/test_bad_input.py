"""Malformed, truncated or non-Discuz input: the exact DiscuzError it stands for, or exactly the
posts that are there; never another exception, never a post made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from discuz_extract import (
    ChallengePage,
    DecodeError,
    DiscuzError,
    NotAThreadPage,
    NotDiscuzPage,
    ParseError,
    PostStatus,
    merge_pages,
    parse_page,
)

from .conftest import fixture_bytes


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   ",
        "<html><body><p>hello</p></body></html>",
        b"<div id='postmessage_abc'>x</div>",  # a non-numeric pid is no Discuz marker
        b"\xef\xbb\xbf<html>" + "中文".encode() + b"</html>",
        b"<" * 10000,
        b"<div>" * 2000,
    ],
)
def test_garbage_is_not_a_discuz_page(content: bytes | str) -> None:
    with pytest.raises(NotDiscuzPage) as caught:
        parse_page(content)
    assert type(caught.value) is NotDiscuzPage


def test_post_markup_without_discuz_around_it_is_not_a_discuz_page() -> None:
    # a page holding nothing but a post div (copied markup on a blog, say): sniff finds none of
    # the lines Discuz's own templates print, so it is not read as a thread
    with pytest.raises(NotDiscuzPage):
        parse_page(b"<html><head><title>x</title></head><body><div id='post_1'></div></body></html>")


# the JS globals every Discuz desktop page prints in its head
DISCUZ_HEAD = "<html><head><script>var discuz_uid = '0', cookiepre = 'aBcD_2132_';</script></head><body>"


def test_post_table_with_an_unreadable_date() -> None:
    # table#pidN is a post; the date that is not one is kept as shown and never guessed
    page = parse_page(
        DISCUZ_HEAD
        + "<table id='pid12'><tr><td class='plc'><em id='authorposton12'>发表于 not a date</em></td></tr></table>"
    )
    [post] = page.posts
    # a fragment, not a whole page: it has no closing markup, so it counts as cut short
    assert page.truncated and (post.pid, post.floor, post.status, post.text) == (12, None, PostStatus.TRUNCATED, "")
    assert post.posted_at is None and post.posted_at_text == "not a date"


def test_non_discuz_page() -> None:
    with pytest.raises(NotDiscuzPage):
        parse_page(b"<html><head><title>Blog</title></head><body><article>hi</article></body></html>")


def test_antitheft_script() -> None:
    body = (
        b"<script type=\"text/javascript\">var x1='_ds';function getName(){return 'ign'};location.href=u+x1;</script>"
    )
    with pytest.raises(ChallengePage) as caught:
        parse_page(body)
    assert caught.value.challenge == "antitheft"


RICH_PAGE_ONE = "rich.desktop.p1.gbk.html"  # posts 9001-9005; 9005 is blocked


@pytest.mark.parametrize(
    ("cut", "error"),
    [
        (100, NotDiscuzPage),  # inside <head>: no marker yet
        (2000, NotAThreadPage),  # the page chrome, but no post has begun
    ],
)
def test_truncated_before_any_post(cut: int, error: type[DiscuzError]) -> None:
    with pytest.raises(error) as caught:
        parse_page(fixture_bytes(RICH_PAGE_ONE)[:cut])
    assert type(caught.value) is error


@pytest.mark.parametrize(
    ("cut", "complete", "cut_post"),
    [
        # inside post 9001, before its floor number: no floor is made up (no neighbour has one)
        (9000, [], (9001, None, "老猫")),
        # inside post 9002's message: 9001 whole; 9002's floor counted on from 9001's
        (15000, [9001], (9002, 2, "数码控阿杰")),
        # inside post 9005, before its "blocked" notice: the first four whole
        (30000, [9001, 9002, 9003, 9004], (9005, 5, "广告机器人")),
    ],
)
def test_truncated_fixture(cut: int, complete: list[int], cut_post: tuple[int, int | None, str]) -> None:
    raw = fixture_bytes(RICH_PAGE_ONE)
    whole = {p.pid: p for p in parse_page(raw).posts}
    page = parse_page(raw[:cut])
    *before, last = page.posts
    assert [p.pid for p in before] == complete
    assert before == [whole[pid] for pid in complete]  # a post wholly before the cut parses as in the whole page
    # the post the cut falls in: what came before the cut, nothing guessed for the rest (no
    # date, no text), and marked truncated; so is the page, and a thread merged from it
    assert last.author is not None
    assert (last.pid, last.floor, last.author.name) == cut_post
    assert (last.text, last.status, last.posted_at) == ("", PostStatus.TRUNCATED, None)
    assert page.truncated and not parse_page(raw).truncated
    thread = merge_pages([page])
    assert thread.truncated_pages == [1] and not thread.complete


def test_wrong_type() -> None:
    with pytest.raises(TypeError):
        parse_page(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="read the file first"):
        parse_page(Path("page.html"))  # type: ignore[arg-type]


@pytest.mark.parametrize("location", ["/path/to/page.html", "saved/thread-1-1-1.html", "https://bbs.example.cn/t.html"])
def test_a_path_or_url_instead_of_content_is_refused_clearly(location: str) -> None:
    with pytest.raises(ParseError, match="looks like a file path or a URL"):
        parse_page(location)


@pytest.mark.parametrize("content", [b"\x00\x01\x02\xff\xfe", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64])
def test_binary_body_is_a_decode_error(content: bytes) -> None:
    """No charset turns an image or a NUL-laden body into a page: DecodeError, not a guess."""
    with pytest.raises(DecodeError):
        parse_page(content)
