"""The process-wide state of fetching as objects: the robots.txt cache, the pace schedule, the
context bundling them; and the robots check as a step of the fetch, not of building a URL."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from discuz_extract import FetchError, FetchSettings, RobotsDisallowed, aextract_thread, extract_thread, iter_pages
from discuz_extract._fetching import context
from discuz_extract._fetching.context import FetchContext, default_context
from discuz_extract._fetching.http import Fetched, PaceSchedule
from discuz_extract._fetching.plan import ThreadJob
from discuz_extract._fetching.robots import Robots, RobotsCache

from .conftest import fixture_bytes

RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
URL = "http://bbs.example.cn/thread-2048-1-1.html"
ROBOTS_URL = "http://bbs.example.cn/robots.txt"
FAST = FetchSettings(delay=0, backoff=0.001, backoff_max=0.002, max_attempts=2)


def robots(text: str, user_agent: str = "ua") -> Robots:
    return Robots.from_fetch(Fetched(ROBOTS_URL, 200, text.encode(), "utf-8", 1), user_agent)


def site(robots_txt: str, seen: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    """The three-page thread behind ``robots_txt``; every requested path lands in ``seen``."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, content=robots_txt.encode(), headers={"Content-Type": "text/plain"})
        for n, body in enumerate(RICH, start=1):
            if request.url.path == f"/thread-2048-{n}-1.html":
                return httpx.Response(200, content=body, headers={"Content-Type": "text/html; charset=gbk"})
        return httpx.Response(404)

    return handler


# --- the objects ------------------------------------------------------------------------------


def test_robots_caches_are_independent_instances() -> None:
    first, second = RobotsCache(), RobotsCache()
    rules = robots("User-agent: *\nDisallow: /api/\n")
    assert first.put(ROBOTS_URL, "ua", rules) is rules
    assert first.get(ROBOTS_URL, "ua") is rules
    assert second.get(ROBOTS_URL, "ua") is None  # nothing shared between instances
    assert first.get(ROBOTS_URL, "other agent") is None  # keyed by robots URL and user agent
    first.clear()
    assert first.get(ROBOTS_URL, "ua") is None


def test_robots_cache_entries_expire() -> None:
    cache = RobotsCache(ttl=0)
    cache.put(ROBOTS_URL, "ua", robots(""))
    assert cache.get(ROBOTS_URL, "ua") is None


def test_robots_policy_follows_rfc_9309() -> None:
    rules = robots("User-agent: *\nDisallow: /api/\n")
    assert rules.allows("http://bbs.example.cn/thread-1-1-1.html")
    assert not rules.allows("http://bbs.example.cn/api/mobile/index.php")
    missing = [
        Robots.from_fetch(Fetched(ROBOTS_URL, 404, b"", None, 1), "ua"),
        Robots.from_fetch(FetchError("gone", url=ROBOTS_URL, status=410), "ua"),
    ]
    unreachable = [
        Robots.from_fetch(Fetched(ROBOTS_URL, 503, b"", None, 1), "ua"),
        Robots.from_fetch(FetchError("down", url=ROBOTS_URL, status=503), "ua"),
        Robots.from_fetch(FetchError("refused", url=ROBOTS_URL), "ua"),
    ]
    assert all(r.allows("http://bbs.example.cn/api/") for r in missing)  # 4xx: everything allowed
    assert not any(r.allows("http://bbs.example.cn/") for r in unreachable)  # 5xx, no answer: nothing
    with pytest.raises(RobotsDisallowed):
        unreachable[0].check("http://bbs.example.cn/")


def test_pace_schedules_are_independent_instances() -> None:
    first, second = PaceSchedule(), PaceSchedule()
    assert first.reserve("http://a.example/x", 10.0) == 0.0
    assert first.reserve("http://a.example/y", 10.0) > 9.0  # same host: waits for the booked slot
    assert first.reserve("http://b.example/x", 10.0) == 0.0  # another host has its own schedule
    assert second.reserve("http://a.example/x", 10.0) == 0.0  # another schedule shares nothing
    assert first.reserve("http://a.example/z", 0) == 0.0  # no delay, no booking
    first.clear()
    assert first.reserve("http://a.example/x", 10.0) == 0.0


def test_a_fresh_context_shares_nothing_with_the_default() -> None:
    fresh = FetchContext()
    default = default_context()
    assert default is context.DEFAULT_CONTEXT
    assert fresh.robots is not default.robots and fresh.pacing is not default.pacing
    default.robots.put(ROBOTS_URL, "ua", robots(""))
    default.pacing.reserve("http://a.example/", 10.0)
    assert fresh.robots.get(ROBOTS_URL, "ua") is None
    assert fresh.pacing.reserve("http://a.example/", 10.0) == 0.0


def test_the_public_calls_use_the_default_context(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    client = httpx.Client(transport=httpx.MockTransport(site("User-agent: *\nDisallow: /api/\n", seen)))
    extract_thread(URL, client=client, settings=FAST)
    extract_thread(URL, client=client, settings=FAST)
    assert seen.count("/robots.txt") == 1  # cached in the default context
    original = context.DEFAULT_CONTEXT
    monkeypatch.setattr(context, "DEFAULT_CONTEXT", FetchContext())
    extract_thread(URL, client=client, settings=FAST)
    assert seen.count("/robots.txt") == 2  # a fresh context has read nothing yet
    monkeypatch.setattr(context, "DEFAULT_CONTEXT", original)
    extract_thread(URL, client=client, settings=FAST)
    assert seen.count("/robots.txt") == 2  # the first context still holds its rules


# --- the robots check is a step of the fetch --------------------------------------------------


def test_thread_job_url_is_pure() -> None:
    job = ThreadJob.for_url(URL, FAST)
    job.robots = robots("User-agent: *\nDisallow: /\n", FAST.user_agent)
    assert job.url(1) == URL and job.url(3) == "http://bbs.example.cn/thread-2048-3-1.html"  # never raises


def test_disallowed_page_one_raises_without_a_request() -> None:
    seen: list[str] = []
    client = httpx.Client(transport=httpx.MockTransport(site("User-agent: *\nDisallow: /\n", seen)))
    with pytest.raises(RobotsDisallowed) as caught:
        extract_thread(URL, client=client, settings=FAST)
    assert caught.value.url == URL and seen == ["/robots.txt"]
    with pytest.raises(RobotsDisallowed):
        list(iter_pages(URL, client=client, settings=FAST))
    assert seen == ["/robots.txt"]  # the rules came from the cache; the page was never asked for


async def test_disallowed_page_one_raises_without_a_request_async() -> None:
    seen: list[str] = []
    transport = httpx.MockTransport(site("User-agent: *\nDisallow: /\n", seen))
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(RobotsDisallowed):
            await aextract_thread(URL, client=client, settings=FAST)
    assert seen == ["/robots.txt"]


async def test_a_disallowed_later_page_is_a_named_failure_in_both_twins() -> None:
    seen: list[str] = []
    handler = site("User-agent: *\nDisallow: /thread-2048-2-\n", seen)
    sync_thread = extract_thread(URL, client=httpx.Client(transport=httpx.MockTransport(handler)), settings=FAST)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        async_thread = await aextract_thread(URL, client=client, settings=FAST)
    for thread in (sync_thread, async_thread):
        assert thread.missing_pages == [2]
        assert thread.failures[0].error_type == "RobotsDisallowed"
        assert thread.failures[0].url == "http://bbs.example.cn/thread-2048-2-1.html"
    assert "/thread-2048-2-1.html" not in seen
