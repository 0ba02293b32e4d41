"""``discuz-extract forum`` and ``site``, and ``--warc-output`` on every fetching command: a board
crawled and re-crawled from the command line, a gone thread said once on stderr (exit 0), and a
WARC of the crawl that ``discuz-extract warc`` reads back to the same posts."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from discuz_extract._archive import read_whole_lines
from discuz_extract.cli import main

from .board_site import MAIN_FID, SMALL_FID, Board
from .test_cli import run

FAST = ["--delay", "0", "--max-attempts", "2"]


def forum(board: Board, tmp: Path, *extra: str, fid: int = MAIN_FID) -> tuple[int, str, str]:
    return run(["forum", board.listing_url(fid), "-o", str(tmp / "posts.jsonl"), "--archive",
                str(tmp / "run.jsonl"), *FAST, *extra])  # fmt: skip


def pids(path: Path) -> list[int]:
    return [line["pid"] for line in read_whole_lines(path)]


def test_forum_then_a_rerun_that_names_the_gone_thread(tmp_path: Path) -> None:
    with Board(main_threads=24) as board:
        code, out, err = forum(board, tmp_path)
        assert code == 0 and out == "", err
        threads = board.forum_threads(MAIN_FID)
        assert sorted(pids(tmp_path / "posts.jsonl")) == sorted(p.pid for t in threads for p in t.posts)
        assert f"ok: {board.listing_url(MAIN_FID)}: {len(threads)} threads on 2 listing pages" in err

        changed = board.listing_rows(MAIN_FID, 2)[3]
        board.add_replies(changed.tid, 1)
        gone = board.delete_thread(board.listing_rows(MAIN_FID, 1)[7].tid)
        before = len(board.hits)
        code, _, err = forum(board, tmp_path)
        assert code == 0, err  # a gone thread is news, not an error
        gone_lines = [line for line in err.splitlines() if line.startswith("gone:")]
        assert gone_lines == [
            f"gone: {board.base}#{gone.tid}: thread {gone.tid} ({gone.subject}) is no longer listed in "
            f"{board.base}#forum-{MAIN_FID} (deleted, moved or hidden); recorded in the archive"
        ]
        threads_read = {h.path for h in board.hits[before:] if h.path.startswith("/thread-")}
        assert threads_read == {f"/thread-{changed.tid}-1-1.html"}
        assert f"ok: {board.thread_url(changed.tid)}: changed, page 1, 1 new posts" in err
        assert sorted(pids(tmp_path / "posts.jsonl")) == sorted(
            [p.pid for t in board.forum_threads(MAIN_FID) for p in t.posts] + [p.pid for p in gone.posts]
        )  # each post once; the gone thread's posts stay where they were written

        code, _, err = forum(board, tmp_path, "-q")  # said once: not again on the next run
        assert code == 0 and err == ""


def test_forum_names_a_missing_listing_page_and_exits_3(tmp_path: Path) -> None:
    with Board(main_threads=30) as board:
        board.fail_listing(MAIN_FID, 2)
        code, _, err = forum(board, tmp_path, "-q")
        assert code == 3
        assert f"warning: {board.listing_url(MAIN_FID)}: listing page 2 missing: FetchError" in err
        assert "nothing was judged gone" in err


def usage_error(argv: list[str]) -> str:
    """The message of a usage error (exit 2, nothing done)."""
    err, old = io.StringIO(), sys.stderr
    sys.stderr = err
    try:
        with pytest.raises(SystemExit) as caught:
            main(argv)
    finally:
        sys.stderr = old
    assert caught.value.code == 2
    return err.getvalue()


def test_forum_usage_errors_and_bad_urls(tmp_path: Path) -> None:
    with Board(main_threads=4) as board:
        same = str(tmp_path / "same.jsonl")
        assert "two files" in usage_error(["forum", board.listing_url(MAIN_FID), "-o", same, "--archive", same])
        assert "not an ISO date" in usage_error(["forum", board.listing_url(MAIN_FID), "--since", "last week"])
        assert "give at least one forum URL" in usage_error(["forum"])
        assert "--workers" in usage_error(["site", board.base, "--workers", "0"])
        assert not (tmp_path / "same.jsonl").exists() and not board.hits
        code, out, err = run(["forum", board.thread_url(1001), board.listing_url(99), *FAST])
        assert code == 5 and out == ""  # the worst of: not a forum URL (4), forum not found (5)
        assert f"error: {board.thread_url(1001)}: InvalidForumURL" in err


def test_forum_since_to_stdout(tmp_path: Path) -> None:
    with Board() as board:
        last = sorted(t.posts[-1].at for t in board.forum_threads(MAIN_FID))
        since = last[-5].date()
        code, out, err = run(["forum", board.listing_url(MAIN_FID), "--since", since.isoformat(), *FAST, "-q"])
        assert code == 0, err
        tids = {json.loads(line)["tid"] for line in out.splitlines()}
        assert tids == {t.tid for t in board.forum_threads(MAIN_FID) if t.posts[-1].at.date() >= since}


def test_site_crawls_every_board_of_two_hosts(tmp_path: Path) -> None:
    with Board(main_threads=5) as one, Board(main_threads=5, seed=3) as two:
        code, _, err = run(["site", one.base, two.index_url, "-o", str(tmp_path / "posts.jsonl"), "--archive",
                            str(tmp_path / "run.jsonl"), "--workers", "2", *FAST])  # fmt: skip
        assert code == 0, err
        expected = [p.pid for board in (one, two) for fid in (MAIN_FID, SMALL_FID)
                    for t in board.forum_threads(fid) for p in t.posts]  # fmt: skip
        assert sorted(pids(tmp_path / "posts.jsonl")) == sorted(expected)
        for board in (one, two):
            for fid in (MAIN_FID, SMALL_FID):
                assert f"ok: {board.listing_url(fid)}: " in err


@pytest.mark.parametrize("command", ["thread", "thread-archive", "forum", "site"])
def test_warc_output_reads_back_to_the_same_posts(tmp_path: Path, command: str) -> None:
    pytest.importorskip("warcio")
    with Board(main_threads=6) as board:
        warc, posts = tmp_path / "crawl.warc.gz", tmp_path / "posts.jsonl"
        tid = board.multi_page_threads()[0].tid if board.multi_page_threads() else 1004
        argv = {
            "thread": [board.thread_url(tid), "-o", str(posts)],
            "thread-archive": [board.thread_url(tid), "-o", str(posts), "--archive", str(tmp_path / "run.jsonl")],
            "forum": ["forum", board.listing_url(MAIN_FID), "-o", str(posts)],
            "site": ["site", board.base, "-o", str(posts)],
        }[command]
        code, _, err = run([*argv, "--warc-output", str(warc), *FAST])
        assert code == 0, err
        hits = len(board.hits)
    written = read_whole_lines(posts, accept=lambda v: isinstance(v, dict))
    if command == "thread":  # one thread per line: its posts
        expected = sorted((p["pid"], p["text"]) for line in written for p in line["posts"])
    else:
        expected = sorted((line["pid"], line["text"]) for line in written)
    code, _, err = run(["warc", str(warc), "-o", str(tmp_path / "back.jsonl"), "--granularity", "post", "-q"])
    assert code == 0, err
    back = [json.loads(line) for line in (tmp_path / "back.jsonl").read_text().splitlines()]
    assert sorted((d["metadata"]["pid"], d["text"]) for d in back) == expected and expected
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as stream:
        kinds = [record.rec_type for record in ArchiveIterator(stream)]
    assert kinds[0] == "warcinfo" and kinds.count("response") == kinds.count("request") == hits
