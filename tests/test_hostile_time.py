"""Servers that drip: no call is held past its limit (item 2 of the hostile-servers issue).

Each server here sends one byte every half second or so, which no per-read timeout trips; the
limits are a couple of seconds, and each test checks the call ended soon after its limit.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import httpx
import pytest

from discuz_extract import (
    DeadlineExceeded,
    IncompleteThread,
    LimitExceeded,
    aextract_thread,
    aiter_pages,
    aiter_posts,
    extract_thread,
    iter_pages,
    iter_posts,
)
from discuz_extract._fetching.clients import install_deadlines, new_client
from discuz_extract.cli import main
from discuz_extract.testing import LoopbackSite, Reply

from .hostile import FAST, RICH, SEED

MARGIN = 1.5  # seconds a call may run past its limit (a drip interval, scheduling)
DRIP_BODY = Reply.html(SEED, "gbk", drip=0.3)
DRIP_HEADERS = Reply(raw=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 200, drip=0.3)


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=50) as server:
        yield server


def serve_rich(site: LoopbackSite, page2: Reply) -> str:
    site.route("/thread-2048-1-1.html", Reply.html(RICH[0], "gbk"))
    site.route("/thread-2048-2-1.html", page2)
    site.route("/thread-2048-3-1.html", Reply.html(RICH[2], "gbk"))
    return site.url("thread-2048-1-1.html")


class Clock:
    def __enter__(self) -> Clock:
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.monotonic() - self.started


@pytest.mark.slow
@pytest.mark.parametrize("reply", [DRIP_BODY, DRIP_HEADERS], ids=["body", "headers"])
def test_request_deadline_cuts_a_drip(site: LoopbackSite, reply: Reply) -> None:
    site.route("/thread-1523-1-1.html", reply)
    with Clock() as clock, pytest.raises(DeadlineExceeded) as caught:
        extract_thread(site.url("thread-1523-1-1.html"), settings=FAST.replace(request_deadline=1.5))
    assert clock.seconds < 1.5 + MARGIN
    assert caught.value.attempts == 1 and len(site.hits) == 1  # the deadline covers retries too


@pytest.mark.slow
@pytest.mark.parametrize("reply", [DRIP_BODY, DRIP_HEADERS], ids=["body", "headers"])
async def test_request_deadline_cuts_a_drip_async(site: LoopbackSite, reply: Reply) -> None:
    site.route("/thread-1523-1-1.html", reply)
    with Clock() as clock, pytest.raises(DeadlineExceeded):
        await aextract_thread(site.url("thread-1523-1-1.html"), settings=FAST.replace(request_deadline=1.5))
    assert clock.seconds < 1.5 + MARGIN


@pytest.mark.slow
def test_thread_time_limit_cuts_page_one_while_it_is_read(site: LoopbackSite) -> None:
    site.route("/thread-1523-1-1.html", DRIP_HEADERS)
    with Clock() as clock, pytest.raises(LimitExceeded):
        extract_thread(site.url("thread-1523-1-1.html"), settings=FAST, thread_time_limit=1.5)
    assert clock.seconds < 1.5 + MARGIN


@pytest.mark.slow
async def test_thread_time_limit_keeps_what_was_read(site: LoopbackSite) -> None:
    url = serve_rich(site, DRIP_BODY)
    for run in (lambda: extract_thread(url, settings=FAST, thread_time_limit=2, concurrency=1), None):
        with Clock() as clock:
            thread = run() if run else await aextract_thread(url, settings=FAST, thread_time_limit=2, concurrency=1)
        assert clock.seconds < 2 + MARGIN
        assert thread.missing_pages == [2, 3] and len(thread.posts) == 5
        assert {f.error_type for f in thread.failures} == {"LimitExceeded"}


@pytest.mark.slow
def test_iterators_obey_thread_time_limit(site: LoopbackSite) -> None:
    url = serve_rich(site, DRIP_BODY)
    with Clock() as clock:
        results = list(iter_pages(url, settings=FAST, thread_time_limit=1.5))
    assert clock.seconds < 1.5 + MARGIN
    # page 2 was cut while it was read; page 3, not started, ends the results
    assert [r.page for r in results] == [1, 2, 3]
    assert all(isinstance(r.error, LimitExceeded) for r in results[1:])
    seen: list[int | None] = []
    with Clock() as clock, pytest.raises(IncompleteThread) as caught:
        seen.extend(p.floor for p in iter_posts(url, settings=FAST, thread_time_limit=1.5))
    assert clock.seconds < 1.5 + MARGIN and caught.value.missing_pages == [2, 3]
    assert seen == [1, 2, 3, 4, 5]


@pytest.mark.slow
async def test_async_iterators_obey_thread_time_limit(site: LoopbackSite) -> None:
    url = serve_rich(site, DRIP_BODY)
    with Clock() as clock:
        pages = [r.page async for r in aiter_pages(url, settings=FAST, thread_time_limit=1.5)]
    assert clock.seconds < 1.5 + MARGIN and pages == [1, 2, 3]
    seen: list[int | None] = []
    with Clock() as clock, pytest.raises(IncompleteThread):
        async for post in aiter_posts(url, settings=FAST, thread_time_limit=1.5):
            seen.append(post.floor)
    assert clock.seconds < 1.5 + MARGIN and seen == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_the_cli_archive_run_is_bounded(site: LoopbackSite, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    url = serve_rich(site, DRIP_BODY)
    args = [url, "--archive", str(folder / "a.jsonl"), "-o", str(folder / "o.jsonl"), "--delay", "0", "-q"]
    with Clock() as clock:
        code = main([*args, "--request-deadline", "1.5"], stdin=io.StringIO())
    assert code == 3 and clock.seconds < 2 * 1.5 + MARGIN  # page 2 missing; the run went on to page 3
    assert len((folder / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 8


def test_clients_we_make_bound_every_socket_read() -> None:
    client = new_client()
    try:
        assert install_deadlines(client._transport)  # type: ignore[arg-type]  # httpx still has the hook
    finally:
        client.close()
    assert not install_deadlines(httpx.MockTransport(lambda r: httpx.Response(200)))  # type: ignore[arg-type]
