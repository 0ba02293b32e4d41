"""``extract_forum`` against the loopback board: a whole board crawled, then a rerun after the site
changed that makes only the requests the changes need, and names the thread that disappeared."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from discuz_extract import (
    ForumRun,
    GoneThread,
    InvalidForumURL,
    InvalidSettings,
    ThreadNotFound,
    ThreadRun,
    aextract_forum,
    extract_forum,
    extract_thread,
)
from discuz_extract._archive import RunArchive, read_whole_lines
from discuz_extract._fetching.context import default_context

from .board_site import GT, MAIN_FID, NOT_FOUND_THREAD, SMALL_FID, Board

FAST: dict[str, Any] = {"delay": 0.0, "backoff": 0.01, "backoff_max": 0.02, "max_attempts": 2}
TAGS = ("thread", "key", "tid", "title", "page")


def new_process() -> None:
    """What a second run in another process starts with: no robots.txt read, no pace booked."""
    default_context().robots.clear()
    default_context().pacing.clear()


def posts_by_thread(path: Path) -> dict[int, list[dict[str, Any]]]:
    threads: dict[int, list[dict[str, Any]]] = {}
    for line in read_whole_lines(path):
        threads.setdefault(line["tid"], []).append(line)
    return threads


def crawl(board: Board, tmp: Path, **extra: Any) -> ForumRun:
    return extract_forum(
        board.listing_url(MAIN_FID), tmp / "posts.jsonl", archive=tmp / "run.jsonl", **{**FAST, **extra}
    )


def thread_pages(board: Board, tid: int, pages: range | list[int]) -> dict[str, int]:
    return {f"/thread-{tid}-{n}-1.html": 1 for n in pages}


def listing_pages(board: Board, *, page_1: int = 1) -> dict[str, int]:
    count = board.listing_page_count(MAIN_FID)
    return {f"/forum-{MAIN_FID}-{n}.html": page_1 if n == 1 else 1 for n in range(1, count + 1)}


def test_a_whole_board_then_only_what_changed(tmp_path: Path) -> None:
    with Board() as board:
        assert len(board.forum_threads(MAIN_FID)) >= 50 and board.listing_page_count(MAIN_FID) >= 3
        first = crawl(board, tmp_path)

        # every thread, every page, once; nothing else but robots.txt and the listing
        expected: Counter[str] = Counter({"/robots.txt": 1, **listing_pages(board)})
        for thread in board.forum_threads(MAIN_FID):
            expected.update(thread_pages(board, thread.tid, range(1, thread.page_count + 1)))
        assert board.hit_counts() == expected
        assert first.complete and not first.gone and not first.rechecked and first.gone_checked
        assert {t.status for t in first.threads} == {"new"} and len(first.threads) == len(board.forum_threads(MAIN_FID))

        # the output holds each thread as extract_thread reads it, post for post, field for field
        written = posts_by_thread(tmp_path / "posts.jsonl")
        assert sorted(written) == sorted(t.tid for t in board.forum_threads(MAIN_FID))
        for tid, lines in written.items():
            thread = extract_thread(board.thread_url(tid), **FAST)
            assert [{k: v for k, v in line.items() if k not in TAGS} for line in lines] == [
                p.model_dump(mode="json") for p in thread.posts
            ], tid
            assert {(line["title"], line["thread"]) for line in lines} == {(thread.title, f"{board.base}#{tid}")}

        # the site changes: replies to a one-page thread and to a multi-page one (a new page),
        # a new two-page thread, a deleted thread
        threads = sorted(board.forum_threads(MAIN_FID), key=lambda t: t.tid)
        short = next(t for t in threads if not t.sticky and t.replies <= 4)
        long = next(t for t in board.multi_page_threads() if len(t.posts) % 10 >= 5)
        long_pages = long.page_count
        board.add_replies(short.tid, 2)
        board.add_replies(long.tid, 10 - len(long.posts) % 10 + 1)  # fills its last page and starts one more
        new = board.add_thread("新帖：刚买的降噪耳机", replies=12)
        deleted = board.delete_thread(next(t for t in threads[10:] if t.page_count == 1 and t not in (short,)).tid)
        assert long.page_count == long_pages + 1 and new.page_count == 2 and short.page_count == 1

        new_process()
        before = len(board.hits)
        again = crawl(board, tmp_path)
        made = Counter(h.path for h in board.hits[before:])
        # listing page 1 twice (read again to confirm the missing thread did not move to the top)
        need = Counter({"/robots.txt": 1, **listing_pages(board, page_1=2)})
        need.update(thread_pages(board, short.tid, [1]))
        need.update(thread_pages(board, long.tid, [long_pages, long_pages + 1]))  # the old last page, the new one
        need.update(thread_pages(board, new.tid, [1, 2]))
        assert made == need

        fetched = {t.tid: (t.status, t.pages_read) for t in again.threads if t.fetched}
        assert fetched == {
            short.tid: ("changed", [1]),
            long.tid: ("changed", [long_pages, long_pages + 1]),
            new.tid: ("new", [1, 2]),
        }
        assert again.rechecked and again.gone_checked and again.complete
        assert again.gone == [
            GoneThread(
                tid=deleted.tid, key=f"{board.base}#{deleted.tid}", forum=f"{board.base}#forum-{MAIN_FID}",
                title=deleted.subject, reason="not listed",
            )
        ]  # fmt: skip

        # the output now holds every post of the board exactly once; the archive the gone thread
        written = posts_by_thread(tmp_path / "posts.jsonl")
        for thread in board.forum_threads(MAIN_FID):
            assert [line["pid"] for line in written[thread.tid]] == [p.pid for p in thread.posts]
        records = read_whole_lines(tmp_path / "run.jsonl", accept=lambda v: isinstance(v, dict))
        gone = [r for r in records if "reason" in r]
        assert [(r["tid"], r["reason"]) for r in gone] == [(deleted.tid, "not listed")]

        # nothing changed: the listing only, and the gone thread is not reported twice
        new_process()
        before = len(board.hits)
        third = crawl(board, tmp_path)
        assert Counter(h.path for h in board.hits[before:]) == {"/robots.txt": 1, **listing_pages(board)}
        assert not third.gone and not third.fetched and not third.rechecked


def test_a_thread_that_failed_is_read_again_next_time(tmp_path: Path) -> None:
    with Board(main_threads=12) as board:
        multi = board.multi_page_threads()[0]
        board.fail(multi.tid, 2)
        first = crawl(board, tmp_path)
        run = next(t for t in first.threads if t.tid == multi.tid)
        assert [f.page for f in run.failures] == [2] and not run.complete and not first.complete
        board.faults.clear()
        before = len(board.hits)
        again = crawl(board, tmp_path)
        made = Counter(h.path for h in board.hits[before:] if h.path.startswith("/thread-"))
        # its row was not recorded: read again from the first page not complete (page 1 was)
        assert made == thread_pages(board, multi.tid, range(2, multi.page_count + 1))
        assert next(t for t in again.threads if t.tid == multi.tid).status == "resumed" and again.complete


def test_a_failed_listing_page_is_named_and_nothing_is_judged_gone(tmp_path: Path) -> None:
    with Board() as board:
        crawl(board, tmp_path)
        board.fail_listing(MAIN_FID, 3)
        again = crawl(board, tmp_path)
        assert [f.page for f in again.listing_failures] == [3] and not again.complete
        assert not again.gone_checked and not again.gone and not again.rechecked


def test_a_listed_thread_that_is_not_found_is_gone(tmp_path: Path) -> None:
    with Board(main_threads=8) as board:
        victim = board.listing_rows(MAIN_FID, 1)[4].tid
        board.server.route(f"/thread-{victim}-1-1.html", board._page(GT.showmessage(NOT_FOUND_THREAD, "gbk"), 404))
        seen: list[ThreadRun | GoneThread | ForumRun] = []
        run = crawl(board, tmp_path, progress=seen.append)
        failed = next(t for t in run.threads if t.tid == victim)
        assert failed.error_type == "ThreadNotFound" and [g.tid for g in run.gone] == [victim]
        assert run.gone[0].reason == "not found" and run.gone[0] in seen
        assert {t.tid for t in seen if isinstance(t, ThreadRun)} == {t.tid for t in run.threads}
        assert seen[-1] is run


def test_since_skips_threads_whose_last_post_is_older(tmp_path: Path) -> None:
    with Board() as board:
        last = sorted(t.posts[-1].at for t in board.forum_threads(MAIN_FID))
        since = last[len(last) // 2].date()
        run = crawl(board, tmp_path, since=since)
        recent = {t.tid for t in board.forum_threads(MAIN_FID) if t.posts[-1].at.date() >= since}
        assert {t.tid for t in run.threads if t.fetched} == recent
        assert {t.tid for t in run.threads if t.status == "older"} == {
            t.tid for t in board.forum_threads(MAIN_FID)
        } - recent
        assert set(posts_by_thread(tmp_path / "posts.jsonl")) == recent
        with pytest.raises(InvalidSettings):
            crawl(board, tmp_path, since="2024-01-01")
        with pytest.raises(InvalidSettings):  # one file for both would mix posts and records
            extract_forum(board.listing_url(MAIN_FID), tmp_path / "one.jsonl", archive=tmp_path / "one.jsonl")
        assert not (tmp_path / "one.jsonl").exists()


def test_without_an_archive_every_thread_is_read_to_a_stream() -> None:
    with Board(main_threads=6) as board:
        out = io.StringIO()
        run = extract_forum(board.listing_url(SMALL_FID, rewrite=False), out, **FAST)
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
        assert {line["tid"] for line in lines} == {t.tid for t in board.forum_threads(SMALL_FID)}
        assert len(lines) == sum(len(t.posts) for t in board.forum_threads(SMALL_FID)) and run.complete
        with pytest.raises(InvalidForumURL):
            extract_forum(board.thread_url(1001), out)
        with pytest.raises(ThreadNotFound):
            extract_forum(board.listing_url(99), out, **FAST)


def test_the_archive_reads_back_rows_and_gone_records(tmp_path: Path) -> None:
    with Board(main_threads=6) as board:
        crawl(board, tmp_path)
        board.delete_thread(board.listing_rows(MAIN_FID, 1)[4].tid)
        crawl(board, tmp_path)
        archive = RunArchive.read(tmp_path / "run.jsonl")
        forum = f"{board.base}#forum-{MAIN_FID}"
        assert set(archive.forum_rows(forum)) == {f"{board.base}#{t.tid}" for t in board.forum_threads(MAIN_FID)}
        assert len(archive.gone) == 1


async def test_the_async_twin_reads_the_same_and_asks_the_same(tmp_path: Path) -> None:
    with Board(main_threads=10) as board:
        sync = extract_forum(board.listing_url(MAIN_FID), tmp_path / "sync.jsonl", **FAST)
        sync_hits = board.hit_counts()
        new_process()
        board.server.hits.clear()
        run = await aextract_forum(board.listing_url(MAIN_FID), tmp_path / "async.jsonl", **FAST)
        assert board.hit_counts() == sync_hits
        assert run.model_dump() == sync.model_dump()
        assert (tmp_path / "sync.jsonl").read_text() == (tmp_path / "async.jsonl").read_text()
