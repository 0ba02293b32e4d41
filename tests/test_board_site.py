"""The loopback board of ``board_site.py``: every page it serves parses to the data it holds,
before and after it changes, and it counts every request."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from discuz_extract import (
    ForumPage,
    LoginRequired,
    ThreadNotFound,
    ThreadPage,
    extract_thread,
    parse_forum_index,
    parse_forum_page,
    parse_page,
)

from .board_site import (
    MAIN_FID,
    ROBOTS,
    SMALL_FID,
    TPP,
    Board,
    Truth,
    expected_posts,
    expected_row,
    post_fields,
)


@pytest.fixture(scope="module")
def board() -> Iterator[Board]:
    """One unchanged board for the read-only tests (the others make their own)."""
    with Board() as served:
        yield served


CLIENT = httpx.Client(timeout=10)  # one client: a new one per request costs more than the request


def get(url: str) -> httpx.Response:
    return CLIENT.get(url)


def listing(board: Board, fid: int, page: int, *, rewrite: bool) -> ForumPage:
    response = get(board.listing_url(fid, page, rewrite=rewrite))
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=gbk"
    return parse_forum_page(response.content, url=str(response.url))


def thread_page(board: Board, tid: int, page: int, *, rewrite: bool) -> ThreadPage:
    response = get(board.thread_url(tid, page, rewrite=rewrite))
    assert response.status_code == 200
    return parse_page(response.content, url=str(response.url))


def parsed_posts(page: ThreadPage) -> list[tuple[object, ...]]:
    return [
        post_fields(p.pid, p.floor, p.author.name if p.author else None, p.author.uid if p.author else None,
                    p.posted_at, p.text)
        for p in page.posts
    ]  # fmt: skip


def test_the_board_is_as_big_as_promised(board: Board) -> None:
    main = board.forum_threads(MAIN_FID)
    assert len(main) >= 50 and board.listing_page_count(MAIN_FID) >= 3
    assert len(board.multi_page_threads()) >= 5 and max(t.page_count for t in main) >= 3
    assert sorted(t.sticky for t in main if t.sticky) == [1, 2, 3]
    assert board.forum_threads(SMALL_FID) and board.listing_page_count(SMALL_FID) == 1


@pytest.mark.parametrize("rewrite", [True, False], ids=["rewrite", "dynamic"])
@pytest.mark.parametrize("fid", [MAIN_FID, SMALL_FID])
def test_every_listing_page_parses_to_the_rows_the_board_holds(board: Board, fid: int, rewrite: bool) -> None:
    count = board.listing_page_count(fid)
    seen: list[int] = []
    for page in range(1, count + 1):
        parsed = listing(board, fid, page, rewrite=rewrite)
        forum = board.forums[fid]
        assert (parsed.fid, parsed.name, parsed.page, parsed.page_count) == (fid, forum.name, page, count)
        assert parsed.thread_count == len(board.forum_threads(fid))
        assert [c.title for c in parsed.breadcrumb][-2:] == [forum.category, forum.name]
        rows = board.listing_rows(fid, page)
        assert [r.tid for r in parsed.threads] == [r.tid for r in rows]
        for got, row in zip(parsed.threads, rows, strict=True):
            expected = expected_row(board, row, page, rewrite=rewrite)
            assert {k: getattr(got, k) for k in expected} == expected, row.tid
        seen += [r.tid for r in parsed.threads if not r.sticky]
    # every thread is on some page, the non-sticky ones once
    stickies = {t.tid for t in board.forum_threads(fid) if t.sticky}
    assert sorted(seen) == sorted(t.tid for t in board.forum_threads(fid) if not t.sticky)
    assert len(seen) == len(set(seen)) and not stickies & set(seen)


def test_stickies_repeat_on_every_listing_page(board: Board) -> None:
    stickies = sorted((t for t in board.forum_threads(MAIN_FID) if t.sticky), key=lambda t: -t.sticky)
    for page in range(1, board.listing_page_count(MAIN_FID) + 1):
        rows = listing(board, MAIN_FID, page, rewrite=True).threads
        assert [(r.tid, r.sticky) for r in rows[: len(stickies)]] == [(t.tid, t.sticky) for t in stickies]
        assert len(rows) <= len(stickies) + TPP


@pytest.mark.parametrize("rewrite", [True, False], ids=["rewrite", "dynamic"])
def test_every_thread_page_parses_to_the_posts_the_board_holds(board: Board, rewrite: bool) -> None:
    for tid in sorted(board.threads):
        truth = Truth.of(board, tid)
        for page in range(1, truth.page_count + 1):
            parsed = thread_page(board, tid, page, rewrite=rewrite)
            assert (parsed.tid, parsed.title, parsed.page, parsed.page_count) == (
                tid,
                truth.title,
                page,
                truth.page_count,
            )
            assert parsed.forum is not None and (parsed.forum.fid, parsed.forum.name) == (truth.fid, truth.forum)
            assert parsed_posts(parsed) == expected_posts(board.thread_page_posts(tid, page)), (tid, page)
            if page == 1:
                assert (parsed.views, parsed.replies) == (truth.views, truth.replies)
            assert parsed.site.charset == "gb18030" and parsed.site.url == board.base


def test_the_index_lists_both_categories_and_boards(board: Board) -> None:
    response = get(board.index_url)
    index = parse_forum_index(response.content, url=str(response.url))
    assert [(c.gid, c.name) for c in index.categories] == [(1, "综合讨论区"), (10, "生活休闲")]
    forums = [f for c in index.categories for f in c.forums]
    assert [(f.fid, f.name, f.url) for f in forums] == [
        (fid, board.forums[fid].name, board.listing_url(fid)) for fid in (MAIN_FID, SMALL_FID)
    ]
    for forum in forums:
        assert forum.fid is not None
        threads = board.forum_threads(forum.fid)
        assert (forum.threads, forum.posts) == (len(threads), sum(len(t.posts) for t in threads))
        latest = max(threads, key=lambda t: t.posts[-1].at)
        assert forum.last_post is not None
        assert (forum.last_post.tid, forum.last_post.author) == (latest.tid, latest.posts[-1].user.name)
    assert index.posts == sum(len(t.posts) for t in board.threads.values())
    assert index.site.name == "外链论坛"


def test_robots_txt_is_discuz_default(board: Board) -> None:
    response = get(board.url("robots.txt"))
    assert response.status_code == 200 and response.text == ROBOTS and "Disallow: /member.php" in ROBOTS


def test_extract_thread_reads_a_multi_page_thread_from_page_2() -> None:
    with Board() as board:
        tid = board.multi_page_threads()[0].tid
        thread = extract_thread(board.thread_url(tid, 2), delay=0)
        truth = Truth.of(board, tid)
        assert thread.complete and (thread.tid, thread.title, thread.page_count) == (tid, truth.title, truth.page_count)
        got = [
            post_fields(p.pid, p.floor, p.author.name if p.author else None, p.author.uid if p.author else None,
                        p.posted_at, p.text)
            for p in thread.posts
        ]  # fmt: skip
        assert got == truth.posts and (thread.views, thread.replies) == (truth.views, truth.replies)
        counts = board.hit_counts()
        assert counts["/robots.txt"] == 1
        assert [counts[f"/thread-{tid}-{n}-1.html"] for n in range(1, truth.page_count + 1)] == [1] * truth.page_count


# --- changes between requests -----------------------------------------------------------------------------


def test_add_replies_updates_the_pages_and_moves_the_row_to_the_top() -> None:
    with Board() as board:
        # a thread of one page of 9 posts
        thread = next(t for t in board.forum_threads(MAIN_FID) if not t.sticky and t.replies == 8)
        before = listing(board, MAIN_FID, 1, rewrite=True)
        assert thread.tid not in [r.tid for r in before.threads if not r.sticky][:1]
        added = board.add_replies(thread.tid, 3)
        after = listing(board, MAIN_FID, 1, rewrite=True)
        row = next(r for r in after.threads if not r.sticky)
        assert (row.tid, row.replies, row.last_poster, row.page_count) == (thread.tid, 11, added[-1].user.name, 2)
        assert row.last_post_at == added[-1].at.replace(second=0)
        page2 = thread_page(board, thread.tid, 2, rewrite=False)
        assert parsed_posts(page2) == expected_posts(added[1:]) and page2.page_count == 2
        first = thread_page(board, thread.tid, 1, rewrite=True)
        assert (first.replies, first.page_count) == (11, 2)


def test_add_thread_appears_at_the_top_with_its_pages() -> None:
    with Board() as board:
        new = board.add_thread("新帖：刚买的耳机", replies=12)
        rows = listing(board, MAIN_FID, 1, rewrite=False).threads
        row = next(r for r in rows if not r.sticky)
        assert (row.tid, row.title, row.replies, row.page_count) == (new.tid, "新帖：刚买的耳机", 12, 2)
        thread = extract_thread(board.thread_url(new.tid), delay=0, obey_robots=False)
        assert [p.pid for p in thread.posts] == [p.pid for p in new.posts]


@pytest.mark.parametrize("status", [404, 200], ids=["X3.5", "X3.4"])
def test_delete_thread_drops_the_row_and_answers_not_found(status: int) -> None:
    with Board(not_found_status=status) as board:
        tid = board.listing_rows(MAIN_FID, 1)[5].tid
        board.delete_thread(tid)
        tids = [r.tid for p in (1, 2, 3) for r in listing(board, MAIN_FID, p, rewrite=True).threads]
        assert tid not in tids
        for rewrite in (True, False):
            response = get(board.thread_url(tid, rewrite=rewrite))
            assert response.status_code == status
            with pytest.raises(ThreadNotFound):
                parse_page(response.content, url=str(response.url))


def test_gates_and_faults() -> None:
    with Board() as board:
        multi = board.multi_page_threads()[0]
        board.gate(multi.tid, "login")
        response = get(board.thread_url(multi.tid))
        with pytest.raises(LoginRequired):
            parse_page(response.content, url=str(response.url))
        other = board.multi_page_threads()[1]
        board.gate(other.tid, "cc-refresh", pages=[2])
        assert thread_page(board, other.tid, 1, rewrite=True).page == 1
        board.fail(other.tid, 1, 503)
        assert get(board.thread_url(other.tid)).status_code == 503
        board.gate(other.tid, "login-redirect")
        moved = get(board.thread_url(other.tid, 2))
        assert moved.status_code == 302
        assert moved.headers["location"] == board.url("member.php?mod=logging&action=login")
        with pytest.raises(ValueError, match="unknown gate"):
            board.gate(other.tid, "nonsense")


def test_every_request_is_counted_per_path() -> None:
    with Board() as board:
        for _ in range(3):
            get(board.listing_url(MAIN_FID, 2))
        get(board.listing_url(MAIN_FID, 2, rewrite=False))
        counts = board.hit_counts()
        assert counts["/forum-2-2.html"] == 3
        assert counts["/forum.php?mod=forumdisplay&fid=2&page=2"] == 1
        assert len(board.hits_for("/forum-2-2.html")) == 3
        assert get(board.url("nothing-here.html")).status_code == 404
