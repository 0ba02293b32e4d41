"""``crawl_site``: the forum index, every board and its threads; several hosts in parallel, each
paced on its own, one host's failure not stopping the others."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from pathlib import Path
from typing import Any

from discuz_extract import crawl_site
from discuz_extract._archive import read_whole_lines
from discuz_extract.testing import LoopbackSite

from .board_site import MAIN_FID, SMALL_FID, Board

FAST: dict[str, Any] = {"delay": 0.0, "backoff": 0.01, "backoff_max": 0.02, "max_attempts": 2}


def test_a_site_with_two_boards_is_crawled_whole(tmp_path: Path) -> None:
    with Board(main_threads=12) as board:
        run = crawl_site(board.base, tmp_path / "posts.jsonl", archive=tmp_path / "run.jsonl", **FAST)
        assert [h.host for h in run.hosts] == [board.base.split("/")[2]] and run.complete
        assert [(f.fid, f.name) for f in run.forums] == [(MAIN_FID, "数码广场"), (SMALL_FID, "灌水乐园")]
        threads = board.forum_threads(MAIN_FID) + board.forum_threads(SMALL_FID)
        pids = [line["pid"] for line in read_whole_lines(tmp_path / "posts.jsonl")]
        assert sorted(pids) == sorted(p.pid for t in threads for p in t.posts)
        counts = board.hit_counts()
        assert counts["/robots.txt"] == 1 and counts["/forum.php"] == 1
        assert all(n == 1 for n in counts.values())  # each page once

        before = len(board.hits)  # a rerun of an unchanged site reads the index and the listings only
        again = crawl_site(board.base, tmp_path / "posts.jsonl", archive=tmp_path / "run.jsonl", **FAST)
        paths = Counter(h.path for h in board.hits[before:])
        assert not [p for p in paths if p.startswith("/thread-")] and not again.forums[0].fetched


def test_several_hosts_in_parallel_each_paced_on_its_own(tmp_path: Path) -> None:
    delay = 0.1
    with Board(main_threads=6) as one, Board(main_threads=6, seed=9) as two:
        started = time.monotonic()
        run = crawl_site(
            [one.base, two.url("forum.php")], tmp_path / "posts.jsonl", workers=2, **{**FAST, "delay": delay}
        )
        took = time.monotonic() - started
        assert run.complete and [len(h.forums) for h in run.hosts] == [2, 2]
        spans = []
        for board in (one, two):
            times = sorted(hit.at for hit in board.hits)
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert len(times) >= 10 and min(gaps) >= delay * 0.6  # a host: never faster than the delay
            spans.append((times[0], times[-1]))
        (a0, a1), (b0, b1) = spans
        assert max(a0, b0) < min(a1, b1)  # the two hosts were read at the same time
        assert took < (a1 - a0) + (b1 - b0)  # in less time than one after the other


def test_one_host_failing_does_not_stop_the_others(tmp_path: Path) -> None:
    with Board(main_threads=4) as board, LoopbackSite() as broken:
        run = crawl_site(
            [broken.url("forum.php"), board.listing_url(SMALL_FID), "ftp://nowhere/"],
            tmp_path / "posts.jsonl",
            **FAST,
        )
        hosts = {h.host: h for h in run.hosts}
        bad = hosts[broken.base.split("/")[2]]
        assert [f.error_type for f in bad.failures] == ["FetchError"] and not bad.forums
        assert [f.error_type for f in hosts["nowhere"].failures] == ["InvalidForumURL"]
        good = hosts[board.base.split("/")[2]]
        assert [f.fid for f in good.forums] == [SMALL_FID] and not good.failures
        assert not run.complete
