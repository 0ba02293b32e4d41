"""One forum's crawl without I/O (shared by the twins): the listing's threads in, the archive's
incremental rule applied, the pages to read out, the result built.

The rule: a listed thread whose row (replies, last post time, last poster) equals the one the
archive recorded for this forum is not fetched; any other is, from its first page not yet
complete (a full page before the last; the last can grow). A row is recorded only once its
thread is read to the last page without a failure, so anything cut short is read again next
time. Threads the archive knows in this forum that the listing no longer shows are gone; that
is judged only when every listing page was read, after page 1 is read once more (a thread that
got a reply while the listing was read jumps to page 1, already read: it is not gone).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from .._archive import ListedRow
from .._fetching.listing import ListingPageResult, ListingRows
from .._fetching.plan import PageResult
from .._urls import parse_thread_url
from ..errors import DiscuzError, InvalidSettings, ThreadNotFound
from ..links import ForumURL, sub_forum_urls
from ..models import ForumThread, PageFailure, PageRange
from .results import ForumRun, GoneReason, GoneThread, ThreadRun, ThreadStatus
from .session import CrawlSession

_log = logging.getLogger("discuz_extract")
Since = date | datetime
Progress = Callable[[ThreadRun | GoneThread | ForumRun], None]


def forum_key(forum: ForumURL) -> str:
    return f"{forum.site}#forum-{forum.fid}"


def thread_key(url: str) -> str:
    target = parse_thread_url(url)
    return f"{target.site}#{target.tid}"


def check_since(since: object) -> None:
    if since is not None and not isinstance(since, date):
        raise InvalidSettings(f"since must be a date, a datetime or None, got {since!r}", field="since", value=since)


def is_older(at: datetime | None, since: Since | None) -> bool:
    """The last post is before ``since`` (a date: that day in the site's time; a naive datetime:
    in the site's time too). A row that shows no time is never older."""
    if at is None or since is None:
        return False
    if isinstance(since, datetime):
        return at < (since if since.tzinfo is not None else since.replace(tzinfo=at.tzinfo))
    return at.date() < since


def listed_row(item: ForumThread) -> ListedRow:
    row = item.summary
    at = row.last_post_at.isoformat() if row.last_post_at else None
    return ListedRow(
        tid=item.tid,
        title=row.title,
        replies=row.replies,
        last_post_at=at,
        last_poster=row.last_poster,
        listing_page=item.listing_page,
    )


@dataclass
class ThreadTask:
    """A listed thread to read: from which page, and what its row is now."""

    run: ThreadRun
    row: ListedRow
    done_pages: frozenset[int]
    page_count_hint: int | None
    last_read: int = 0
    count: int = 1


@dataclass
class BoardCrawl:
    """The state of one forum's crawl; the drivers feed it listing pages, then thread pages."""

    session: CrawlSession
    forum: ForumURL
    since: Since | None = None
    max_listing_pages: int | None = None
    progress: Progress | None = None
    rows: ListingRows = field(default_factory=ListingRows)
    tasks: list[ThreadTask] = field(default_factory=list)
    listed: dict[str, ListedRow] = field(default_factory=dict)
    page_count: int = 1

    def __post_init__(self) -> None:
        self.key = forum_key(self.forum)
        self.known = self.session.archive.forum_rows(self.key)  # as the run starts
        self.run = ForumRun(url=self.forum.page_url(1), forum=self.key, fid=self.forum.fid)

    # --- the listing ---------------------------------------------------------------------------

    def take_listing(self, result: ListingPageResult, *, again: bool = False) -> None:
        page = result.parsed
        if page is not None and not again:
            self.run.listing_pages.append(result.page)
            self.page_count = max(self.page_count, page.page_count or 1)
            if result.page == 1:
                self.run.name = page.name
                self.run.sub_forums = [f.page_url(1) for f in sub_forum_urls(page)]
        for item in self.rows.take(result):
            self._note(item)

    def _note(self, item: ForumThread) -> None:
        key, row = thread_key(item.url), listed_row(item)
        self.listed[key] = row
        status = self._status(key, row, item)
        run = ThreadRun(
            tid=item.tid, key=key, url=item.url, title=row.title, listing_page=item.listing_page, status=status
        )
        self.run.threads.append(run)
        if run.fetched:
            progress = self.session.archive.progress(key)
            self.tasks.append(ThreadTask(run, row, frozenset(progress.done_pages), progress.page_count))
            return
        if status == "seen":
            self.session.record_row(self.key, key, row)
        self._tell(run)

    def _status(self, key: str, row: ListedRow, item: ForumThread) -> ThreadStatus:
        if is_older(item.summary.last_post_at, self.since):
            return "older"
        if key in self.session.read_this_run:
            return "seen"
        before = self.known.get(key)
        if before is not None:
            telling = any(value is not None for value in row.state())  # a row showing nothing tells nothing
            return "unchanged" if telling and before.state() == row.state() else "changed"
        progress = self.session.archive.threads.get(key)
        return "resumed" if progress is not None and (progress.done_pages or progress.seen) else "new"

    def skipped(self) -> list[PageRange]:
        chosen = self.max_listing_pages
        if chosen is None or chosen >= self.page_count:
            return []
        return [PageRange(first=chosen + 1, last=self.page_count, reason="max_listing_pages")]

    def gone_candidates(self) -> list[str]:
        """Threads known in this forum that the listing did not show, when that can be judged."""
        if self.rows.failures or self.skipped():
            return []
        return [key for key in self.known if key not in self.listed]

    def read_again_failed(self, error: DiscuzError) -> None:
        """Page 1 could not be read again: nothing is judged gone this time."""
        self.rows.failures.append(ListingPageResult(1, self.forum.page_url(1), error=error).failure())

    def confirm_gone(self, *, rechecked: bool) -> None:
        self.run.rechecked = rechecked
        self.run.gone_checked = not self.rows.failures and not self.skipped()
        for key in self.gone_candidates():
            self._gone(key, self.known[key].tid, self.known[key].title, "not listed")

    def _gone(self, key: str, tid: int, title: str | None, reason: GoneReason) -> None:
        self.session.record_gone(self.key, key, tid=tid, title=title, reason=reason)
        gone = GoneThread(tid=tid, key=key, forum=self.key, title=title, reason=reason)
        self.run.gone.append(gone)
        self._tell(gone)

    # --- the threads -----------------------------------------------------------------------------

    def take_page(self, task: ThreadTask, result: PageResult) -> None:
        run = task.run
        if result.parsed is None:
            error = result.error or DiscuzError("page failed")
            run.failures.append(result_failure(result, error))
            return
        page = result.parsed
        run.pages_read.append(result.page)
        if page.truncated:
            run.truncated_pages.append(result.page)
        run.posts_written += self.session.write_page(run.key, page, result.page, default_tid=run.tid)
        task.last_read = max(task.last_read, result.page)
        task.count = max(task.count, page.page_count or 1, result.page)
        run.page_count = task.count

    def thread_failed(self, task: ThreadTask, error: DiscuzError) -> None:
        """The thread could not be read at all; a listed thread now not found is gone."""
        task.run.error, task.run.error_type = str(error), type(error).__name__
        _log.warning("thread %s failed: %s", task.run.url, error)
        if isinstance(error, ThreadNotFound):
            self._gone(task.run.key, task.run.tid, task.run.title, "not found")

    def finish_thread(self, task: ThreadTask) -> None:
        run = task.run
        run.read_to_end = task.last_read >= task.count and task.last_read > 0
        if run.complete:
            self.session.record_row(self.key, run.key, task.row)
        self._tell(run)

    def _tell(self, item: ThreadRun | GoneThread) -> None:
        if self.progress is not None:
            self.progress(item)

    def result(self) -> ForumRun:
        self.run.listing_failures = list(self.rows.failures)
        self.run.skipped_listing_pages = self.skipped()
        if self.progress is not None:
            self.progress(self.run)
        return self.run


def result_failure(result: PageResult, error: DiscuzError) -> PageFailure:
    return PageFailure(page=result.page, url=result.url, error=str(error), error_type=type(error).__name__)
