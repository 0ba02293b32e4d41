"""``crawl_site``: forum index -> forums (and sub-forums) -> threads, for one site or several.

Each host is crawled by one worker, its forums one after another, so one host is never asked
more often than ``delay`` allows (the process-wide pace schedule is per host); several hosts run
in parallel, at most ``workers`` at once. All of them write to one output and one archive (one
session: its lock keeps a page's posts and record together). A start URL may be a forum listing
(that forum is crawled) or any other page of the site (its forum index is read: every forum and
sub-forum it lists); sub-forums a listing shows above its threads are crawled too, each fid once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from typing_extensions import Unpack

from .._fetching import fetch_forum_index
from .._fetching.exchange import ExchangeObserver
from .._fetching.forums import check_max_listing_pages
from .._fetching.settings import FetchOptions, FetchSettings
from ..errors import DiscuzError, InvalidSettings
from ..links import ForumURL, UrlKind, index_forum_urls, parse_forum_url, url_kind
from .board import Progress, Since, check_since
from .forum import crawl_forum
from .results import CrawlFailure, HostRun, SiteRun
from .session import CrawlSession, Output, Writing, open_session

__all__ = ["crawl_site"]


@dataclass(frozen=True)
class _Plan:
    """What every host's worker shares: the session, the settings and the run's options."""

    session: CrawlSession
    settings: FetchSettings
    since: Since | None
    warc: ExchangeObserver | None
    max_listing_pages: int | None
    progress: Progress | None


def by_host(urls: Iterable[str]) -> dict[str, list[str]]:
    """The start URLs grouped by host (and port), hosts in the order first named."""
    groups: dict[str, list[str]] = {}
    for url in urls:
        groups.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    return groups


def _forums_of(start: str, plan: _Plan) -> list[ForumURL]:
    if url_kind(start) is UrlKind.FORUM:
        return [parse_forum_url(start)]
    return index_forum_urls(fetch_forum_index(start, settings=plan.settings, warc=plan.warc))


def crawl_host(host: str, starts: list[str], plan: _Plan) -> HostRun:
    """One host: its start URLs' forums, then the sub-forums they list, each fid once."""
    run = HostRun(host=host, starts=starts)
    queue: list[ForumURL] = []
    for start in starts:
        try:
            queue += _forums_of(start, plan)
        except DiscuzError as exc:
            run.failures.append(CrawlFailure.of(start, exc))
    done: set[tuple[str, int]] = set()
    while queue:
        forum = queue.pop(0)
        if (forum.site, forum.fid) in done:
            continue
        done.add((forum.site, forum.fid))
        url = forum.page_url(1)
        try:
            result = crawl_forum(
                url,
                plan.session,
                plan.settings,
                since=plan.since,
                warc=plan.warc,
                max_listing_pages=plan.max_listing_pages,
                progress=plan.progress,
            )
        except DiscuzError as exc:  # listing page 1 failed: the other forums are still read
            run.failures.append(CrawlFailure.of(url, exc))
            continue
        run.forums.append(result)
        queue += [parse_forum_url(sub) for sub in result.sub_forums]
    return run


def crawl_site(
    urls: str | Iterable[str],
    output: Output,
    *,
    archive: str | os.PathLike[str] | None = None,
    since: Since | None = None,
    settings: FetchSettings | None = None,
    warc: ExchangeObserver | None = None,
    workers: int = 4,
    max_listing_pages: int | None = None,
    progress: Progress | None = None,
    writing: Writing | None = None,
    **options: Unpack[FetchOptions],
) -> SiteRun:
    """Crawl whole sites: each URL's forum index (or the forum it names), every forum and
    sub-forum, every thread with all its pages, written as ``extract_forum`` writes them (one
    output, one archive: reruns are incremental the same way). Hosts are crawled in parallel
    (``workers`` at most), each paced on its own; the forums of one host one after another.

    A start URL, index or forum that cannot be read is a ``CrawlFailure`` on its host's
    ``HostRun``; the rest goes on. ``writing`` is the lock every write holds (the CLI's
    interrupt guard); the other arguments are ``extract_forum``'s.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InvalidSettings(f"workers must be an int >= 1, got {workers!r}", field="workers", value=workers)
    check_since(since)
    check_max_listing_pages(max_listing_pages)
    config = (settings or FetchSettings()).replace(**options)
    groups = by_host([urls] if isinstance(urls, str) else urls)
    with open_session(output, archive, writing=writing) as session:
        plan = _Plan(session, config, since, warc, max_listing_pages, progress)
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(groups))), thread_name_prefix="host") as pool:
            futures = [pool.submit(crawl_host, host, starts, plan) for host, starts in groups.items()]
            return SiteRun(hosts=[future.result() for future in futures])
