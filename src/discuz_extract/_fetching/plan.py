"""What to fetch for a thread and what to make of it, without I/O (shared by the twins).

``ThreadJob`` is the state of one whole-thread extraction: the pages wanted, the pages read,
the failures, and the merge into a ``Thread``. ``PagePlan`` picks the next page for the
page-by-page readers as the page count becomes known; ``PostStream`` turns their pages into
posts, each pid once. ``page_from_response`` makes a fetched body a ``ThreadPage`` or a typed
error, and ``check_same_thread`` refuses an answer that is not the page asked for.

A page count comes from the page (or from an archive), so it is never trusted with memory:
pages are planned as ranges, bounded by ``max_pages`` and ``max_page_count``, and the pages
left out are named as ranges on the result.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from .._parsing import parse_page
from .._parsing.merge import thread_of
from .._urls import ThreadURL, page_address, parse_thread_url
from ..errors import DiscuzError, IncompleteThread, LeftThread, LimitExceeded
from ..links import last_page, skipped_ranges
from ..models import PageFailure, Post, Thread, ThreadPage
from .body import Fetched
from .deadline import Deadline
from .responses import parse_response
from .robots import Robots
from .settings import FetchSettings

_log = logging.getLogger("discuz_extract")
ProgressCallback = Callable[[int, int], None]


def page_from_response(fetched: Fetched) -> ThreadPage:
    """A fetched body as a ``ThreadPage``, or the typed error (see ``responses.parse_response``)."""
    return parse_response(
        parse_page, fetched.content, url=fetched.url, charset=fetched.charset, date=fetched.date, status=fetched.status
    )


def check_same_thread(asked: str, fetched: Fetched, tid: int) -> None:
    """``LeftThread`` unless the answer came from the page asked for: after redirects, the same
    site (``www.`` and an https upgrade aside), thread, rendering kind and page."""
    if fetched.url == asked:
        return
    want, got = page_address(asked), page_address(fetched.url)
    if got is None:
        why = "a page that is not a thread page"
    elif want is not None and got.site != want.site:
        why = "another site"
    elif got.tid != tid:
        why = f"another thread (tid {got.tid})"
    elif want is not None and got.kind != want.kind:
        why = f"another page kind ({got.kind})"
    elif want is not None and got.page is not None and want.page is not None and got.page != want.page:
        why = f"another page ({got.page})"
    else:
        return
    raise LeftThread(f"redirected to {why}: {fetched.url[:200]}", url=asked, target=fetched.url, status=fetched.status)


def check_page_tid(asked: str, page: ThreadPage, tid: int) -> None:
    """``LeftThread`` when the page's own content names another thread."""
    if page.tid is not None and page.tid != tid:
        raise LeftThread(f"the page is of thread {page.tid}, not {tid}", url=asked, target=str(page.tid))


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
    rest: range = range(0)

    @classmethod
    def for_url(cls, url: str, settings: FetchSettings, progress: ProgressCallback | None = None) -> ThreadJob:
        return cls(parse_thread_url(url), settings, progress)

    @property
    def deadline(self) -> Deadline | None:
        """When ``thread_time_limit`` runs out, or None without one."""
        limit = self.settings.thread_time_limit
        if limit is None or limit == float("inf"):
            return None
        return Deadline(self.started + limit, limit, thread=True)

    def url(self, page: int) -> str:
        """The URL of ``page`` in the chosen rendering (pure: no robots check, never raises)."""
        return self.target.page_url(page, self.settings.via)

    def start(self, first: ThreadPage) -> range:
        """Record page 1; returns the other pages to fetch (the limits applied), as a range."""
        self.rest = range(
            2, last_page(self.page_count(first), self.settings.max_pages, self.settings.max_page_count) + 1
        )
        self.record(1, first)
        return self.rest

    @staticmethod
    def page_count(first: ThreadPage) -> int:
        return max(first.page_count or 1, 1)

    def time_limit_error(self) -> LimitExceeded | None:
        """The error for a page not started because ``thread_time_limit`` ran out, else None."""
        deadline = self.deadline
        if deadline is not None and deadline.expired():
            return LimitExceeded(f"thread_time_limit of {deadline.seconds:g}s reached")
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
        limits = (self.settings.max_pages, self.settings.max_page_count)
        ranges = skipped_ranges(self.page_count(self.pages[1]), *limits) if 1 in self.pages else []
        failures = [self.failures[p] for p in sorted(self.failures)]
        return thread_of(self.pages.values(), url=url, tid=self.target.tid, failures=failures, skipped=ranges)


