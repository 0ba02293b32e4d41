"""Every thread URL form a user copies resolves to the same thread."""

from __future__ import annotations

import pytest

from discuz_extract import InvalidThreadURL, parse_thread_url


@pytest.mark.parametrize(
    ("url", "site", "tid", "rewrite"),
    [
        ("https://bbs.example.cn/forum.php?mod=viewthread&tid=1523", "https://bbs.example.cn/", 1523, False),
        (
            "https://bbs.example.cn/forum.php?mod=viewthread&tid=1523&extra=page%3D1&page=3",
            "https://bbs.example.cn/",
            1523,
            False,
        ),
        ("https://bbs.example.cn/bbs/thread-1523-2-1.html", "https://bbs.example.cn/bbs/", 1523, True),
        ("https://bbs.example.cn/archiver/?tid-1523.html", "https://bbs.example.cn/", 1523, False),
        ("https://bbs.example.cn/archiver/?tid-1523.html&page=2", "https://bbs.example.cn/", 1523, False),
        ("https://bbs.example.cn/archiver/tid-1523.html?page=2", "https://bbs.example.cn/", 1523, False),
        ("https://bbs.example.cn/forum.php?mod=viewthread&tid=1523&mobile=2", "https://bbs.example.cn/", 1523, False),
        (
            "https://bbs.example.cn/forum.php?mod=redirect&goto=findpost&ptid=1523&pid=9",
            "https://bbs.example.cn/",
            1523,
            False,
        ),
    ],
)
def test_forms(url: str, site: str, tid: int, rewrite: bool) -> None:
    parsed = parse_thread_url(url)
    assert (parsed.site, parsed.tid, parsed.rewrite) == (site, tid, rewrite)


def test_page_urls() -> None:
    assert parse_thread_url("http://h/thread-9-4-1.html").page_url(2) == "http://h/thread-9-2-1.html"
    assert parse_thread_url("http://h/forum.php?tid=9&mod=viewthread").page_url(1) == (
        "http://h/forum.php?mod=viewthread&tid=9&page=1"
    )


def test_relative_link_inside_a_page() -> None:
    parsed = parse_thread_url("thread-77-1-1.html", base="http://h/bbs/forum.php?mod=forumdisplay&fid=2")
    assert (parsed.site, parsed.tid) == ("http://h/bbs/", 77)


@pytest.mark.parametrize("url", ["ftp://h/thread-1-1-1.html", "not a url", "http://h/forum.php?mod=forumdisplay&fid=2"])
def test_invalid(url: str) -> None:
    with pytest.raises(InvalidThreadURL):
        parse_thread_url(url)
