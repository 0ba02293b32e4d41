"""The public forum calls: a forum's listing page by page, its threads each once, and the forum
index; sync and async.

They are the thread calls' siblings and share their machinery: the settings and keywords, the
fetchers and ``FetchContext`` (the process-wide pace schedule and robots.txt cache, and the
observers of ``warc=``), robots.txt read once per site, ``request_deadline`` and retries per
request, and one boundary per page (``page_boundary``) where anything a page triggers becomes a
``DiscuzError``. Listing page 1 failing raises; a later page that fails is a result with its
error (``iter_listing_pages``), and ``iter_forum`` names it in ``IncompleteForum`` after the
last thread it could list.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
from typing_extensions import Unpack

from ..errors import DiscuzError, IncompleteForum, InvalidSettings, LeftForum
from ..links import index_url, parse_forum_url
from ..models import ForumIndex, ForumPage, ForumThread
from .body import Fetched
from .context import FetchContext, default_context
from .exchange import ExchangeObserver
from .http import AsyncFetcher, SyncFetcher
from .listing import (
    IndexJob,
    ListingJob,
    ListingPageResult,
    ListingPlan,
    ListingRows,
    check_page_fid,
    check_same_forum,
    index_from_response,
    listing_from_response,
)
from .settings import FetchOptions, FetchSettings
from .threads import allowed_url, aload_robots, async_fetcher, load_robots, page_boundary, sync_fetcher

__all__ = [
    "ListingPageResult",
    "afetch_forum_index",
    "aiter_forum",
    "aiter_listing_pages",
    "fetch_forum_index",
    "iter_forum",
    "iter_listing_pages",
]

_Outcome = ForumPage | DiscuzError

# --- the steps both twins share -------------------------------------------------------------


def _config(settings: FetchSettings | None, options: FetchOptions) -> FetchSettings:
    return (settings or FetchSettings()).replace(**options)


def check_max_listing_pages(value: object) -> None:
    """``InvalidSettings`` unless ``value`` is ``None`` or an int >= 1."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvalidSettings(
            f"max_listing_pages must be an int >= 1 or None, got {value!r}", field="max_listing_pages", value=value
        )


def _start(
    url: str,
    settings: FetchSettings | None,
    options: FetchOptions,
    warc: ExchangeObserver | None,
    max_listing_pages: int | None,
) -> tuple[ListingJob, FetchContext]:
    """The job (``InvalidForumURL`` for a URL that names no listing) and the context shared."""
    check_max_listing_pages(max_listing_pages)
    job = ListingJob(parse_forum_url(url), _config(settings, options), max_listing_pages)
    return job, default_context().with_observer(warc)


def _parse_listing(job: ListingJob, asked: str, fetched: Fetched) -> ForumPage:
    """The listing parsed, once it is known to be the listing asked for (``LeftForum`` otherwise)."""
    check_same_forum(asked, fetched, job.target)
    page = listing_from_response(fetched)
    check_page_fid(asked, page, job.target)
    return page


def _parse_index(job: IndexJob, fetched: Fetched) -> ForumIndex:
    if httpx.URL(fetched.url).host.lower().removeprefix("www.") != job.bare_host:
        raise LeftForum(f"redirected to another site: {fetched.url[:200]}", url=job.index, target=fetched.url)
    return index_from_response(fetched)


def _incomplete(url: str, rows: ListingRows) -> None:
    if rows.failures:
        pages = [f.page for f in rows.failures]
        raise IncompleteForum(f"listing pages {pages} failed", url=url, failures=rows.failures)


# --- sync -------------------------------------------------------------------------------------


def _try_listing(fetcher: SyncFetcher, job: ListingJob, page: int) -> _Outcome:
    url = job.url(page)
    try:
        with page_boundary(url):
            return _parse_listing(job, url, fetcher.get(allowed_url(job, page)))
    except DiscuzError as exc:
        return exc
    raise AssertionError("unreachable")  # pragma: no cover


