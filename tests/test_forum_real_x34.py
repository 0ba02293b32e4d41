"""The 55-thread board of a real X3.4 in every rendering agrees with the database, field by field.

For each rendering, every field it shows is compared with ``board.truth.json`` and every field
it does not show must be ``None``.
"""

from __future__ import annotations

from typing import Any

import pytest

from discuz_extract import ForumPage, PageKind, ThreadSummary

from .forum_truth import BOARD, SPECIALS, X34_LOCAL, epoch, read_index, read_page, rows_by_tid, to_minute, truth

SITE = "http://127.0.0.1:8082/"
URLS = {
    "desktop": SITE + "forum.php?mod=forumdisplay&fid=2&page={n}",
    "rewrite": SITE + "forum-2-{n}.html",
    "touch": SITE + "forum.php?mod=forumdisplay&fid=2&page={n}&mobile=2",
    "archiver": SITE + "archiver/?fid-2.html&page={n}",
    "api": SITE + "api/mobile/index.php?version=4&module=forumdisplay&fid=2&page={n}",
}
PAGES = {"desktop": 3, "rewrite": 3, "touch": 6, "archiver": 3, "api": 6}
MOVED, TARGET = 60, 14


def board(kind: str) -> list[ForumPage]:
    suffix = "json" if kind == "api" else "html"
    return [read_page(BOARD / f"board.{kind}.p{n}.{suffix}", URLS[kind].format(n=n)) for n in range(1, PAGES[kind] + 1)]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return truth(BOARD)


def listed(pages: list[ForumPage], count: int) -> list[ThreadSummary]:
    """The rows of the first ``count`` pages (later pages of touch and API repeat page 1)."""
    return [row for page in pages[:count] for row in page.threads]


def test_every_thread_is_listed_once_in_order_on_desktop_rewrite_archiver(data: dict[str, Any]) -> None:
    order = [row["tid"] for row in data["thread_rows"]]
    assert len(order) == 55
    for kind in ("desktop", "rewrite", "archiver"):
        assert [row.tid for row in listed(board(kind), 3)] == order, kind


def test_touch_and_api_list_the_moved_row_by_its_target(data: dict[str, Any]) -> None:
    order = [row["tid"] for row in data["thread_rows"]]
    api = listed(board("api"), 3)
    assert [row.moved_to if row.moved else row.tid for row in api] == [TARGET if t == MOVED else t for t in order]
    stickies = {row["tid"] for row in data["thread_rows"] if row["displayorder"] > 0}
    touch = listed(board("touch"), 3)  # stickies are not listed: mobiledisplayorder3 is off
    expected = [TARGET if t == MOVED else t for t in order if t not in stickies]
    assert [row.moved_to if row.moved else row.tid for row in touch] == expected


@pytest.mark.parametrize("kind", ["touch", "api"])
def test_pages_past_the_end_are_page_one(kind: str) -> None:
    """Discuz answers a page past the last with page 1's rows (the API still echoes the page asked)."""
    pages = board(kind)
    assert [page.page for page in pages] == [1, 2, 3, 1, 1, 1]
    assert all(page.page_count == 3 for page in pages)
    assert [r.tid for r in pages[3].threads] == [r.tid for r in pages[0].threads]


@pytest.mark.parametrize("kind", ["desktop", "rewrite"])
def test_desktop_header(kind: str, data: dict[str, Any]) -> None:
    pages = board(kind)
    for n, page in enumerate(pages, start=1):
        assert (page.kind, page.fid, page.name) == (PageKind.DESKTOP, data["fid"], data["forum_name"])
        assert (page.page, page.page_count, page.thread_count, page.today_posts) == (n, 3, 55, data["todayposts"])
        assert page.thread_types == {int(k): v for k, v in data["thread_types"].items()}
        assert page.moderators == data["moderators"].split(",")
        assert [c.title for c in page.breadcrumb] == ["外链论坛", "论坛", "综合讨论区", "数码广场"]
        assert page.site.name == data["settings"]["bbname"] and page.site.version == "X3.4"
        assert page.site.utc_offset == 8.0 and page.description is None
    subs = pages[0].sub_forums
    (sub,) = data["subforums"]
    assert [(s.fid, s.name, s.threads, s.posts, s.today_posts) for s in subs] == [
        (sub["fid"], sub["name"], sub["threads"], sub["posts"], sub["todayposts"])
    ]
    assert subs[0].last_post is not None and subs[0].last_post.tid == 62 and subs[0].moderators == []
    assert all(not page.sub_forums for page in pages[1:])  # Discuz lists them on page 1 only


