"""``extract_forum`` / ``aextract_forum``: every thread of a board with all its pages, one post per
JSON line, incremental against an archive. The twins share ``BoardCrawl`` and differ in the I/O:
the listing through ``iter_listing_pages`` (``aiter_listing_pages``), each thread through
``iter_pages`` (``aiter_pages``) from its first page not yet complete, with the same settings,
pacing, robots.txt cache, deadlines and exchange observers as every other call.

The listing is read whole first (a few requests, quickly, so that it changes little while it is
read), then page 1 once more when the archive knows threads the listing no longer showed, then
the threads in listing order (the most recently active first).
"""

from __future__ import annotations

import os

import httpx
from typing_extensions import Unpack

from .._fetching import aiter_listing_pages, aiter_pages, iter_listing_pages, iter_pages
from .._fetching.exchange import ExchangeObserver
from .._fetching.forums import check_max_listing_pages
from .._fetching.settings import FetchOptions, FetchSettings
from ..errors import DiscuzError
from ..links import parse_forum_url
from .board import BoardCrawl, Progress, Since, ThreadTask, check_since
from .results import ForumRun
from .session import CrawlSession, Output, open_session

__all__ = ["acrawl_forum", "aextract_forum", "crawl_forum", "extract_forum"]


def _crawl(
    url: str, session: CrawlSession, since: Since | None, max_listing_pages: int | None, progress: Progress | None
) -> BoardCrawl:
    check_since(since)
    check_max_listing_pages(max_listing_pages)
    return BoardCrawl(session, parse_forum_url(url), since, max_listing_pages, progress)


# --- sync -------------------------------------------------------------------------------------


def crawl_forum(
    url: str,
    session: CrawlSession,
    settings: FetchSettings,
    *,
    since: Since | None = None,
    client: httpx.Client | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    progress: Progress | None = None,
) -> ForumRun:
    """One forum's crawl in a session (``extract_forum``'s body; ``crawl_site`` runs several)."""
    crawl = _crawl(url, session, since, max_listing_pages, progress)
    for result in iter_listing_pages(
        url, client=client, settings=settings, warc=warc, max_listing_pages=max_listing_pages
    ):
        crawl.take_listing(result)
    rechecked = bool(crawl.gone_candidates())
    if rechecked:  # page 1 again: a thread that got a reply meanwhile is there, not gone
        try:
            for result in iter_listing_pages(url, client=client, settings=settings, warc=warc, max_listing_pages=1):
                crawl.take_listing(result, again=True)
        except DiscuzError as exc:
            crawl.read_again_failed(exc)
    crawl.confirm_gone(rechecked=rechecked)
    for task in crawl.tasks:
        _read_thread(crawl, task, settings, client, warc)
    return crawl.result()


def _read_thread(
    crawl: BoardCrawl,
    task: ThreadTask,
    settings: FetchSettings,
    client: httpx.Client | None,
    warc: ExchangeObserver | None,
) -> None:
    try:
        for result in iter_pages(
            task.run.url,
            client=client,
            settings=settings,
            warc=warc,
            done_pages=task.done_pages,
            page_count_hint=task.page_count_hint,
        ):
            crawl.take_page(task, result)
    except DiscuzError as exc:  # page 1 failed: the thread is not read, the others are
        crawl.thread_failed(task, exc)
    crawl.finish_thread(task)


def extract_forum(
    url: str,
    output: Output,
    *,
    archive: str | os.PathLike[str] | None = None,
    since: Since | None = None,
    client: httpx.Client | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    progress: Progress | None = None,
    **options: Unpack[FetchOptions],
) -> ForumRun:
    """Read every thread of the forum at ``url`` with all its pages, writing one post per JSON
    line to ``output`` (a path, appended to, or a text stream) in the shape ``--archive`` runs
    write (``thread``, ``key``, ``tid``, ``title``, ``page`` and the post's fields).

    With ``archive`` (a path) the run is incremental: the archive keeps each thread's listing
    row, and a rerun fetches only threads whose row changed (and new ones), from their first page
    not yet complete, and names the threads gone from the listing (``ForumRun.gone``, and a
    record in the archive). ``since`` (a date or datetime) skips threads whose last post is older.
    ``max_listing_pages`` reads only the first listing pages (then nothing is judged gone).
    ``progress`` is called with each ``ThreadRun`` once it is settled, each ``GoneThread``, and
    the ``ForumRun`` at the end.
    Settings, keywords, ``client`` and ``warc`` as for ``extract_thread``. Listing page 1 failing
    raises; anything later is named on the result (``listing_failures``, each thread's
    ``failures`` or ``error``).
    """
    config = (settings or FetchSettings()).replace(**options)
    parse_forum_url(url)  # a bad URL raises before any file is opened
    with open_session(output, archive) as session:
        return crawl_forum(
            url,
            session,
            config,
            since=since,
            client=client,
            warc=warc,
            max_listing_pages=max_listing_pages,
            progress=progress,
        )


# --- async ------------------------------------------------------------------------------------


async def acrawl_forum(
    url: str,
    session: CrawlSession,
    settings: FetchSettings,
    *,
    since: Since | None = None,
    client: httpx.AsyncClient | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    progress: Progress | None = None,
) -> ForumRun:
    """The async twin of ``crawl_forum``."""
    crawl = _crawl(url, session, since, max_listing_pages, progress)
    async for result in aiter_listing_pages(
        url, client=client, settings=settings, warc=warc, max_listing_pages=max_listing_pages
    ):
        crawl.take_listing(result)
    rechecked = bool(crawl.gone_candidates())
    if rechecked:
        try:
            async for result in aiter_listing_pages(
                url, client=client, settings=settings, warc=warc, max_listing_pages=1
            ):
                crawl.take_listing(result, again=True)
        except DiscuzError as exc:
            crawl.read_again_failed(exc)
    crawl.confirm_gone(rechecked=rechecked)
    for task in crawl.tasks:
        await _aread_thread(crawl, task, settings, client, warc)
    return crawl.result()


async def _aread_thread(
    crawl: BoardCrawl,
    task: ThreadTask,
    settings: FetchSettings,
    client: httpx.AsyncClient | None,
    warc: ExchangeObserver | None,
) -> None:
    try:
        async for result in aiter_pages(
            task.run.url,
            client=client,
            settings=settings,
            warc=warc,
            done_pages=task.done_pages,
            page_count_hint=task.page_count_hint,
        ):
            crawl.take_page(task, result)
    except DiscuzError as exc:
        crawl.thread_failed(task, exc)
    crawl.finish_thread(task)


async def aextract_forum(
    url: str,
    output: Output,
    *,
    archive: str | os.PathLike[str] | None = None,
    since: Since | None = None,
    client: httpx.AsyncClient | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    max_listing_pages: int | None = None,
    progress: Progress | None = None,
    **options: Unpack[FetchOptions],
) -> ForumRun:
    """The async twin of ``extract_forum`` (the archive and output are written from the loop:
    one small write per post)."""
    config = (settings or FetchSettings()).replace(**options)
    parse_forum_url(url)
    with open_session(output, archive) as session:
        return await acrawl_forum(
            url,
            session,
            config,
            since=since,
            client=client,
            warc=warc,
            max_listing_pages=max_listing_pages,
            progress=progress,
        )
