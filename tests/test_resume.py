"""Resumable runs and streaming: a killed CLI run resumes and writes each post exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from discuz_extract import FetchSettings, IncompleteThread, aiter_posts, iter_pages, iter_posts
from discuz_extract._archive import RunArchive, read_whole_lines
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import ROOT, fixture_bytes

RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
FAST = FetchSettings(delay=0, backoff=0.01, backoff_max=0.02, max_attempts=2)


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=200) as server:
        yield server


def serve(site: LoopbackSite, page3_first: Reply | None = None) -> str:
    for n, body in enumerate(RICH, start=1):
        normal = Reply.html(body, "gbk")
        replies = (page3_first, normal) if (n == 3 and page3_first is not None) else (normal,)
        site.route(f"/thread-2048-{n}-1.html", *replies)
    return site.url("thread-2048-1-1.html")


def cli(url: str, tmp: Path) -> list[str]:
    return [
        sys.executable, "-m", "discuz_extract.cli", url,
        "--archive", str(tmp / "archive.jsonl"), "-o", str(tmp / "posts.jsonl"), "--delay", "0", "-q",
    ]  # fmt: skip


def pids(path: Path) -> list[int]:
    return [row["pid"] for row in read_whole_lines(path)]


def wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_killed_run_resumes_with_each_post_once(site: LoopbackSite, tmp_path: Path) -> None:
    url = serve(site, page3_first=Reply.html(RICH[2], "gbk", delay=30))  # page 3 hangs the first time
    run = subprocess.Popen(cli(url, tmp_path), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: site.hits_for("/thread-2048-3-1.html"), 60)  # pages 1 and 2 are done
        time.sleep(0.2)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
    first_run = pids(tmp_path / "posts.jsonl")
    assert first_run and len(first_run) < 13  # interrupted midway: some posts, not all
    archive = RunArchive.read(tmp_path / "archive.jsonl")
    assert archive.progress(next(iter(archive.threads))).done_pages >= {1}

    again = subprocess.run(cli(url, tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    all_pids = pids(tmp_path / "posts.jsonl")
    assert sorted(all_pids) == sorted(set(all_pids)) and len(all_pids) == 13  # each post exactly once
    assert len(site.hits_for("/thread-2048-1-1.html")) == 1  # page 1 was complete: not fetched again


def test_repeated_run_fetches_only_the_last_page(site: LoopbackSite, tmp_path: Path) -> None:
    url = serve(site)
    for _ in range(2):
        done = subprocess.run(cli(url, tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    assert len(pids(tmp_path / "posts.jsonl")) == 13
    counts = {n: len(site.hits_for(f"/thread-2048-{n}-1.html")) for n in (1, 2, 3)}
    assert counts == {1: 1, 2: 1, 3: 2}  # the last page can grow: it alone is read again


def test_torn_output_line_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b'{"pid": 1, "key": "1", "thread": "t"}\n{"pid": 2, "ke')
    assert [r["pid"] for r in read_whole_lines(path)] == [1]
    assert path.read_bytes().endswith(b"}\n")


def test_iter_posts_streams_in_order(site: LoopbackSite) -> None:
    url = serve(site)
    floors = [p.floor for p in iter_posts(url, settings=FAST)]
    assert floors == list(range(1, 14))


def test_iter_posts_names_failed_pages_after_the_rest(site: LoopbackSite) -> None:
    url = serve(site)
    site.route("/thread-2048-2-1.html", Reply(status=500))
    seen = []
    with pytest.raises(IncompleteThread) as caught:
        for post in iter_posts(url, settings=FAST):
            seen.append(post.floor)
    assert seen == [1, 2, 3, 4, 5, 11, 12, 13] and caught.value.missing_pages == [2]


def test_iter_pages_skips_done_pages(site: LoopbackSite) -> None:
    url = serve(site)
    pages = [r.page for r in iter_pages(url, settings=FAST, done_pages={1, 2}, page_count_hint=3)]
    assert pages == [3] and not site.hits_for("/thread-2048-1-1.html")


async def test_aiter_posts_equals_iter_posts(site: LoopbackSite) -> None:
    url = serve(site)
    sync = [p.pid for p in iter_posts(url, settings=FAST)]
    async_pids = [p.pid async for p in aiter_posts(url, settings=FAST)]
    assert sync == async_pids


def test_archive_lines_are_whole_json(site: LoopbackSite, tmp_path: Path) -> None:
    url = serve(site)
    subprocess.run(cli(url, tmp_path), cwd=ROOT, capture_output=True, timeout=120, check=True)
    rows = [json.loads(line) for line in (tmp_path / "archive.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(row, dict) for row in rows)
    # one line a page, naming its posts; the last page is never complete (it can still grow)
    assert [(r["page"], r["keys"], r["complete"]) for r in rows] == [
        (1, ["9001", "9002", "9003", "9004", "9005"], True),
        (2, ["9006", "9007", "9008", "9009", "9010"], True),
        (3, ["9011", "9012", "9013"], False),
    ]
