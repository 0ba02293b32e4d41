"""The public fetch calls: whole threads, pages one by one, posts one by one; sync and async.

The twins share everything but the I/O: the job and the plan (``plan.py``), the robots.txt
rules and cache (``robots.py``), and the steps below. Each twin reads robots.txt in one place
(``load_robots`` / ``aload_robots``) and reads a page in one place (``_read_page`` /
``_aread_page``), which checks the URL against robots.txt before requesting it.

Reading one page (fetch, checks, parse) is the boundary where anything a page, a header or a
URL can trigger becomes a ``DiscuzError`` (``page_boundary``): page 1 raises it, a later page
becomes a ``PageFailure`` on the thread, and the pages read so far are kept.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Protocol

import httpx
from typing_extensions import Unpack

from ..errors import DiscuzError, FetchError, UnexpectedError
from ..models import Post, Thread, ThreadPage
from .body import Fetched
from .context import FetchContext, default_context
from .deadline import Deadline
from .exchange import ExchangeObserver
from .http import AsyncFetcher, SyncFetcher
from .plan import (
    PagePlan,
    PageResult,
    PostStream,
    ProgressCallback,
    ThreadJob,
    check_page_tid,
    check_same_thread,
    page_from_response,
)
from .robots import ROBOTS_MAX_BYTES, Robots, site_unreachable
from .settings import FetchOptions, FetchSettings

__all__ = ["PageResult", "aextract_thread", "aiter_pages", "aiter_posts", "extract_thread", "iter_pages", "iter_posts"]

_Outcome = ThreadPage | DiscuzError
_INLINE_PARSE_BYTES = 256 * 1024  # the async twin parses smaller pages on the loop, larger ones in a thread
_SHOWN = 300  # characters of an unexpected error's text kept in the typed one

# --- the steps both twins share -------------------------------------------------------------


@contextmanager
def page_boundary(url: str) -> Iterator[None]:
    """Whatever reading ``url`` raises leaves as a ``DiscuzError``: an unexpected exception is
    wrapped in ``UnexpectedError`` naming its type (and kept as ``cause``)."""
    try:
        yield
    except DiscuzError:
        raise
    except Exception as exc:
        raise UnexpectedError(f"{type(exc).__name__}: {str(exc)[:_SHOWN]}", url=url, cause=exc) from exc


def _start(
    url: str,
    settings: FetchSettings | None,
    options: FetchOptions,
    progress: ProgressCallback | None = None,
    warc: ExchangeObserver | None = None,
) -> tuple[ThreadJob, FetchContext]:
    """The job (``settings`` with ``options`` applied) and the context the fetch shares."""
    config = (settings or FetchSettings()).replace(**options)
    return ThreadJob.for_url(url, config, progress), default_context().with_observer(warc)


def sync_fetcher(settings: FetchSettings, url: str, client: httpx.Client | None, context: FetchContext) -> SyncFetcher:
    """The blocking fetcher of one call: its settings, the context's schedule, resolver and observers."""
    return SyncFetcher(
        settings,
        client=client,
        thread_url=url,
        pacing=context.pacing,
        resolver=context.resolver,
        observers=context.observers,
    )


def async_fetcher(
    settings: FetchSettings, url: str, client: httpx.AsyncClient | None, context: FetchContext
) -> AsyncFetcher:
    return AsyncFetcher(
        settings,
        client=client,
        thread_url=url,
        pacing=context.pacing,
        resolver=context.resolver,
        observers=context.observers,
    )


class _Site(Protocol):
    @property
    def robots_url(self) -> str: ...

    @property
    def host(self) -> str: ...


class RobotsJob(Protocol):
    """What reading robots.txt needs of a job: a thread's (``ThreadJob``) or a listing's."""

    robots: Robots | None

    @property
    def target(self) -> _Site: ...

    @property
    def settings(self) -> FetchSettings: ...

    @property
    def deadline(self) -> Deadline | None: ...

    def url(self, page: int) -> str: ...


def must_read_robots(job: RobotsJob, context: FetchContext) -> bool:
    """Take the site's rules from the cache; True when they are not there and robots.txt must be read."""
    if not job.settings.obey_robots:
        return False
    job.robots = context.robots.get(job.target.robots_url, job.settings.user_agent)
    return job.robots is None