def iter_listing_pages(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    **options: Unpack[FetchOptions],
) -> Iterator[ListingPageResult]:
    """Read a forum's listing page by page, in order, yielding each page or its error.

    ``url`` is any listing URL (``forum-F-P.html``, ``forum.php?mod=forumdisplay&fid=F``, the
    archiver's or touch's); the desktop listing is read from page 1 in the URL form given
    (rewrite or dynamic). Page 1 failing raises; a later page is a result with its ``error``.
    ``max_listing_pages`` reads at most that many pages; a pager claiming more than
    ``max_page_count`` ends with one ``LimitExceeded`` result. Settings and keywords as for
    ``extract_thread`` (``delay``, ``cookies``, ``obey_robots``...); ``warc`` observes every
    exchange.
    """
    job, context = _start(url, settings, options, warc, max_listing_pages)
    plan = ListingPlan(job)
    with sync_fetcher(job.settings, job.url(1), client, context) as fetcher:
        load_robots(fetcher, job, context)
        while (last := plan.limit_result()) is None and (page := plan.next_page()) is not None:
            yield plan.result(page, _try_listing(fetcher, job, page))
        if last is not None:
            yield last


def iter_forum(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    **options: Unpack[FetchOptions],
) -> Iterator[ForumThread]:
    """Every thread of a forum's listing, each once, as ``ForumThread`` (the row as listed, the
    listing page it was first found on, the thread's URL; a moved row gives its target).

    Stickies, which Discuz repeats on every page, come once; so does a row the listing shifts
    onto the next page while it is read. After the last thread, ``IncompleteForum`` names the
    listing pages that failed, if any (nothing is skipped silently). Arguments as for
    ``iter_listing_pages``.
    """
    rows = ListingRows()
    for result in iter_listing_pages(
        url, client=client, settings=settings, warc=warc, max_listing_pages=max_listing_pages, **options
    ):
        yield from rows.take(result)
    _incomplete(url, rows)


def fetch_forum_index(
    url: str,
    *,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> ForumIndex:
    """Read the forum index of the site ``url`` is on (``forum.php`` in its folder, or the URL
    itself when it is ``forum.php`` or a category page), with robots.txt, pacing and retries."""
    job = IndexJob(index_url(url), _config(settings, options))
    context = default_context().with_observer(warc)
    with sync_fetcher(job.settings, job.index, client, context) as fetcher:
        load_robots(fetcher, job, context)
        with page_boundary(job.index):
            return _parse_index(job, fetcher.get(allowed_url(job, 1)))
    raise AssertionError("unreachable")  # pragma: no cover


# --- async ------------------------------------------------------------------------------------


async def _atry_listing(fetcher: AsyncFetcher, job: ListingJob, page: int) -> _Outcome:
    url = job.url(page)
    try:
        with page_boundary(url):
            return _parse_listing(job, url, await fetcher.get(allowed_url(job, page)))
    except DiscuzError as exc:
        return exc
    raise AssertionError("unreachable")  # pragma: no cover


async def aiter_listing_pages(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    **options: Unpack[FetchOptions],
) -> AsyncIterator[ListingPageResult]:
    """The async twin of ``iter_listing_pages``."""
    job, context = _start(url, settings, options, warc, max_listing_pages)
    plan = ListingPlan(job)
    async with async_fetcher(job.settings, job.url(1), client, context) as fetcher:
        await aload_robots(fetcher, job, context)
        while (last := plan.limit_result()) is None and (page := plan.next_page()) is not None:
            yield plan.result(page, await _atry_listing(fetcher, job, page))
        if last is not None:
            yield last


async def aiter_forum(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    **options: Unpack[FetchOptions],
) -> AsyncIterator[ForumThread]:
    """The async twin of ``iter_forum``."""
    rows = ListingRows()
    async for result in aiter_listing_pages(
        url, client=client, settings=settings, warc=warc, max_listing_pages=max_listing_pages, **options
    ):
        for thread in rows.take(result):
            yield thread
    _incomplete(url, rows)


async def afetch_forum_index(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    **options: Unpack[FetchOptions],
) -> ForumIndex:
    """The async twin of ``fetch_forum_index``."""
    job = IndexJob(index_url(url), _config(settings, options))
    context = default_context().with_observer(warc)
    async with async_fetcher(job.settings, job.index, client, context) as fetcher:
        await aload_robots(fetcher, job, context)
        with page_boundary(job.index):
            return _parse_index(job, await fetcher.get(allowed_url(job, 1)))
    raise AssertionError("unreachable")  # pragma: no cover
