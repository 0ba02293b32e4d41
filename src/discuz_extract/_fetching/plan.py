"""What to fetch for a thread and what to make of it, without I/O (shared by the twins).

``ThreadJob`` is the state of one whole-thread extraction: the pages wanted, the pages read,
the failures, and the merge into a ``Thread``. ``PagePlan`` picks the next page for the
page-by-page readers as the page count becomes known; ``PostStream`` turns their pages into
posts, each pid once. ``page_from_response`` makes a fetched body a ``ThreadPage`` or a typed
error.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from .._parsing import merge_pages, parse_page
from ..errors import DiscuzError, FetchError, GatePage, IncompleteThread, LimitExceeded
from ..models import PageFailure, Post, Thread, ThreadPage
from .http import Fetched
from .robots import Robots
from .settings import FetchSettings
from .urls import ThreadURL, parse_thread_url

_log = logging.getLogger("discuz_extract")
ProgressCallback = Callable[[int, int], None]


def page_from_response(fetched: Fetched) -> ThreadPage:
    """Parse a fetched body; an HTTP error status without a Discuz message is a FetchError."""
    try:
        return parse_page(
            fetched.content, url=fetched.url, encoding=fetched.charset, fetched_at=_http_date(fetched.date)
        )
    except GatePage:
        raise
    except DiscuzError as exc:
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}", url=fetched.url, status=fetched.status) from exc
        raise


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


@dataclass
class ThreadJob:
    """The I/O-free part of extracting one thread: page 1, then the rest, merged.

    ``robots`` holds the rules the job obeys once they are read (``None``: not read yet, or
    ``obey_robots`` is off); ``url`` does not consult them: the fetch checks every URL.
    """

    target: ThreadURL
    settings: FetchSettings
    progress: ProgressCallback | None = None
    started: float = field(default_factory=time.monotonic)
    pages: dict[int, ThreadPage] = field(default_factory=dict)
    failures: dict[int, PageFailure] = field(default_factory=dict)
    robots: Robots | None = None
    rest: list[int] = field(default_factory=list)

    @classmethod
    def for_url(cls, url: str, settings: FetchSettings, progress: ProgressCallback | None = None) -> ThreadJob:
        return cls(parse_thread_url(url), settings, progress)

    def url(self, page: int) -> str:
        """The URL of ``page`` in the chosen rendering (pure: no robots check, never raises)."""
        return self.target.page_url(page, self.settings.via)

    def start(self, first: ThreadPage) -> list[int]:
        """Record page 1; returns the other pages to fetch (``max_pages`` applied)."""
        self.rest = [p for p in range(2, self.page_count(first) + 1) if p not in self.skipped(first)]
        self.record(1, first)
        return self.rest

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
        """Keep a page or its failure, and report progress (pages done, pages in all)."""
        if isinstance(result, ThreadPage):
            self.pages[page] = result
        else:
            _log.warning("page %d of thread %d failed: %s", page, self.target.tid, result)
            self.failures[page] = PageFailure(
                page=page, url=self.url(page), error=str(result), error_type=type(result).__name__
            )
        if self.progress is not None:
            self.progress(len(self.pages) + len(self.failures), 1 + len(self.rest))

    def result(self, url: str) -> Thread:
        thread = merge_pages(
            self.pages.values(),
            url=url,
            missing_pages=self.failures.keys(),
            failures=[self.failures[p] for p in sorted(self.failures)],
            skipped_pages=self.skipped(self.pages[1]) if 1 in self.pages else (),
        )
        thread.tid = thread.tid or self.target.tid
        return thread


@dataclass(frozen=True)
class PageResult:
    """One page of a thread as ``iter_pages`` read it: the parsed page, or the error."""

    page: int
    url: str
    parsed: ThreadPage | None = None
    error: DiscuzError | None = None


class PagePlan:
    """Which page to read next, as the page count becomes known (for ``iter_pages``)."""

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
        url = self.job.url(page)
        if isinstance(outcome, ThreadPage):
            self.read_any = True
            self.count = max(self.count, outcome.page_count or 1)
            return PageResult(page, url, parsed=outcome)
        if not self.read_any and page == 1:
            raise outcome  # without page 1 there is no thread to speak of
        _log.warning("page %d of thread %d failed: %s", page, self.job.target.tid, outcome)
        return PageResult(page, url, error=outcome)


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