def store_robots(job: RobotsJob, context: FetchContext, answer: Fetched | FetchError) -> None:
    """Keep the rules read; a site that cannot be connected to raises why (and is not cached)."""
    if isinstance(answer, FetchError) and site_unreachable(answer):
        raise FetchError(
            f"cannot connect to {job.target.host}: {answer.message} (reading robots.txt)",
            url=job.url(1),
            attempts=answer.attempts,
        ) from answer
    rules = Robots.from_fetch(answer, job.settings.user_agent)
    job.robots = context.robots.put(job.target.robots_url, job.settings.user_agent, rules)


def allowed_url(job: RobotsJob, page: int) -> str:
    """The URL of ``page``, once robots.txt allows it (``RobotsDisallowed`` otherwise)."""
    url = job.url(page)
    if job.robots is not None:
        job.robots.check(url)
    return url


def _parse_checked(job: ThreadJob, asked: str, fetched: Fetched) -> ThreadPage:
    """The page parsed, once it is known to be the page asked for (``LeftThread`` otherwise)."""
    check_same_thread(asked, fetched, job.target.tid)
    page = page_from_response(fetched)
    check_page_tid(asked, page, job.target.tid)
    return page


# --- sync -------------------------------------------------------------------------------------


def load_robots(fetcher: SyncFetcher, job: RobotsJob, context: FetchContext) -> None:
    if must_read_robots(job, context):
        robots_url = job.target.robots_url
        with page_boundary(robots_url):
            try:
                answer: Fetched | FetchError = fetcher.get(
                    robots_url, within=job.deadline, limit=ROBOTS_MAX_BYTES, truncate=True
                )
            except FetchError as exc:
                answer = exc
            store_robots(job, context, answer)


def _read_page(fetcher: SyncFetcher, job: ThreadJob, page: int) -> ThreadPage:
    url = job.url(page)
    with page_boundary(url):
        return _parse_checked(job, url, fetcher.get(allowed_url(job, page), within=job.deadline))
    raise AssertionError("unreachable")  # pragma: no cover


def _try_page(fetcher: SyncFetcher, job: ThreadJob, page: int) -> _Outcome:
    try:
        return _read_page(fetcher, job, page)
    except DiscuzError as exc:
        return exc


def _fetch_rest(fetcher: SyncFetcher, job: ThreadJob, pages: range) -> Iterator[tuple[int, _Outcome]]:
    """The pages after the first, ``concurrency`` in flight at most, in page order."""

    def one(page: int) -> _Outcome:
        late = job.time_limit_error()
        return late if late is not None else _try_page(fetcher, job, page)

    if not pages:
        return
    width = min(job.settings.concurrency, len(pages))
    with ThreadPoolExecutor(max_workers=width) as pool:
        window: deque[tuple[int, Future[_Outcome]]] = deque()
        for page in pages:
            window.append((page, pool.submit(one, page)))
            if len(window) >= width:
                first, future = window.popleft()
                yield first, future.result()
        while window:
            first, future = window.popleft()
            yield first, future.result()


