"""What to fetch of a forum's listing and what to make of it, without I/O (shared by the twins).

``ListingJob`` is one listing read: the forum, the settings, the robots.txt rules once read.
``ListingPlan`` picks the next listing page as the page count becomes known (page 1 first; the
count is believed up to ``max_page_count``, and ``max_listing_pages`` stops earlier by choice).
``ListingRows`` turns the pages into threads, each once: stickies repeat on every page, a moved
row stands for its target, and a row seen again on a later page (the listing shifts while it is
read) is not given twice. ``listing_from_response`` makes a fetched body a ``ForumPage`` or a
typed error, and ``check_same_forum`` refuses an answer that is not the listing asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .._parsing.forum import parse_forum_index, parse_forum_page
from ..errors import DiscuzError, LeftForum, LimitExceeded
from ..links import ForumURL, parse_forum_url, row_thread_url
from ..models import ForumIndex, ForumPage, ForumThread, PageFailure, PageRange
from .body import Fetched
from .deadline import Deadline
from .responses import Model, Parser, parse_response
from .robots import Robots
from .settings import FetchSettings

_log = logging.getLogger("discuz_extract")


@dataclass(frozen=True)
class ListingPageResult:
    """One listing page as ``iter_listing_pages`` read it: the parsed page, or the error."""

    page: int
    url: str
    parsed: ForumPage | None = None
    error: DiscuzError | None = None

    def failure(self) -> PageFailure:
        error = self.error or DiscuzError("listing page failed")
        return PageFailure(page=self.page, url=self.url, error=str(error), error_type=type(error).__name__)


@dataclass
class ListingJob:
    """The I/O-free part of reading one forum's listing. A listing page has no time limit of
    its own (``thread_time_limit`` is per thread): each request has ``request_deadline``."""

    target: ForumURL
    settings: FetchSettings
    max_listing_pages: int | None = None
    robots: Robots | None = None

    @property
    def deadline(self) -> Deadline | None:
        return None

    def url(self, page: int) -> str:
        return self.target.page_url(page)


@dataclass
class IndexJob:
    """Reading a site's forum index: its URL, the settings, the robots.txt rules once read."""

    index: str
    settings: FetchSettings
    robots: Robots | None = None

    @property
    def target(self) -> IndexJob:
        return self

    @property
    def host(self) -> str:
        return urlsplit(self.index).netloc

    @property
    def bare_host(self) -> str:
        return _bare_host(urlsplit(self.index).hostname or "")

    @property
    def robots_url(self) -> str:
        parts = urlsplit(self.index)
        return f"{parts.scheme}://{parts.netloc}/robots.txt"

    @property
    def deadline(self) -> Deadline | None:
        return None

    def url(self, page: int) -> str:
        return self.index


def _parse_fetched(fetched: Fetched, parser: Parser[Model]) -> Model:
    return parse_response(
        parser, fetched.content, url=fetched.url, charset=fetched.charset, date=fetched.date, status=fetched.status
    )


def listing_from_response(fetched: Fetched) -> ForumPage:
    return _parse_fetched(fetched, parse_forum_page)


def index_from_response(fetched: Fetched) -> ForumIndex:
    return _parse_fetched(fetched, parse_forum_index)


def check_same_forum(asked: str, fetched: Fetched, target: ForumURL) -> None:
    """``LeftForum`` unless a redirected answer is still a listing of the same forum and host
    (``www.`` and a change of scheme aside)."""
    if fetched.url == asked:
        return
    try:
        landed = parse_forum_url(fetched.url)
    except DiscuzError:
        raise LeftForum(
            f"redirected to a page that is not a forum listing: {fetched.url[:200]}", url=asked, target=fetched.url
        ) from None
    if _bare_host(urlsplit(landed.site).hostname or "") != _bare_host(urlsplit(target.site).hostname or ""):
        why = "another site"
    elif landed.fid != target.fid:
        why = f"another forum (fid {landed.fid})"
    else:
        return
    raise LeftForum(f"redirected to {why}: {fetched.url[:200]}", url=asked, target=fetched.url, status=fetched.status)


def check_page_fid(asked: str, page: ForumPage, target: ForumURL) -> None:
    """``LeftForum`` when the listing's own content names another forum."""
    if page.fid is not None and page.fid != target.fid:
        raise LeftForum(f"the listing is of forum {page.fid}, not {target.fid}", url=asked, target=str(page.fid))


def _bare_host(host: str) -> str:
    return host.lower().removeprefix("www.")


class ListingPlan:
    """Which listing page to read next. Page 1 gives the count (a later page may raise it);
    pages past ``max_page_count`` end the plan with one ``LimitExceeded`` result, and pages past
    ``max_listing_pages`` are left out by choice (``skipped``)."""

    def __init__(self, job: ListingJob) -> None:
        self.job = job
        self.count = 1
        self.page = 1
        self.read_any = False
        self.ended = False

    def _last(self) -> int:
        limits = [self.count, self.job.settings.max_page_count]
        if self.job.max_listing_pages is not None:
            limits.append(self.job.max_listing_pages)
        return max(min(limits), 1)

    def next_page(self) -> int | None:
        if self.ended or self.page > self._last():
            return None
        return self.page

    def limit_result(self) -> ListingPageResult | None:
        """The last result when the pager claims more than ``max_page_count`` pages."""
        cap = self.job.settings.max_page_count
        if self.ended or self.next_page() is not None or self.count <= cap:
            return None
        if self.job.max_listing_pages is not None and self.job.max_listing_pages <= cap:
            return None
        self.ended = True
        first = cap + 1
        claim = f"the listing's pager claims {self.count} pages, more than max_page_count={cap}"
        return ListingPageResult(first, self.job.url(first), error=LimitExceeded(f"{claim}: pages {first}+ not read"))

    @property
    def skipped(self) -> list[PageRange]:
        """The pages ``max_listing_pages`` left out, as a range (empty when none were)."""
        chosen = self.job.max_listing_pages
        believed = min(self.count, self.job.settings.max_page_count)
        if chosen is None or chosen >= believed:
            return []
        return [PageRange(first=chosen + 1, last=believed, reason="max_listing_pages")]

    def result(self, page: int, outcome: ForumPage | DiscuzError) -> ListingPageResult:
        self.page = page + 1
        url = self.job.url(page)
        if isinstance(outcome, ForumPage):
            self.read_any = True
            self.count = max(self.count, outcome.page_count or 1)
            return ListingPageResult(page, url, parsed=outcome)
        if not self.read_any and page == 1:
            raise outcome  # without page 1 there is no listing to speak of
        _log.warning("listing page %d of forum %d failed: %s", page, self.job.target.fid, outcome)
        return ListingPageResult(page, url, error=outcome)


@dataclass
class ListingRows:
    """Listing pages in, each thread once out (in the order first listed)."""

    seen: set[int] = field(default_factory=set)
    failures: list[PageFailure] = field(default_factory=list)

    def take(self, result: ListingPageResult) -> list[ForumThread]:
        if result.parsed is None:
            self.failures.append(result.failure())
            return []
        fresh = []
        for row in result.parsed.threads:
            target = row_thread_url(row, result.parsed)
            if target is None or target.tid in self.seen:
                continue
            self.seen.add(target.tid)
            moved_from = row.tid if row.moved and row.tid != target.tid else None
            fresh.append(
                ForumThread(
                    tid=target.tid,
                    url=target.page_url(1),
                    listing_page=result.page,
                    listing_url=result.url,
                    moved_from=moved_from,
                    summary=row,
                )
            )
        return fresh
