"""discuz_extract.links: the URLs a crawl reads next, from a URL or a parsed page (pure)."""

from __future__ import annotations

import pytest

from discuz_extract import (
    ForumIndex,
    ForumPage,
    ForumURL,
    InvalidForumURL,
    LoginRequired,
    PermissionDenied,
    ThreadPage,
    parse_forum_index,
    parse_forum_page,
    parse_forum_url,
)
from discuz_extract.links import (
    ThreadURL,
    UrlKind,
    index_forum_urls,
    index_url,
    listing_page_urls,
    listing_thread_urls,
    redirect_gate,
    remaining_pages,
    sub_forum_urls,
    url_kind,
)
from discuz_extract.models import ForumCategory, ForumSummary, PageRange, SiteInfo, ThreadSummary

from .conftest import fixture_bytes

SITE = "https://bbs.example.cn/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://bbs.example.cn/forum-2-3.html", ForumURL(SITE, 2, rewrite=True, page=3)),
        ("https://bbs.example.cn/bbs/forum-2-1.html", ForumURL(SITE + "bbs/", 2, rewrite=True)),
        ("https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2", ForumURL(SITE, 2)),
        ("https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2&page=4", ForumURL(SITE, 2, page=4)),
        ("https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2&filter=typeid&typeid=1", ForumURL(SITE, 2)),
        ("https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2&mobile=2", ForumURL(SITE, 2)),
        ("https://bbs.example.cn/archiver/?fid-2.html&page=2", ForumURL(SITE, 2, page=2)),
        ("https://bbs.example.cn/bbs/archiver/fid-2.html", ForumURL(SITE + "bbs/", 2)),
    ],
)
def test_parse_forum_url_reads_every_listing_form(url: str, expected: ForumURL) -> None:
    assert parse_forum_url(url) == expected


def test_forum_url_builds_pages_in_the_form_it_was_named_with() -> None:
    assert parse_forum_url("forum-2-1.html", base=SITE + "bbs/").page_url(3) == SITE + "bbs/forum-2-3.html"
    dynamic = parse_forum_url(SITE + "forum.php?mod=forumdisplay&fid=2")
    assert dynamic.page_url(2) == SITE + "forum.php?mod=forumdisplay&fid=2&page=2"
    assert dynamic.host == "bbs.example.cn"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://bbs.example.cn/forum-2-1.html",
        "forum-2-1.html",
        "https://bbs.example.cn/forum.php?mod=viewthread&tid=5",
        "https://bbs.example.cn/forum.php?mod=forumdisplay",
        "https://bbs.example.cn/forum.php?mod=forumdisplay&fid=x",
        "https://bbs.example.cn/thread-5-1-1.html",
    ],
)
def test_parse_forum_url_refuses_what_is_no_listing(url: str) -> None:
    with pytest.raises(InvalidForumURL):
        parse_forum_url(url)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://bbs.example.cn/thread-5-2-1.html", UrlKind.THREAD),
        ("https://bbs.example.cn/forum.php?mod=viewthread&tid=5&page=2", UrlKind.THREAD),
        ("https://bbs.example.cn/archiver/?tid-5.html", UrlKind.THREAD),
        ("https://bbs.example.cn/forum-2-1.html", UrlKind.FORUM),
        ("https://bbs.example.cn/forum.php?mod=forumdisplay&fid=2", UrlKind.FORUM),
        ("https://bbs.example.cn/", UrlKind.SITE),
        ("https://bbs.example.cn/bbs/forum.php", UrlKind.SITE),
        ("https://bbs.example.cn/forum.php?gid=1", UrlKind.SITE),
    ],
)
def test_url_kind(url: str, kind: UrlKind) -> None:
    assert url_kind(url) is kind


def test_url_kind_refuses_what_is_no_url() -> None:
    with pytest.raises(InvalidForumURL):
        url_kind("bbs.example.cn/forum.php")


@pytest.mark.parametrize(
    ("url", "index"),
    [
        ("https://bbs.example.cn/", SITE + "forum.php"),
        ("https://bbs.example.cn/bbs/", SITE + "bbs/forum.php"),
        ("https://bbs.example.cn/bbs/index.php", SITE + "bbs/forum.php"),
        ("https://bbs.example.cn/forum.php", SITE + "forum.php"),
        ("https://bbs.example.cn/forum.php?gid=1", SITE + "forum.php?gid=1"),
        ("https://bbs.example.cn/forum.php?mod=guide", SITE + "forum.php"),
        ("https://bbs.example.cn", SITE + "forum.php"),
    ],
)
def test_index_url(url: str, index: str) -> None:
    assert index_url(url) == index