@pytest.mark.parametrize("kind", ["desktop", "rewrite"])
def test_desktop_rows_field_by_field(kind: str, data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    for n, row in ((p.page, r) for p in board(kind) for r in p.threads):
        assert row.tid is not None
        t = expected[row.tid]
        moved = t["moved_to"] is not None
        assert row.url == f"{SITE}thread-{t['moved_to'] or t['tid']}-1-{n}.html"  # extra=page%3DN: the "1-N" part
        assert (row.title, row.author, row.author_uid, row.anonymous) == (
            t["subject"],
            t["author"],
            t["authorid"],
            False,
        )
        assert row.created_on == epoch(t["dateline"]).date() and row.created_at is None  # the day only
        assert row.last_post_at == to_minute(t["lastpost"]) and row.last_poster == t["lastposter"]
        assert (row.sticky, row.digest, row.special) == (t["displayorder"], t["digest"], SPECIALS[t["special"]])
        assert (row.type_id, row.type_name) == (t["typeid"] or None, t["type_name"])
        assert (row.moved, row.moved_to) == (moved, t["moved_to"])
        assert row.replies == (None if moved else t["replies"]) and row.views == (None if moved else t["views"])
        assert row.page_count == (None if moved else t["pages_desktop"])
        # sticky rows keep their folder; a guest's first visit shows every other row "new", hiding the lock
        assert row.closed == (bool(t["closed"]) if t["displayorder"] > 0 else None)
        assert row.reward == (t["price"] if t["special"] == 3 else None) and row.price is None
        assert (row.has_attachment, row.has_image, row.rush_reply) == (False, False, False)


def test_desktop_special_rows(data: dict[str, Any]) -> None:
    rows = {row.tid: row for row in listed(board("desktop"), 3)}
    assert rows[5].sticky == 3 and rows[6].sticky == 1
    assert rows[7].digest == 1 and rows[7].page_count == 4
    assert rows[9].special is not None and rows[9].special.value == "poll"
    assert rows[10].special is not None and rows[10].special.value == "reward" and rows[10].reward == 50
    assert rows[10].reward_solved is False
    moved = rows[MOVED]
    assert (moved.moved, moved.moved_to, moved.replies, moved.views, moved.page_count) == (
        True,
        TARGET,
        None,
        None,
        None,
    )
    truth_rows = rows_by_tid(data)
    assert truth_rows[11]["author_groupid"] == 4 and rows[11].author == "违规用户甲" and rows[11].author_uid == 9
    assert not truth_rows[12]["author_exists"] and rows[12].author == "注销用户" and rows[12].author_uid == 10


def test_touch_rows_field_by_field(data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    expected[TARGET] = expected[MOVED]
    for page in board("touch")[:3]:
        assert (page.kind, page.fid, page.name, page.page_count) == (PageKind.TOUCH, 2, "数码广场", 3)
        assert page.thread_count is None and page.thread_types is None and page.moderators is None
        assert [(s.fid, s.name) for s in page.sub_forums] == ([(4, "手机评测")] if page.page == 1 else [])
        for row in page.threads:
            t = expected[row.moved_to if row.moved else row.tid or 0]
            moved = t["moved_to"] is not None
            assert (row.title, row.author, row.moved) == (t["subject"], t["author"], moved)
            assert row.tid == (None if moved else t["tid"]) and row.moved_to == t["moved_to"]
            assert row.replies == (None if moved else t["replies"])
            assert row.sticky == 0 and row.digest == (None if t["digest"] else 0)  # an icon, no level
            shown = {"tid", "url", "title", "author", "replies", "moved", "moved_to", "sticky", "digest"}
            assert {k for k, v in row.model_dump().items() if v is not None} <= shown


def test_archiver_rows_field_by_field(data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    for n, page in enumerate(board("archiver"), start=1):
        assert (page.kind, page.fid, page.name, page.page, page.page_count) == (PageKind.ARCHIVER, 2, "数码广场", n, 3)
        assert [(s.fid, s.name) for s in page.sub_forums] == [(4, "手机评测")]
        assert page.site.name == "外链论坛" and page.site.url == SITE
        for row in page.threads:
            assert row.tid is not None
            t = expected[row.tid]
            moved = t["moved_to"] is not None
            assert (row.title, row.moved, row.replies) == (t["subject"], moved, None if moved else t["replies"])
            assert row.url == f"{SITE}archiver/tid-{t['tid']}.html"
            assert {k for k, v in row.model_dump().items() if v is not None} == {"tid", "url", "title", "moved"} | (
                set() if moved else {"replies"}
            )


def test_api_rows_field_by_field(data: dict[str, Any]) -> None:
    expected = rows_by_tid(data)
    expected[TARGET] = expected[MOVED]
    for page in board("api")[:3]:
        assert (page.kind, page.fid, page.name, page.thread_count) == (PageKind.API, 2, "数码广场", 55)
        assert page.description == data["description"] and page.site.utc_offset == 8.0
        assert page.thread_types == {int(k): v for k, v in data["thread_types"].items()}
        assert [(s.fid, s.threads, s.posts) for s in page.sub_forums] == [(4, 4, 23)]
        for row in page.threads:
            t = expected[row.moved_to if row.moved else row.tid or 0]
            moved = t["moved_to"] is not None
            assert row.tid == (None if moved else t["tid"]) and (row.moved, row.moved_to) == (moved, t["moved_to"])
            assert (row.title, row.author, row.author_uid) == (t["subject"], t["author"], t["authorid"])
            assert row.created_at == epoch(t["dateline"]) and row.last_post_at == epoch(t["lastpost"])
            assert (row.sticky, row.digest, row.special) == (t["displayorder"], t["digest"], SPECIALS[t["special"]])
            assert (row.type_id, row.type_name) == (t["typeid"] or None, t["type_name"])
            assert row.replies == (None if moved else t["replies"]) and row.views == (None if moved else t["views"])
            assert row.reward == (t["price"] if t["special"] == 3 else None) and row.last_poster == t["lastposter"]
            assert row.closed is None and row.page_count is None and row.url is None  # not in the JSON


def test_sub_forum_listing_shows_the_global_sticky_and_its_parent() -> None:
    page = read_page(BOARD / "subforum.desktop.p1.html", SITE + "forum.php?mod=forumdisplay&fid=4")
    assert (page.fid, page.name, page.thread_count, page.page, page.page_count) == (4, "手机评测", 4, 1, 1)
    assert [c.title for c in page.breadcrumb] == ["外链论坛", "论坛", "综合讨论区", "数码广场"]
    assert [(r.tid, r.sticky) for r in page.threads] == [(5, 3), (62, 0), (64, 0), (61, 0), (63, 0)]
    assert page.moderators == [] and page.sub_forums == [] and page.thread_types == {}


def test_forum_index_categories_forums_counts(data: dict[str, Any]) -> None:
    index = read_index(BOARD / "index.desktop.html", SITE + "forum.php")
    assert [(c.gid, c.name) for c in index.categories] == [(1, "综合讨论区"), (5, "生活休闲区")]
    assert [[f.fid for f in c.forums] for c in index.categories] == [[2, 3], [6, 7]]
    (sub,) = data["subforums"]
    forum = index.categories[0].forums[0]
    # the index adds the sub-forum's counts into its parent's; the sub-forum itself is not listed
    assert (forum.name, forum.threads, forum.posts) == (data["forum_name"], 55 + sub["threads"], 372 + sub["posts"])
    assert forum.description == data["description"] and forum.moderators == ["版主大刘"]
    tid, subject, when, author = data["forum_lastpost"].split("\t")
    assert forum.last_post is not None
    assert (forum.last_post.tid, forum.last_post.title, forum.last_post.author) == (int(tid), subject, author)
    assert forum.last_post.posted_at == to_minute(int(when))
    assert (index.today_posts, index.yesterday_posts, index.posts, index.members) == (0, 0, 413, 11)
    assert index.threads is None and index.newest_member == "极客小王"
    assert sum(f.posts or 0 for c in index.categories for f in c.forums) == index.posts


@pytest.mark.parametrize(("gid", "name", "fids"), [(1, "综合讨论区", [2, 3]), (5, "生活休闲区", [6, 7])])
def test_category_pages(gid: int, name: str, fids: list[int]) -> None:
    index = read_index(BOARD / f"index-gid{gid}.desktop.html", SITE + f"forum.php?gid={gid}")
    assert [(c.gid, c.name, [f.fid for f in c.forums]) for c in index.categories] == [(gid, name, fids)]
    assert index.posts is None and index.members is None  # the figures are on forum.php only


def test_older_listing_of_the_local_install() -> None:
    page = read_page(X34_LOCAL / "forum-2.forumdisplay.html")
    multipage = truth(X34_LOCAL, "multipage")
    rows = {r.tid: r for r in page.threads}
    assert list(rows) == [2, 1, 4] and page.thread_count == 3 and page.name == "新闻资讯"
    assert (rows[2].title, rows[2].views, rows[2].replies) == (
        multipage["subject"],
        multipage["views"],
        multipage["replies"],
    )
    assert rows[2].page_count == 3 and rows[2].has_attachment is True and rows[2].has_image is False
    assert rows[4].special is not None and rows[4].special.value == "poll"
