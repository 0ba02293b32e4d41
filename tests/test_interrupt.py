"""Ctrl-C: one line on stderr, exit 130 at once, whole lines left behind, and the run resumes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from discuz_extract._archive import RunArchive, read_whole_lines
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import ROOT, fixture_bytes
from .test_resume import wait_for

RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=200) as server:
        server.route("/thread-1523-1-1.html", Reply.html(fixture_bytes("seed.desktop.gbk.html"), "gbk"))
        for n, body in enumerate(RICH, start=1):
            hang = Reply.html(body, "gbk", delay=60)  # page 3 hangs the first time it is asked for
            normal = Reply.html(body, "gbk")
            replies = (hang, normal) if n == 3 else (normal,)
            server.route(f"/thread-2048-{n}-1.html", *replies)
        yield server


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "discuz_extract.cli", *args, "--delay", "0", "-q"]


def interrupt(argv: list[str], site: LoopbackSite) -> tuple[int, str, float]:
    """Start the command, press Ctrl-C while page 3 hangs; (exit code, stderr, seconds to exit)."""
    run = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: site.hits_for("/thread-2048-3-1.html"), 60)
        time.sleep(0.3)
        pressed = time.monotonic()
        run.send_signal(signal.SIGINT)
        code = run.wait(timeout=30)
        took = time.monotonic() - pressed
    finally:
        if run.poll() is None:
            run.kill()
    assert run.stderr is not None
    return code, run.stderr.read(), took


def test_ctrl_c_in_a_resumable_run(site: LoopbackSite, tmp_path: Path) -> None:
    archive, posts = tmp_path / "run.jsonl", tmp_path / "posts.jsonl"
    argv = command(site.url("thread-2048-1-1.html"), "--archive", str(archive), "-o", str(posts))
    code, err, took = interrupt(argv, site)
    assert code == 130 and took < 10
    assert err == f"interrupted: rerun the same command to resume from {archive}\n"  # one line, no traceback
    for path in (archive, posts):  # whole lines only
        data = path.read_bytes()
        assert data.endswith(b"\n") and all(json.loads(line) for line in data.splitlines())
    assert len(read_whole_lines(posts)) == 10 and RunArchive.read(archive).progress(
        site.url("") + "#2048"
    ).done_pages == {1, 2}

    again = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    pids = [row["pid"] for row in read_whole_lines(posts)]
    assert len(pids) == 13 == len(set(pids))
    assert len(site.hits_for("/thread-2048-1-1.html")) == 1 and len(site.hits_for("/thread-2048-2-1.html")) == 1


def test_ctrl_c_leaves_valid_json_and_does_not_wait_for_requests(site: LoopbackSite, tmp_path: Path) -> None:
    out = tmp_path / "threads.json"
    urls = [site.url("thread-1523-1-1.html"), site.url("thread-2048-1-1.html")]
    code, err, took = interrupt(command(*urls, "--format", "json", "-o", str(out)), site)
    assert code == 130 and err == "interrupted\n" and took < 10  # page 3's request hangs for 60 s
    assert [t["tid"] for t in json.loads(out.read_text(encoding="utf-8"))] == [1523]