def test_listing_page_urls_are_every_other_page_in_the_form_read() -> None:
    page = ForumPage(fid=2, page=2, page_count=4)
    target = parse_forum_url(SITE + "forum-2-2.html")
    assert listing_page_urls(page, target) == [SITE + f"forum-2-{n}.html" for n in (1, 3, 4)]
    assert listing_page_urls(page, target, max_pages=3) == [SITE + "forum-2-1.html", SITE + "forum-2-3.html"]
    assert listing_page_urls(ForumPage(fid=2), target) == []  # one page: nothing else to read


def test_listing_thread_urls_of_the_fixture_listing() -> None:
    url = SITE + "forum.php?mod=forumdisplay&fid=2&page=1"
    page = parse_forum_page(fixture_bytes("forum.gbk.forumdisplay.p1.html"), url=url)
    targets = listing_thread_urls(page)
    # the moved row (128 -> 88) gives its target; each tid once, in page order
    assert [t.tid for t in targets] == [88 if r.moved else r.tid for r in page.threads]
    assert all(t.site == "http://bbs.example.cn/" and not t.rewrite for t in targets)
    rewrite = parse_forum_page(fixture_bytes("forum.gbk.rewrite.p1.html"))
    assert all(t.rewrite for t in listing_thread_urls(rewrite))


def test_listing_thread_urls_keep_each_tid_once_and_build_linkless_rows() -> None:
    page = ForumPage(
        url=SITE + "forum-2-1.html",
        site=SiteInfo(url=SITE),
        threads=[
            ThreadSummary(tid=5, url="thread-5-1-1.html"),
            ThreadSummary(tid=5, url="forum.php?mod=viewthread&tid=5&extra=page%3D1"),
            ThreadSummary(tid=6),  # the mobile API gives no link
            ThreadSummary(tid=None, url="javascript:;"),
            ThreadSummary(tid=None),
        ],
    )
    assert listing_thread_urls(page) == [ThreadURL(SITE, 5, rewrite=True), ThreadURL(SITE, 6)]


def test_index_forum_urls_of_the_fixture_index() -> None:
    index = parse_forum_index(fixture_bytes("forum.gbk.index.html"))
    fids = [f.fid for f in index_forum_urls(index)]
    listed = [f.fid for c in index.categories for f in c.forums]
    assert set(listed) <= set(fids) and len(fids) == len(set(fids))
    assert {21, 22} <= set(fids)  # the sub-forums of the list layout


def test_forum_urls_walk_sub_forums_depth_first_each_fid_once() -> None:
    nested = ForumSummary(
        fid=1,
        url="forum-1-1.html",
        sub_forums=[ForumSummary(fid=3, url="forum-3-1.html"), ForumSummary(fid=1, url="forum-1-1.html")],
    )
    index = ForumIndex(
        url=SITE + "forum.php",
        categories=[ForumCategory(forums=[nested, ForumSummary(fid=2, url="forum.php?mod=forumdisplay&fid=2")])],
    )
    assert [(f.fid, f.rewrite) for f in index_forum_urls(index)] == [(1, True), (3, True), (2, False)]
    page = ForumPage(url=SITE + "forum-1-1.html", sub_forums=[ForumSummary(fid=4, url="forum-4-1.html")])
    assert sub_forum_urls(page) == [ForumURL(SITE, 4, rewrite=True)]


def test_remaining_pages() -> None:
    assert remaining_pages(ThreadPage(page_count=4)) == (range(2, 5), [])
    assert remaining_pages(ThreadPage(page_count=4), max_pages=2) == (
        range(2, 3),
        [PageRange(first=3, last=4, reason="max_pages")],
    )
    assert remaining_pages(ThreadPage()) == (range(2, 2), [])
    # a pager claiming 10^20 pages: bounded by max_page_count, nothing sized by the claim
    rest, skipped = remaining_pages(ThreadPage(page_count=10**20))
    assert rest == range(2, 10_001) and skipped == [PageRange(first=10_001, last=10**20, reason="max_page_count")]


def test_redirect_gate() -> None:
    thread = SITE + "thread-5-1-1.html"
    login = redirect_gate(thread, SITE + "member.php?mod=logging&action=login&referer=x")
    assert isinstance(login, LoginRequired) and login.url == thread
    paid = redirect_gate(thread, SITE + "forum.php?mod=forumdisplay&fid=2")
    assert isinstance(paid, PermissionDenied) and not isinstance(paid, LoginRequired)
    assert redirect_gate(SITE + "forum-2-1.html", SITE + "forum.php?mod=forumdisplay&fid=2") is None
    assert redirect_gate(thread, SITE + "thread-5-1-1.html?x=1") is None
