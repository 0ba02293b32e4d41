"""The public fetch calls: whole threads, pages one by one, posts one by one; sync and async.

The twins share everything but the I/O: the job and the plan (``plan.py``), the robots.txt
rules and cache (``robots.py``), and the steps below. Each twin reads robots.txt in one place
(``_load_robots`` / ``_aload_robots``) and reads a page in one place (``_read_page`` /
``_aread_page``), which checks the URL against robots.txt before requesting it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
from typing_extensions import Unpack

from ..errors import DiscuzError, FetchError
from ..models import Post, Thread, ThreadPage
from .context import FetchContext, default_context
from .http import AsyncFetcher, Fetched, SyncFetcher
from .plan import PagePlan, PageResult, PostStream, ProgressCallback, ThreadJob, page_from_response
from .robots import Robots
from .settings import FetchOptions, FetchSettings

__all__ = ["PageResult", "aextract_thread", "aiter_pages", "aiter_posts", "extract_thread", "iter_pages", "iter_posts"]

_Outcome = ThreadPage | DiscuzError

# --- the steps both twins share -------------------------------------------------------------


def _start(
    url: str, settings: FetchSettings | None, options: FetchOptions, progress: ProgressCallback | None = None
) -> tuple[ThreadJob, FetchContext]:
    """The job (``settings`` with ``options`` applied) and the context the fetch shares."""
    config = (settings or FetchSettings()).replace(**options)
    return ThreadJob.for_url(url, config, progress), default_context()


def _must_read_robots(job: ThreadJob, context: FetchContext) -> bool:
    """Take the site's rules from the cache; True when they are not there and robots.txt must be read."""
    if not job.settings.obey_robots:
        return False
    job.robots = context.robots.get(job.target.robots_url, job.settings.user_agent)
    return job.robots is None


def _store_robots(job: ThreadJob, context: FetchContext, answer: Fetched | FetchError) -> None:
    rules = Robots.from_fetch(answer, job.settings.user_agent)
    job.robots = context.robots.put(job.target.robots_url, job.settings.user_agent, rules)


def _allowed_url(job: ThreadJob, page: int) -> str:
    """The URL of ``page``, once robots.txt allows it (``RobotsDisallowed`` otherwise)."""
    url = job.url(page)
    if job.robots is not None:
        job.robots.check(url)
    return url


# --- sync -------------------------------------------------------------------------------------


def _load_robots(fetcher: SyncFetcher, job: ThreadJob, context: FetchContext) -> None:
    if _must_read_robots(job, context):
        try:
            answer: Fetched | FetchError = fetcher.get(job.target.robots_url)
        except FetchError as exc:
            answer = exc
        _store_robots(job, context, answer)


def _read_page(fetcher: SyncFetcher, job: ThreadJob, page: int) -> ThreadPage:
    return page_from_response(fetcher.get(_allowed_url(job, page)))


def _try_page(fetcher: SyncFetcher, job: ThreadJob, page: int) -> _Outcome:
    try:
        return _read_page(fetcher, job, page)
    except DiscuzError as exc:
        return exc


def _fetch_rest(fetcher: SyncFetcher, job: ThreadJob, pages: list[int]) -> Iterator[tuple[int, _Outcome]]:
    """The pages after the first, ``concurrency`` at a time, in page order."""

    def one(page: int) -> _Outcome:
        late = job.time_limit_error()
        return late if late is not None else _try_page(fetcher, job, page)

    if not pages:
        return
    with ThreadPoolExecutor(max_workers=job.settings.concurrency) as pool:
        yield from zip(pages, pool.map(one, pages), strict=True)