@dataclass(frozen=True)
class PageResult:
    """One page of a thread as ``iter_pages`` read it: the parsed page, or the error."""

    page: int
    url: str
    parsed: ThreadPage | None = None
    error: DiscuzError | None = None


class PagePlan:
    """Which page to read next, as the page count becomes known (for ``iter_pages``).

    The count (from the pages, or ``count_hint`` from an archive) is believed up to
    ``max_page_count``; pages past it, and pages not reached by ``thread_time_limit``, end the
    plan with one ``LimitExceeded`` result that names them.
    """

    def __init__(self, job: ThreadJob, done: Collection[int], count_hint: int | None) -> None:
        self.job, self.done = job, frozenset(done)
        self.count = max(count_hint or 1, 1)
        self.page = 1
        self.read_any = False
        self.ended = False

    def next_page(self) -> int | None:
        if self.ended:
            return None
        limit = last_page(self.count, self.job.settings.max_pages, self.job.settings.max_page_count)
        while self.page <= limit and self.page in self.done:
            self.page += 1
        return self.page if self.page <= limit else None

    def limit_result(self) -> PageResult | None:
        """The last result when a limit ended the plan early (``None`` when it did not)."""
        settings, page = self.job.settings, self.next_page()
        if self.ended:
            return None
        if page is not None and (late := self.job.time_limit_error()) is not None:
            if page == 1 and not self.read_any:
                raise late  # without page 1 there is no thread to speak of
            self.ended = True
            return PageResult(page, self.job.url(page), error=late)
        if page is None and self.count > settings.max_page_count:
            self.ended = True
            first = settings.max_page_count + 1
            claim = f"the pager claims {self.count} pages, more than max_page_count={settings.max_page_count}"
            return PageResult(first, self.job.url(first), error=LimitExceeded(f"{claim}: pages {first}+ not read"))
        return None

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


_TRUNCATED = "the page ended before its closing markup: posts may be missing"
_TRUNCATED_TYPE = "TruncatedPage"


class PostStream:
    """Each post once across pages (a post can move to the next page while a thread is read),
    the pages that failed or were cut short, to raise ``IncompleteThread`` once the rest is
    out. A pid seen again with other words (edited between two fetches, or two posts sharing
    a pid) is yielded again: the later copy is not dropped."""

    def __init__(self) -> None:
        self.seen: dict[object, tuple[str, str]] = {}
        self.failures: list[PageFailure] = []

    def take(self, result: PageResult) -> list[Post]:
        if result.parsed is None:
            error = result.error or DiscuzError("page failed")
            self.failures.append(
                PageFailure(page=result.page, url=result.url, error=str(error), error_type=type(error).__name__)
            )
            return []
        if result.parsed.truncated:
            self.failures.append(
                PageFailure(page=result.page, url=result.url, error=_TRUNCATED, error_type=_TRUNCATED_TYPE)
            )
        fresh = []
        for index, post in enumerate(result.parsed.posts):
            key: object = post.pid if post.pid is not None else (result.page, index)
            words = (post.text, post.status.value)
            if self.seen.get(key) != words:
                self.seen[key] = words
                fresh.append(post)
        return fresh

    def finish(self, url: str) -> None:
        if self.failures:
            raise IncompleteThread(f"pages {[f.page for f in self.failures]} failed", url=url, failures=self.failures)
