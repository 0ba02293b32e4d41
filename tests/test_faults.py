"""Fault injection against a loopback server: each case is recovered or reported, never lost.

Every server here binds to 127.0.0.x only, answers a bounded number of requests and stops
with its context manager; every client setting bounds attempts and time.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from discuz_extract import (
    FetchError,
    FetchSettings,
    LeftThread,
    LoginRequired,
    ResponseTooLarge,
    TooManyRedirects,
    extract_thread,
)
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import fixture_bytes

FAST = FetchSettings(delay=0, backoff=0.01, backoff_max=0.05, timeout=2, max_attempts=3, obey_robots=False)
SEED = fixture_bytes("seed.desktop.gbk.html")
RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
ANTITHEFT = fixture_bytes("gate.antitheft.utf8.html")


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=100) as server:
        yield server


def seed_url(site: LoopbackSite) -> str:
    return site.url("thread-1523-1-1.html")


def serve_rich(site: LoopbackSite, *page2: Reply) -> str:
    for n, body in enumerate(RICH, start=1):
        site.route(f"/thread-2048-{n}-1.html", *(page2 if n == 2 and page2 else (Reply.html(body, "gbk"),)))
    return site.url("thread-2048-1-1.html")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_then_success(site: LoopbackSite, status: int) -> None:
    site.route("/thread-1523-1-1.html", Reply(status=status), Reply(status=status), Reply.html(SEED, "gbk"))
    assert len(extract_thread(seed_url(site), settings=FAST).posts) == 5
    assert len(site.hits) == 3


def test_429_with_http_date(site: LoopbackSite) -> None:
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=2), usegmt=True)
    site.route("/thread-1523-1-1.html", Reply(status=429, headers={"Retry-After": when}), Reply.html(SEED, "gbk"))
    extract_thread(seed_url(site), settings=FAST)
    first, second = site.hits
    assert second.at - first.at >= 0.5  # waited for the date (one-second resolution), not the 10 ms backoff


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:  # nothing listens on the port any more
        extract_thread(f"http://127.0.0.1:{port}/thread-1-1-1.html", settings=FAST)
    assert caught.value.attempts == 3 and caught.value.status is None


def test_read_timeout_mid_body(site: LoopbackSite) -> None:
    stalled = Reply.html(SEED, "gbk", stall_after=2000, delay_body=3.0)
    site.route("/thread-1523-1-1.html", stalled, Reply.html(SEED, "gbk"))
    thread = extract_thread(seed_url(site), settings=FAST.replace(timeout=0.5))
    assert len(thread.posts) == 5 and len(site.hits) == 2


def test_truncated_body(site: LoopbackSite) -> None:
    short = Reply.html(SEED, "gbk", declared_length=len(SEED) + 5000)
    site.route("/thread-1523-1-1.html", short, Reply.html(SEED, "gbk"))
    assert len(extract_thread(seed_url(site), settings=FAST).posts) == 5
    assert len(site.hits) == 2


def test_corrupt_gzip(site: LoopbackSite) -> None:
    corrupt = Reply(body=b"\x1f\x8b\x08\x00 not really gzip", headers={"Content-Encoding": "gzip"})
    site.route("/thread-1523-1-1.html", corrupt, Reply.html(SEED, "gbk"))
    assert len(extract_thread(seed_url(site), settings=FAST).posts) == 5
    assert len(site.hits) == 2


def test_charset_header_that_lies(site: LoopbackSite) -> None:
    site.route("/thread-1523-1-1.html", Reply.html(SEED, "utf-8"))  # says UTF-8, sends GBK
    thread = extract_thread(seed_url(site), settings=FAST)
    assert thread.title == "深化网信行业改革 着力构建良好网络生态——中央网信办专家答问"
    assert thread.site.charset == "gb18030"


def test_redirect_loop(site: LoopbackSite) -> None:
    site.route("/thread-1523-1-1.html", Reply.redirect("/loop.html"))
    site.route("/loop.html", Reply.redirect("/thread-1523-1-1.html"))
    with pytest.raises(TooManyRedirects):
        extract_thread(seed_url(site), settings=FAST)
    assert len(site.hits) == 2  # detected at once, not retried


def test_redirect_to_login(site: LoopbackSite) -> None:
    site.route("/thread-1523-1-1.html", Reply.redirect("member.php?mod=logging&action=login&referer=x"))
    with pytest.raises(LoginRequired):
        extract_thread(seed_url(site), settings=FAST)


def test_redirect_to_another_host_drops_cookies(site: LoopbackSite) -> None:
    with LoopbackSite(max_requests=10, host="127.0.0.2") as other:
        other.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
        site.route("/thread-1523-1-1.html", Reply.redirect(other.url("thread-1523-1-1.html")))
        with pytest.raises(LeftThread) as caught:  # another site: its thread 1523 is not this one
            extract_thread(seed_url(site), settings=FAST.replace(cookies={"k8Hq_2132_auth": "secret"}))
        assert caught.value.target == other.url("thread-1523-1-1.html")
        assert "secret" in site.hits[0].headers.get("Cookie", "")
        assert "Cookie" not in other.hits[0].headers


def test_body_over_the_cap_is_stopped_early(site: LoopbackSite) -> None:
    huge = b"<html>" + b"x" * (3 * 1024 * 1024)
    site.route("/thread-1523-1-1.html", Reply.html(huge, stall_after=2 * 1024 * 1024, delay_body=20.0))
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge):
        extract_thread(seed_url(site), settings=FAST.replace(max_response_bytes=1024 * 1024, timeout=30))
    assert time.monotonic() - started < 15  # stopped before the server's 20 s stall ended
    assert len(site.hits) == 1  # not retried


def test_antitheft_halfway_through_a_thread(site: LoopbackSite) -> None:
    url = serve_rich(site, Reply.html(ANTITHEFT, "utf-8"))
    thread = extract_thread(url, settings=FAST)
    assert thread.missing_pages == [2]
    assert thread.failures[0].error_type == "ChallengePage"
    assert [p.floor for p in thread.posts] == [1, 2, 3, 4, 5, 11, 12, 13]
    assert len(site.hits_for("/thread-2048-2-1.html")) == 1  # a challenge is not retried


def test_total_time_per_thread(site: LoopbackSite) -> None:
    url = serve_rich(site, Reply.html(RICH[1], "gbk", delay=3.0))  # page 2 answers too late
    started = time.monotonic()
    thread = extract_thread(url, settings=FAST.replace(thread_time_limit=0.5, concurrency=1))
    assert time.monotonic() - started < 2.0  # page 2 was cut off at the limit, not waited for
    assert thread.missing_pages == [2, 3] and len(thread.posts) == 5
    assert {f.error_type for f in thread.failures} == {"LimitExceeded"}