def extract_thread(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    progress: ProgressCallback | None = None,
    warc: ExchangeObserver | None = None,
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
    before any request. ``client`` is used as it is (and not closed); without one, a client
    shared by the calls of the process is used (no cookie or header of a call stays in it);
    ``progress`` is called with (pages done, pages in all) as pages are read. ``warc`` (a
    ``discuz_extract.warc.WarcWriter``, or any callable taking an ``Exchange``) sees every HTTP
    exchange of the call as it ends, robots.txt, redirects and retries included.
    """
    job, context = _start(url, settings, options, progress, warc)
    with sync_fetcher(job.settings, job.url(1), client, context) as fetcher:
        load_robots(fetcher, job, context)
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
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> Iterator[PageResult]:
    """Read a thread page by page, in order, yielding each page or its error as it comes.

    ``done_pages`` are not fetched again (with ``page_count_hint``, the count known from a
    previous run); the resumable CLI uses this. A failure of page 1 raises. When
    ``thread_time_limit`` runs out, or the pager claims more than ``max_page_count`` pages, a
    last result with a ``LimitExceeded`` error names the first page not read.
    """
    job, context = _start(url, settings, options, warc=warc)
    plan = PagePlan(job, done_pages, page_count_hint)
    with sync_fetcher(job.settings, job.url(1), client, context) as fetcher:
        load_robots(fetcher, job, context)
        while (last := plan.limit_result()) is None and (page := plan.next_page()) is not None:
            yield plan.result(page, _try_page(fetcher, job, page))
        if last is not None:
            yield last


def iter_posts(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> Iterator[Post]:
    """Yield posts page by page without holding the thread in memory (pages read in order).

    Every post that could be read is yielded first; then, if any page failed after retries
    (or a limit stopped the reading), ``IncompleteThread`` names the pages (nothing is dropped
    silently).
    """
    stream = PostStream()
    for result in iter_pages(url, client=client, settings=settings, warc=warc, **options):
        yield from stream.take(result)
    stream.finish(url)


# --- async ------------------------------------------------------------------------------------


async def aload_robots(fetcher: AsyncFetcher, job: RobotsJob, context: FetchContext) -> None:
    if must_read_robots(job, context):
        robots_url = job.target.robots_url
        with page_boundary(robots_url):
            try:
                answer: Fetched | FetchError = await fetcher.get(
                    robots_url, within=job.deadline, limit=ROBOTS_MAX_BYTES, truncate=True
                )
            except FetchError as exc:
                answer = exc
            store_robots(job, context, answer)


async def _aread_page(fetcher: AsyncFetcher, job: ThreadJob, page: int) -> ThreadPage:
    url = job.url(page)
    with page_boundary(url):
        fetched = await fetcher.get(allowed_url(job, page), within=job.deadline)
        if len(fetched.content) <= _INLINE_PARSE_BYTES:
            return _parse_checked(job, url, fetched)
        # a large page is long CPU work: a worker thread keeps the event loop free meanwhile
        return await asyncio.to_thread(_parse_checked, job, url, fetched)
    raise AssertionError("unreachable")  # pragma: no cover


async def _atry_page(fetcher: AsyncFetcher, job: ThreadJob, page: int) -> _Outcome:
    try:
        return await _aread_page(fetcher, job, page)
    except DiscuzError as exc:
        return exc


async def _afetch_rest(fetcher: AsyncFetcher, job: ThreadJob, pages: range) -> AsyncIterator[tuple[int, _Outcome]]:
    """The pages after the first, ``concurrency`` in flight at most, as they complete."""

    async def one(page: int) -> tuple[int, _Outcome]:
        late = job.time_limit_error()
        return page, late if late is not None else await _atry_page(fetcher, job, page)

    todo = iter(pages)
    running: set[asyncio.Task[tuple[int, _Outcome]]] = set()
    try:
        while True:
            while len(running) < job.settings.concurrency and (page := next(todo, None)) is not None:
                running.add(asyncio.ensure_future(one(page)))
            if not running:
                return
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task.result()
    finally:
        for task in running:
            task.cancel()


async def aextract_thread(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    progress: ProgressCallback | None = None,
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> Thread:
    """The async twin of ``extract_thread``: same arguments, same result (without a client,
    one shared by the calls on the same event loop is used)."""
    job, context = _start(url, settings, options, progress, warc)
    async with async_fetcher(job.settings, job.url(1), client, context) as fetcher:
        await aload_robots(fetcher, job, context)
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
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> AsyncIterator[PageResult]:
    """The async twin of ``iter_pages``."""
    job, context = _start(url, settings, options, warc=warc)
    plan = PagePlan(job, done_pages, page_count_hint)
    async with async_fetcher(job.settings, job.url(1), client, context) as fetcher:
        await aload_robots(fetcher, job, context)
        while (last := plan.limit_result()) is None and (page := plan.next_page()) is not None:
            yield plan.result(page, await _atry_page(fetcher, job, page))
        if last is not None:
            yield last


async def aiter_posts(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> AsyncIterator[Post]:
    """The async twin of ``iter_posts``."""
    stream = PostStream()
    async for result in aiter_pages(url, client=client, settings=settings, warc=warc, **options):
        for post in stream.take(result):
            yield post
    stream.finish(url)
