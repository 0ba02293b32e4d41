"""The 25-thread board of a real X3.5 (icon fonts, the new touch template) agrees with the database."""

from __future__ import annotations

from typing import Any

import pytest

from discuz_extract import ForumPage, LoginRequired, NotAForumPage, PageKind, ThreadSummary, parse_forum_page

from .conftest import require
from .forum_truth import SPECIALS, X35, epoch, read_index, read_page, rows_by_tid, to_minute, truth

SITE = "http://127.0.0.1:8092/"


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return truth(X35)


def board(kind: str) -> list[ForumPage]:
    suffix = "json" if kind == "api" else "html"
    return [read_page(X35 / f"board.{kind}.p{n}.{suffix}") for n in (1, 2)]


def rows(kind: str) -> list[ThreadSummary]:
    return [row for page in board(kind) for row in page.threads]


@pytest.mark.parametrize("kind", ["desktop", "rewrite", "touch", "archiver", "api"])
def test_every_thread_once_in_order(kind: str, data: dict[str, Any]) -> None:
    assert [row.tid for row in rows(kind)] == [row["tid"] for row in data["thread_rows"]]
    assert [page.page for page in board(kind)] == [1, 2]
    assert all((page.fid, page.name, page.page_count) == (38, data["forum_name"], 2) for page in board(kind))


@pytest.mark.parametrize("kind", ["desktop", "rewrite"])
def test_desktop_rows_field_by_field(kind: str, data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    for page in board(kind):
        assert page.thread_count == data["threads"] and page.moderators == [] and page.sub_forums == []
        assert page.thread_types == {int(k): v for k, v in data["thread_types"].items()}
        assert page.site.version == "X3.5"
        for row in page.threads:
            t = expected[row.tid or 0]
            assert (row.title, row.author, row.author_uid) == (t["subject"], t["author"], t["authorid"])
            assert row.created_on == epoch(t["dateline"]).date() and row.last_post_at == to_minute(t["lastpost"])
            assert (row.replies, row.views, row.last_poster) == (t["replies"], t["views"], t["lastposter"])
            # X3.5 draws the sticky pin and the digest badge with icon fonts and spans
            assert (row.sticky, row.digest, row.special) == (t["displayorder"], t["digest"], SPECIALS[t["special"]])
            assert (row.type_id, row.type_name) == (t["typeid"] or None, t["type_name"])
            assert row.closed == (bool(t["closed"]) if t["displayorder"] > 0 else None)
            assert row.page_count == t["pages_desktop"] and row.moved is False


def test_touch_rows_field_by_field(data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    pages = board("touch")
    assert all((p.kind, p.thread_count, p.today_posts) == (PageKind.TOUCH, 25, 0) for p in pages)
    assert pages[0].thread_types == {int(k): v for k, v in data["thread_types"].items()}
    for row in (row for page in pages for row in page.threads):
        t = expected[row.tid or 0]
        assert row.title == t["subject"]
        if t["displayorder"] > 0:  # a sticky row shows the subject only
            assert {k for k, v in row.model_dump().items() if v is not None} == {"tid", "url", "title"}
            continue
        assert (row.author, row.author_uid, row.replies, row.views) == (
            t["author"],
            t["authorid"],
            t["replies"],
            t["views"],
        )
        assert row.created_on == epoch(t["dateline"]).date() and row.created_at is None
        assert (row.type_id, row.type_name) == (t["typeid"] or None, t["type_name"])
        assert row.sticky is None and row.digest is None and row.last_post_at is None


def test_api_rows_field_by_field(data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    for row in rows("api"):
        t = expected[row.tid or 0]
        assert (row.title, row.author, row.author_uid, row.last_poster) == (
            t["subject"],
            t["author"],
            t["authorid"],
            t["lastposter"],
        )
        assert row.created_at == epoch(t["dateline"]) and row.last_post_at == epoch(t["lastpost"])
        assert (row.sticky, row.digest, row.special, row.type_id) == (
            t["displayorder"],
            t["digest"],
            SPECIALS[t["special"]],
            t["typeid"] or None,
        )
        assert (row.replies, row.views, row.moved) == (t["replies"], t["views"], False)


def test_archiver_rows(data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    pages = board("archiver")
    assert pages[0].site.version == "X3.5" and pages[0].site.name == "外链论坛"
    for row in (row for page in pages for row in page.threads):
        t = expected[row.tid or 0]
        assert (row.title, row.replies, row.moved, row.author, row.views) == (
            t["subject"],
            t["replies"],
            False,
            None,
            None,
        )


@pytest.mark.parametrize("stem", ["board-closed", "board-digest", "board-sticky"])
def test_thread_pages_of_the_board_are_not_listings(stem: str) -> None:
    for kind in ("desktop", "rewrite"):
        with pytest.raises(NotAForumPage) as caught:
            parse_forum_page(require(X35 / f"{stem}.{kind}.p1.html").read_bytes())
        assert caught.value.page_kind == "viewthread"


def test_forum_guests_may_not_view_asks_for_login() -> None:
    with pytest.raises(LoginRequired) as caught:
        read_page(X35 / "forum-37.forumdisplay.noperm.html")
    assert caught.value.site_message is not None and "没有权限访问该版块" in caught.value.site_message


def test_forum_index_desktop(data: dict[str, Any]) -> None:
    index = read_index(X35 / "index.desktop.html", SITE + "forum.php")
    ((gid, name, forums),) = [(c.gid, c.name, c.forums) for c in index.categories]
    assert (gid, name, [f.fid for f in forums]) == (1, "Discuz!", [2, 36, 38])
    board_forum = forums[2]
    assert (board_forum.name, board_forum.threads, board_forum.posts) == (
        data["forum_name"],
        data["threads"],
        data["posts"],
    )
    tid, subject, when, author = data["forum_lastpost"].split("\t")
    assert board_forum.last_post is not None and board_forum.last_post.posted_at == to_minute(int(when))
    assert (board_forum.last_post.tid, board_forum.last_post.title, board_forum.last_post.author) == (
        int(tid),
        subject,
        author,
    )
    assert forums[0].description is None and forums[1].description == "原创文章（开启防采集干扰码）"
    assert (index.posts, index.members, index.today_posts, index.newest_member) == (96, 10, 0, "签名达人")
    assert index.site.version == "X3.5"


def test_forum_index_touch(data: dict[str, Any]) -> None:
    index = read_index(X35 / "index.touch.html")
    assert index.kind is PageKind.TOUCH
    ((category),) = index.categories
    assert (category.gid, category.name) == (1, "Discuz!")
    assert [(f.fid, f.name, f.description) for f in category.forums] == [
        (2, "新闻资讯", None),  # "暂无版块介绍" is the template's placeholder
        (36, "原创文章", "原创文章（开启防采集干扰码）"),
        (38, data["forum_name"], data["description"]),
    ]
    assert all(f.threads is None and f.posts is None for f in category.forums)
