"""What a page may cost: pathological nesting is refused in linear time, and a server's
single-byte default charset does not turn a GBK page into mojibake."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from discuz_extract import ParseError, parse_forum_index, parse_forum_page, parse_page
from discuz_extract._decoding import decode_html
from discuz_extract._parsing.limits import MAX_BLOCK_DEPTH, check_nesting

from .conftest import fixture_bytes


@pytest.mark.timeout(20)
@pytest.mark.parametrize("tag", ["div", "blockquote", "ul", "section", "center"])
def test_a_million_nested_blocks_are_refused_before_parsing(tag: str) -> None:
    head = "<html><head><script>var discuz_uid = '0', cookiepre = 'aBcD_2132_';</script></head><body>"
    page = (head + f"<{tag}>" * 1_000_000 + "x").encode()  # 5-13 MB, under the size cap
    with pytest.raises(ParseError, match="nested deeper"):
        parse_page(page)


DEEP = "<div>" * 200_000  # lexbor alone took 14 s over this under a listing


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("parse", "name", "url"),
    [
        (parse_forum_page, "forum.utf8.forumdisplay.p1.html", None),
        (parse_forum_index, "forum.utf8.index.html", None),
        (parse_forum_page, "forum.utf8.archiver.p1.html", None),
    ],
)
def test_listings_and_the_index_are_bounded_too(parse: Callable[..., object], name: str, url: str | None) -> None:
    page = fixture_bytes(name).replace(b"</body>", DEEP.encode() + b"</body>", 1)
    with pytest.raises(ParseError, match="nested deeper"):
        parse(page, url=url)


@pytest.mark.timeout(20)
def test_a_mobile_api_message_is_bounded_too() -> None:
    body = json.loads(fixture_bytes("rich.api.p1.json"))
    body["Variables"]["postlist"][1]["message"] = DEEP
    with pytest.raises(ParseError, match="nested deeper"):
        parse_page(json.dumps(body), url="https://bbs.example.cn/api/mobile/index.php?module=viewthread&tid=2048")


@pytest.mark.timeout(20)
def test_a_desktop_page_without_posts_is_read_whole_within_the_bound() -> None:
    gate = fixture_bytes("gate.notfound.utf8.html").decode("utf-8")
    hostile = gate.replace("</body>", DEEP + "</body>", 1)
    with pytest.raises(ParseError, match="nested deeper"):
        parse_page(hostile)


def test_nesting_within_the_bound_is_accepted() -> None:
    check_nesting("<div></div>" * 20_000)  # many tags, each closed at once
    check_nesting("<div>" * MAX_BLOCK_DEPTH + "</div>" * MAX_BLOCK_DEPTH + "<b>" * 8_000)
    with pytest.raises(ParseError):
        check_nesting("<div>" * (MAX_BLOCK_DEPTH + 1) + "<b>" * 8_000)


def test_inline_nesting_is_cheap_and_allowed() -> None:
    check_nesting("<b>" * 100_000)  # lexbor handles formatting elements in linear time


@pytest.mark.parametrize("header", ["iso-8859-1", "ISO-8859-1", "windows-1252", "us-ascii"])
def test_single_byte_default_header_yields_to_the_page_declaration(header: str) -> None:
    raw = fixture_bytes("seed.desktop.gbk.html")
    decoded = decode_html(raw, header)
    assert decoded.charset == "gb18030" and decoded.source == "meta"
    page = parse_page(raw, encoding=header)
    assert page.title is not None and page.title.startswith("深化网信行业改革")


def test_a_real_header_charset_still_wins_over_a_wrong_meta() -> None:
    raw = fixture_bytes("seed.desktop.utf8.html").replace(b"charset=utf-8", b"charset=gbk")
    assert decode_html(raw, "utf-8").charset == "utf-8"


HUGE = "9" * 5000  # more digits than int() accepts from a string


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('id="post_9002"', f'id="post_{HUGE}"'),  # a post id
        ("<em>5</em><sup>#</sup>", f"<em>{HUGE}</em><sup>#</sup>"),  # a floor
        ('class="xi2">412</a>', f'class="xi2">{HUGE}</a>'),  # an author's count
        ("/ 3 页", f"/ {HUGE} 页"),  # the pager
        ("tid=2048", f"tid={HUGE}"),  # a link
    ],
)
def test_absurd_numbers_in_a_page_never_escape_as_value_errors(old: str, new: str) -> None:
    from discuz_extract import DiscuzError

    raw = fixture_bytes("rich.desktop.p1.gbk.html").decode("gb18030")
    assert old in raw
    hostile = raw.replace(old, new).encode("gb18030")
    try:
        page = parse_page(hostile)
    except DiscuzError:
        return  # typed: UnexpectedError names the ValueError it wraps
    assert page.posts  # or the number was not taken for a count at all


@pytest.mark.timeout(20)
def test_upper_case_nesting_is_refused_too() -> None:
    with pytest.raises(ParseError, match="nested deeper"):
        check_nesting("<DIV>" * (MAX_BLOCK_DEPTH + 1) + "<B>" * 8_000)
    with pytest.raises(ParseError, match="nested deeper"):
        check_nesting("<Section>" * (MAX_BLOCK_DEPTH + 1) + "<b>" * 8_000)
