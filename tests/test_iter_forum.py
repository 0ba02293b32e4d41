"""``iter_forum`` / ``iter_listing_pages`` against the loopback board: every thread once, politely,
with failed listing pages named, in both twins."""

from __future__ import annotations

import pytest

from discuz_extract import (
    ForumThread,
    IncompleteForum,
    InvalidForumURL,
    InvalidSettings,
    LeftForum,
    RobotsDisallowed,
    ThreadNotFound,
    aiter_forum,
    aiter_listing_pages,
    fetch_forum_index,
    iter_forum,
    iter_listing_pages,
)

from .board_site import MAIN_FID, SMALL_FID, TPP, Board

FAST = {"delay": 0.0, "backoff": 0.01, "backoff_max": 0.02, "max_attempts": 2}


def test_every_thread_once_with_its_row_and_listing_page() -> None:
    with Board() as board:
        found = list(iter_forum(board.listing_url(MAIN_FID), **FAST))
        threads = board.forum_threads(MAIN_FID)
        assert sorted(t.tid for t in found) == sorted(t.tid for t in threads)  # stickies once
        assert len(found) == len(threads) >= 50
        for item in found:
            rows = [r.tid for r in board.listing_rows(MAIN_FID, item.listing_page)]
            assert item.tid in rows and item.listing_url == board.listing_url(MAIN_FID, item.listing_page)
            assert item.url == board.thread_url(item.tid) and item.summary.tid == item.tid
            assert item.summary.replies == board.threads[item.tid].replies
        stickies = [t for t in found if t.summary.sticky]
        assert [t.listing_page for t in stickies] == [1, 1, 1]
        counts = board.hit_counts()
        pages = board.listing_page_count(MAIN_FID)
        assert pages >= 3
        assert counts == {"/robots.txt": 1, **{f"/forum-{MAIN_FID}-{n}.html": 1 for n in range(1, pages + 1)}}


def test_the_dynamic_form_is_read_in_its_own_form() -> None:
    with Board() as board:
        found = list(iter_forum(board.listing_url(SMALL_FID, rewrite=False), **FAST))
        assert [t.tid for t in found] == [r.tid for r in board.listing_rows(SMALL_FID, 1)]
        assert found[0].url == board.url(f"forum.php?mod=viewthread&tid={found[0].tid}&page=1")
        assert board.hit_counts()[f"/forum.php?mod=forumdisplay&fid={SMALL_FID}&page=1"] == 1


def test_a_failed_listing_page_is_named_after_the_rest() -> None:
    with Board() as board:
        board.fail_listing(MAIN_FID, 2)
        found: list[ForumThread] = []
        with pytest.raises(IncompleteForum) as caught:
            for item in iter_forum(board.listing_url(MAIN_FID), **FAST):
                found.append(item)
        assert caught.value.missing_pages == [2]
        assert caught.value.failures[0].error_type == "FetchError"
        expected = {r.tid for page in (1, 3) for r in board.listing_rows(MAIN_FID, page)}
        assert {t.tid for t in found} == expected
        assert board.hit_counts()[f"/forum-{MAIN_FID}-2.html"] == 2  # retried (max_attempts=2), then named


def test_listing_pages_yield_each_page_or_its_error() -> None:
    with Board() as board:
        board.fail_listing(MAIN_FID, 3, status=500)
        results = list(iter_listing_pages(board.listing_url(MAIN_FID), **FAST))
        assert [r.page for r in results] == [1, 2, 3]
        assert [r.parsed is not None for r in results] == [True, True, False]
        assert results[0].parsed is not None and len(results[0].parsed.threads) == 3 + TPP


def test_max_listing_pages_reads_only_the_first_pages() -> None:
    with Board() as board:
        found = list(iter_forum(board.listing_url(MAIN_FID), max_listing_pages=1, **FAST))
        assert [t.tid for t in found] == [r.tid for r in board.listing_rows(MAIN_FID, 1)]
        assert f"/forum-{MAIN_FID}-2.html" not in board.hit_counts()
        with pytest.raises(InvalidSettings):
            list(iter_forum(board.listing_url(MAIN_FID), max_listing_pages=0))


def test_a_moved_row_stands_for_its_target_once() -> None:
    with Board() as board:
        moved = board.listing_rows(MAIN_FID, 2)[4].tid
        redirect = board.move_thread(moved, SMALL_FID)
        old_forum = {t.tid: t for t in iter_forum(board.listing_url(MAIN_FID), **FAST)}
        assert old_forum[moved].moved_from == redirect and old_forum[moved].summary.moved
        assert redirect not in old_forum
        new_forum = [t.tid for t in iter_forum(board.listing_url(SMALL_FID), **FAST)]
        assert moved in new_forum


def test_page_1_failing_raises_its_error() -> None:
    with Board() as board:
        with pytest.raises(ThreadNotFound):
            list(iter_forum(board.listing_url(99), **FAST))
        with pytest.raises(InvalidForumURL):
            list(iter_forum(board.thread_url(1001), **FAST))
    with Board(robots="User-agent: *\nDisallow: /forum-\n") as board:
        with pytest.raises(RobotsDisallowed):
            list(iter_forum(board.listing_url(MAIN_FID), **FAST))
        assert not [h for h in board.hits if h.path.startswith("/forum-")]


def test_a_redirect_to_another_forum_is_refused() -> None:
    with Board() as board:
        from discuz_extract.testing import Reply

        board.server.route(f"/forum-{MAIN_FID}-2.html", Reply.redirect(board.listing_url(SMALL_FID)))
        results = list(iter_listing_pages(board.listing_url(MAIN_FID), **FAST))
        assert isinstance(results[1].error, LeftForum) and results[2].parsed is not None


def test_the_index_is_read_politely() -> None:
    with Board() as board:
        index = fetch_forum_index(board.url("forum-2-1.html"), **FAST)
        assert [f.fid for c in index.categories for f in c.forums] == [MAIN_FID, SMALL_FID]
        assert board.hit_counts() == {"/robots.txt": 1, "/forum.php": 1}


async def test_the_async_twin_gives_the_same_threads() -> None:
    with Board() as board:
        board.fail_listing(MAIN_FID, 2)
        sync: list[ForumThread] = []
        with pytest.raises(IncompleteForum):
            sync.extend(iter_forum(board.listing_url(MAIN_FID), **FAST))
        got: list[ForumThread] = []
        with pytest.raises(IncompleteForum) as caught:
            async for item in aiter_forum(board.listing_url(MAIN_FID), **FAST):
                got.append(item)
        assert got == sync[: len(got)] and caught.value.missing_pages == [2]
        pages = [r.page async for r in aiter_listing_pages(board.listing_url(SMALL_FID), **FAST)]
        assert pages == [1]
