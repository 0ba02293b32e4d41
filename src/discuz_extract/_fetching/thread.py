"""Whole threads: page 1, then every other page with bounded concurrency, merged.

``ThreadJob`` holds everything both twins share: which pages to fetch, how a fetched body
becomes a ``ThreadPage`` (or a typed error), how failures are recorded, and the merge.
``extract_thread`` and ``aextract_thread`` only add the I/O.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from .._parsing import merge_pages, parse_page
from ..errors import DiscuzError, FetchError, GatePage, IncompleteThread, LimitExceeded
from ..models import PageFailure, Post, Thread, ThreadPage
from .context import default_context
from .http import AsyncFetcher, Fetched, SyncFetcher
from .robots import Robots, RobotsCache
from .settings import FetchSettings
from .urls import ThreadURL, parse_thread_url

log = logging.getLogger("discuz_extract")
ProgressCallback = Callable[[int, int], None]


def page_from_response(fetched: Fetched) -> ThreadPage:
    """Parse a fetched body; an HTTP error status without a Discuz message is a FetchError."""
    try:
        return parse_page(
            fetched.content, url=fetched.url, encoding=fetched.charset, fetched_at=http_date(fetched.date)
        )
    except GatePage:
        raise
    except DiscuzError as exc:
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}", url=fetched.url, status=fetched.status) from exc
        raise


async def _parse_off_loop(fetched: Fetched) -> ThreadPage:
    """Parsing is CPU work: a worker thread keeps the event loop free for the other requests."""
    return await asyncio.to_thread(page_from_response, fetched)


def http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


@dataclass
class ThreadJob:
    """The I/O-free part of extracting one thread."""

    target: ThreadURL
    settings: FetchSettings
    started: float = field(default_factory=time.monotonic)
    pages: dict[int, ThreadPage] = field(default_factory=dict)
    failures: dict[int, PageFailure] = field(default_factory=dict)
    robots: Robots | None = None

    @classmethod
    def for_url(cls, url: str, settings: FetchSettings) -> ThreadJob:
        return cls(parse_thread_url(url), settings)

    def url(self, page: int) -> str:
        url = self.target.page_url(page, self.settings.via)
        if self.robots is not None:
            self.robots.check(url)
        return url

    @property
    def needs_robots(self) -> bool:
        return self.settings.obey_robots and self.robots is None

    def set_robots(self, result: Fetched | FetchError) -> None:
        self.robots = Robots.from_fetch(result, self.settings.user_agent)

    def remaining_pages(self, first: ThreadPage) -> list[int]:
        return [p for p in range(2, self.page_count(first) + 1) if p not in self.skipped(first)]

    @staticmethod
    def page_count(first: ThreadPage) -> int:
        return max(first.page_count or 1, 1)

    def skipped(self, first: ThreadPage) -> list[int]:
        limit = self.settings.max_pages
        return list(range(limit + 1, self.page_count(first) + 1)) if limit is not None else []

    def time_limit_error(self) -> LimitExceeded | None:
        """The error for a page not started because ``thread_time_limit`` ran out, else None."""
        limit = self.settings.thread_time_limit
        if limit is not None and time.monotonic() - self.started > limit:
            return LimitExceeded(f"thread_time_limit of {limit}s reached")
        return None

    def record(self, page: int, result: ThreadPage | BaseException) -> None:
        if isinstance(result, ThreadPage):
            self.pages[page] = result
            return
        log.warning("page %d of thread %d failed: %s", page, self.target.tid, result)
        self.failures[page] = PageFailure(
            page=page,
            url=self.target.page_url(page, self.settings.via),
            error=str(result),
            error_type=type(result).__name__,
        )

    def result(self, url: str) -> Thread:
        thread = merge_pages(
            self.pages.values(),
            url=url,
            missing_pages=self.failures.keys(),
            failures=[self.failures[p] for p in sorted(self.failures)],
        )
        thread.tid = thread.tid or self.target.tid
        if 1 in self.pages:
            thread.skipped_pages = self.skipped(self.pages[1])
        return thread


def _settings(settings: FetchSettings | None, overrides: dict[str, Any]) -> FetchSettings:
    return (settings or FetchSettings()).with_overrides(**overrides)


# --- sync ---------------------------------------------------------------------------------


def extract_thread(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    max_pages: int | None = None,
    progress: ProgressCallback | None = None,
    **overrides: Any,
) -> Thread:
    """Fetch every page of the thread at ``url`` and return it merged.

    Any thread URL form works; the thread is always read from page 1. Pages after the first
    that still fail after retries are listed in ``Thread.missing_pages`` (with the error in
    ``Thread.failures``); only a failure of page 1 raises. Keyword overrides (``delay=``,
    ``concurrency=``, ``cookies=`` ...) change single ``FetchSettings`` fields.
    """
    config = _settings(settings, {"max_pages": max_pages, **overrides})
    job = ThreadJob.for_url(url, config)
    context = default_context()
    with SyncFetcher(config, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        _load_robots_sync(fetcher, job, context.robots)
        first = page_from_response(fetcher.get(job.url(1)))
        job.record(1, first)
        rest = job.remaining_pages(first)
        _report(progress, 1, 1 + len(rest))
        for done, (page, result) in enumerate(_fetch_sync(fetcher, job, rest), start=2):
            job.record(page, result)
            _report(progress, done, 1 + len(rest))
    return job.result(url)


def _load_robots_sync(fetcher: SyncFetcher, job: ThreadJob, cache: RobotsCache) -> None:
    if job.needs_robots:
        job.robots = cache.get(job.target.robots_url, job.settings.user_agent)
    if job.needs_robots:
        try:
            job.set_robots(fetcher.get(job.target.robots_url))
        except FetchError as exc:
            job.set_robots(exc)
        if job.robots is not None:
            cache.put(job.target.robots_url, job.settings.user_agent, job.robots)


def _fetch_sync(fetcher: SyncFetcher, job: ThreadJob, pages: list[int]) -> Iterator[tuple[int, ThreadPage | Exception]]:
    def one(page: int) -> ThreadPage | Exception:
        if (late := job.time_limit_error()) is not None:
            return late
        try:
            return page_from_response(fetcher.get(job.url(page)))
        except DiscuzError as exc:
            return exc

    if not pages:
        return
    with ThreadPoolExecutor(max_workers=job.settings.concurrency) as pool:
        yield from zip(pages, pool.map(one, pages), strict=True)


@dataclass(frozen=True)
class PageResult:
    """One page of a thread as ``iter_pages`` read it: the parsed page, or the error."""

    page: int
    url: str
    parsed: ThreadPage | None = None
    error: DiscuzError | None = None


class _PagePlan:
    """Which page to read next, as the page count becomes known (I/O-free, shared by the twins)."""

    def __init__(self, job: ThreadJob, done: Collection[int], count_hint: int | None) -> None:
        self.job, self.done = job, frozenset(done)
        self.count = count_hint or 1
        self.page = 1
        self.read_any = False

    def next_page(self) -> int | None:
        limit = self.count if self.job.settings.max_pages is None else min(self.count, self.job.settings.max_pages)
        while self.page <= limit and self.page in self.done:
            self.page += 1
        return self.page if self.page <= limit else None

    def result(self, page: int, outcome: ThreadPage | DiscuzError) -> PageResult:
        self.page = page + 1
        url = self.job.target.page_url(page, self.job.settings.via)
        if isinstance(outcome, ThreadPage):
            self.read_any = True
            self.count = max(self.count, outcome.page_count or 1)
            return PageResult(page, url, parsed=outcome)
        if not self.read_any and page == 1:
            raise outcome  # without page 1 there is no thread to speak of
        log.warning("page %d of thread %d failed: %s", page, self.job.target.tid, outcome)
        return PageResult(page, url, error=outcome)


def iter_pages(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    done_pages: Collection[int] = (),
    page_count_hint: int | None = None,
    **overrides: Any,
) -> Iterator[PageResult]:
    """Read a thread page by page, in order, yielding each page or its error as it comes.

    ``done_pages`` are not fetched again (with ``page_count_hint``, the count known from a
    previous run); the resumable CLI uses this. A failure of page 1 raises.
    """
    config = _settings(settings, overrides)
    job = ThreadJob.for_url(url, config)
    context = default_context()
    plan = _PagePlan(job, done_pages, page_count_hint)
    with SyncFetcher(config, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        _load_robots_sync(fetcher, job, context.robots)
        while (page := plan.next_page()) is not None:
            try:
                outcome: ThreadPage | DiscuzError = page_from_response(fetcher.get(job.url(page)))
            except DiscuzError as exc:
                outcome = exc
            yield plan.result(page, outcome)


async def aiter_pages(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    done_pages: Collection[int] = (),
    page_count_hint: int | None = None,
    **overrides: Any,
) -> AsyncIterator[PageResult]:
    """The async twin of ``iter_pages``."""
    config = _settings(settings, overrides)
    job = ThreadJob.for_url(url, config)
    context = default_context()
    plan = _PagePlan(job, done_pages, page_count_hint)
    async with AsyncFetcher(config, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        await _load_robots_async(fetcher, job, context.robots)
        while (page := plan.next_page()) is not None:
            try:
                outcome: ThreadPage | DiscuzError = await _parse_off_loop(await fetcher.get(job.url(page)))
            except DiscuzError as exc:
                outcome = exc
            yield plan.result(page, outcome)


class PostStream:
    """Deduplicates posts across pages (a post can move to the next page while a thread is read)
    and remembers the pages that failed, to raise ``IncompleteThread`` once the rest is out."""

    def __init__(self) -> None:
        self.seen: set[object] = set()
        self.failures: list[PageFailure] = []

    def take(self, result: PageResult) -> list[Post]:
        if result.parsed is None:
            error = result.error or DiscuzError("page failed")
            self.failures.append(
                PageFailure(page=result.page, url=result.url, error=str(error), error_type=type(error).__name__)
            )
            return []
        fresh = []
        for index, post in enumerate(result.parsed.posts):
            key: object = post.pid if post.pid is not None else (result.page, index)
            if key not in self.seen:
                self.seen.add(key)
                fresh.append(post)
        return fresh

    def finish(self, url: str) -> None:
        if self.failures:
            raise IncompleteThread(f"pages {[f.page for f in self.failures]} failed", url=url, failures=self.failures)


def iter_posts(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    **overrides: Any,
) -> Iterator[Post]:
    """Yield posts page by page without holding the thread in memory (pages read in order).

    Every post that could be read is yielded first; then, if any page failed after retries,
    ``IncompleteThread`` names the pages (nothing is dropped silently).
    """
    stream = PostStream()
    for result in iter_pages(url, client=client, settings=settings, **overrides):
        yield from stream.take(result)
    stream.finish(url)


async def aiter_posts(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    **overrides: Any,
) -> AsyncIterator[Post]:
    """The async twin of ``iter_posts``."""
    stream = PostStream()
    async for result in aiter_pages(url, client=client, settings=settings, **overrides):
        for post in stream.take(result):
            yield post
    stream.finish(url)


def _report(progress: ProgressCallback | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


# --- async --------------------------------------------------------------------------------


async def aextract_thread(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    max_pages: int | None = None,
    progress: ProgressCallback | None = None,
    **overrides: Any,
) -> Thread:
    """The async twin of ``extract_thread``: same arguments, same result."""
    config = _settings(settings, {"max_pages": max_pages, **overrides})
    job = ThreadJob.for_url(url, config)
    context = default_context()
    async with AsyncFetcher(config, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        await _load_robots_async(fetcher, job, context.robots)
        first = await _parse_off_loop(await fetcher.get(job.url(1)))
        job.record(1, first)
        rest = job.remaining_pages(first)
        _report(progress, 1, 1 + len(rest))
        gate = asyncio.Semaphore(config.concurrency)

        async def one(page: int) -> tuple[int, ThreadPage | Exception]:
            async with gate:
                if (late := job.time_limit_error()) is not None:
                    return page, late
                try:
                    return page, await _parse_off_loop(await fetcher.get(job.url(page)))
                except DiscuzError as exc:
                    return page, exc

        for done, task in enumerate(asyncio.as_completed([one(p) for p in rest]), start=2):
            page, result = await task
            job.record(page, result)
            _report(progress, done, 1 + len(rest))
    return job.result(url)


async def _load_robots_async(fetcher: AsyncFetcher, job: ThreadJob, cache: RobotsCache) -> None:
    if job.needs_robots:
        job.robots = cache.get(job.target.robots_url, job.settings.user_agent)
    if job.needs_robots:
        try:
            job.set_robots(await fetcher.get(job.target.robots_url))
        except FetchError as exc:
            job.set_robots(exc)
        if job.robots is not None:
            cache.put(job.target.robots_url, job.settings.user_agent, job.robots)