def extract_thread(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    progress: ProgressCallback | None = None,
    **options: Unpack[FetchOptions],
) -> Thread:
    """Fetch every page of the thread at ``url`` and return it merged.

    Any thread URL form works; the thread is always read from page 1. Pages after the first
    that still fail after retries are listed in ``Thread.missing_pages`` (with the error in
    ``Thread.failures``); only a failure of page 1 raises.

    ``settings`` (default ``FetchSettings()``) can be changed field by field with keywords, any
    field of ``FetchSettings`` (``max_pages=``, ``delay=``, ``cookies=`` ...; see
    ``FetchOptions``): a keyword given is applied, ``None`` included (``max_pages=None`` reads
    every page), and ``UNSET`` leaves the field as it is. A bad value raises ``InvalidSettings``
    before any request. ``client`` is used as it is (and not closed); ``progress`` is called
    with (pages done, pages in all) as pages are read.
    """
    job, context = _start(url, settings, options, progress)
    with SyncFetcher(job.settings, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        _load_robots(fetcher, job, context)
        rest = job.start(_read_page(fetcher, job, 1))
        for page, result in _fetch_rest(fetcher, job, rest):
            job.record(page, result)
    return job.result(url)


def iter_pages(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    done_pages: Collection[int] = (),
    page_count_hint: int | None = None,
    **options: Unpack[FetchOptions],
) -> Iterator[PageResult]:
    """Read a thread page by page, in order, yielding each page or its error as it comes.

    ``done_pages`` are not fetched again (with ``page_count_hint``, the count known from a
    previous run); the resumable CLI uses this. A failure of page 1 raises.
    """
    job, context = _start(url, settings, options)
    plan = PagePlan(job, done_pages, page_count_hint)
    with SyncFetcher(job.settings, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        _load_robots(fetcher, job, context)
        while (page := plan.next_page()) is not None:
            yield plan.result(page, _try_page(fetcher, job, page))


def iter_posts(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    **options: Unpack[FetchOptions],
) -> Iterator[Post]:
    """Yield posts page by page without holding the thread in memory (pages read in order).

    Every post that could be read is yielded first; then, if any page failed after retries,
    ``IncompleteThread`` names the pages (nothing is dropped silently).
    """
    stream = PostStream()
    for result in iter_pages(url, client=client, settings=settings, **options):
        yield from stream.take(result)
    stream.finish(url)


# --- async ------------------------------------------------------------------------------------


async def _aload_robots(fetcher: AsyncFetcher, job: ThreadJob, context: FetchContext) -> None:
    if _must_read_robots(job, context):
        try:
            answer: Fetched | FetchError = await fetcher.get(job.target.robots_url)
        except FetchError as exc:
            answer = exc
        _store_robots(job, context, answer)


async def _aread_page(fetcher: AsyncFetcher, job: ThreadJob, page: int) -> ThreadPage:
    fetched = await fetcher.get(_allowed_url(job, page))
    # parsing is CPU work: a worker thread keeps the event loop free for the other requests
    return await asyncio.to_thread(page_from_response, fetched)


async def _atry_page(fetcher: AsyncFetcher, job: ThreadJob, page: int) -> _Outcome:
    try:
        return await _aread_page(fetcher, job, page)
    except DiscuzError as exc:
        return exc


async def _afetch_rest(fetcher: AsyncFetcher, job: ThreadJob, pages: list[int]) -> AsyncIterator[tuple[int, _Outcome]]:
    """The pages after the first, ``concurrency`` at a time, as they complete."""
    gate = asyncio.Semaphore(job.settings.concurrency)

    async def one(page: int) -> tuple[int, _Outcome]:
        async with gate:
            late = job.time_limit_error()
            return page, late if late is not None else await _atry_page(fetcher, job, page)

    for task in asyncio.as_completed([one(p) for p in pages]):
        yield await task


async def aextract_thread(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    progress: ProgressCallback | None = None,
    **options: Unpack[FetchOptions],
) -> Thread:
    """The async twin of ``extract_thread``: same arguments, same result."""
    job, context = _start(url, settings, options, progress)
    async with AsyncFetcher(job.settings, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        await _aload_robots(fetcher, job, context)
        rest = job.start(await _aread_page(fetcher, job, 1))
        async for page, result in _afetch_rest(fetcher, job, rest):
            job.record(page, result)
    return job.result(url)


async def aiter_pages(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    done_pages: Collection[int] = (),
    page_count_hint: int | None = None,
    **options: Unpack[FetchOptions],
) -> AsyncIterator[PageResult]:
    """The async twin of ``iter_pages``."""
    job, context = _start(url, settings, options)
    plan = PagePlan(job, done_pages, page_count_hint)
    async with AsyncFetcher(job.settings, host=job.target.host, pacing=context.pacing, client=client) as fetcher:
        await _aload_robots(fetcher, job, context)
        while (page := plan.next_page()) is not None:
            yield plan.result(page, await _atry_page(fetcher, job, page))


async def aiter_posts(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    **options: Unpack[FetchOptions],
) -> AsyncIterator[Post]:
    """The async twin of ``iter_posts``."""
    stream = PostStream()
    async for result in aiter_pages(url, client=client, settings=settings, **options):
        for post in stream.take(result):
            yield post
    stream.finish(url)
