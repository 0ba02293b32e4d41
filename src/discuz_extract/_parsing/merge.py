"""Merge the pages of one thread into a ``Thread`` (pure).

Posts are kept once. A post with a pid is the same post wherever its pid appears (a post that
moved to the next page while the thread was read, a hot-reply copy on page 1); when two copies
of a pid differ in what the author wrote, the first is kept and the other is reported in
``Thread.conflicts``, never dropped silently. Renderings without pids (archiver, printable)
match a post by its author's name and its time to the minute (they print no seconds); the
nearest floor decides between two such posts. A post that matches nothing is kept.

Completeness is never assumed: every page from 1 to the page count that is neither read nor
skipped on purpose is named in ``missing_pages``, and a page cut short is named in
``truncated_pages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from ..models import SKIPPED_PAGES_LISTED, PageFailure, PageRange, Post, PostConflict, Thread, ThreadPage

# a page count beyond this is not trusted to list every absent page (a hostile pager)
MAX_LISTED_PAGES = 10_000


def merge_pages(
    pages: Iterable[ThreadPage],
    *,
    url: str | None = None,
    missing_pages: Iterable[int] = (),
    failures: Iterable[PageFailure] = (),
    skipped_pages: Iterable[int] = (),
) -> Thread:
    """Posts in floor order, each post once; the header from page 1 (it alone has the counters).

    ``missing_pages``/``failures`` name pages that failed to fetch; ``skipped_pages`` pages left
    out on purpose (``max_pages``). Pages up to the page count that are in neither and were not
    given are added to ``missing_pages``.
    """
    ordered = sorted(pages, key=lambda p: p.page)
    skipped = sorted(set(skipped_pages))
    if not ordered:
        return Thread(url=url, missing_pages=sorted(set(missing_pages)), failures=list(failures))
    thread = _header(ordered, url)
    _continue_floors(ordered)
    merged = _PostMerge()
    for page in ordered:  # every pid first, so that pid-less renderings find them all
        merged.add_posts_with_pid(page)
    for page in ordered:
        merged.add_posts_without_pid(page)
    thread.posts, thread.conflicts = merged.posts(), merged.conflicts
    thread.page_count = max((p.page_count or p.page for p in ordered), default=None)
    thread.missing_pages = _missing(ordered, thread.page_count, set(missing_pages), set(skipped))
    thread.skipped_pages = skipped
    thread.truncated_pages = [p.page for p in ordered if p.truncated]
    thread.failures = list(failures)
    return thread


def thread_of(
    pages: Iterable[ThreadPage],
    *,
    url: str | None,
    tid: int | None,
    failures: Iterable[PageFailure] = (),
    skipped: list[PageRange] | None = None,
) -> Thread:
    """A thread as a crawl read it: its pages, the pages that failed, the ranges the limits left
    out (``links.skipped_ranges``). ``extract_thread`` and the Scrapy spider both end here."""
    failed = sorted(failures, key=lambda f: f.page)
    ranges = skipped or []
    thread = merge_pages(
        pages,
        url=url,
        missing_pages=[f.page for f in failed],
        failures=failed,
        skipped_pages=islice(_pages_of(ranges), MAX_LISTED_PAGES),  # the merge lists no more absent pages
    )
    thread.tid = thread.tid or tid
    thread.skipped_pages = list(islice(_pages_of(ranges), SKIPPED_PAGES_LISTED))
    thread.skipped_ranges = ranges
    return thread


def _pages_of(ranges: list[PageRange]) -> Iterable[int]:
    return (page for r in ranges for page in range(r.first, r.last + 1))


def _header(ordered: list[ThreadPage], url: str | None) -> Thread:
    first = ordered[0]
    fields = set(Thread.model_fields) - {"posts", "missing_pages", "failures", "conflicts", "truncated_pages"}
    thread = Thread.model_validate(first.model_dump(include=fields & set(ThreadPage.model_fields)))
    thread.url = url or first.url
    for page in ordered[1:]:
        _fill_header_gaps(thread, page)
    return thread


def _missing(ordered: list[ThreadPage], count: int | None, failed: set[int], skipped: set[int]) -> list[int]:
    present = {p.page for p in ordered}
    last = min(count or 1, MAX_LISTED_PAGES)
    absent = {n for n in range(1, last + 1) if n not in present and n not in skipped}
    return sorted(absent | failed)


def _fill_header_gaps(thread: Thread, page: ThreadPage) -> None:
    for name in ("tid", "title", "forum", "views", "replies", "prev_thread", "next_thread"):
        if getattr(thread, name) is None and getattr(page, name) is not None:
            setattr(thread, name, getattr(page, name))
    if not thread.breadcrumb:
        thread.breadcrumb = page.breadcrumb


def _continue_floors(pages: list[ThreadPage]) -> None:
    """Kinds without floors number a last page only from the page before it (archiver)."""
    by_number = {(p.kind, p.page): p for p in pages}
    for page in pages:
        previous = by_number.get((page.kind, page.page - 1))
        if previous is None or not page.posts or any(p.floor is not None for p in page.posts):
            continue
        known = [p.floor for p in previous.posts if p.floor is not None]
        if len(known) == len(previous.posts) and known:
            for offset, post in enumerate(page.posts, start=1):
                post.floor = max(known) + offset


def _minute(when: datetime | None) -> datetime | None:
    return when.replace(second=0, microsecond=0) if when is not None else None


def _identity(post: Post) -> tuple[str, datetime] | None:
    """What a pid-less rendering shows of a post that is also in a pid-bearing one."""
    name = post.author.name if post.author is not None else None
    minute = _minute(post.posted_at)
    return (name, minute) if name and minute is not None else None


def _same_words(a: Post, b: Post) -> bool:
    return (a.text, a.status) == (b.text, b.status)


@dataclass
class _PostMerge:
    """The posts kept so far, by pid and by what pid-less renderings can match on."""

    by_pid: dict[int, tuple[int, Post]] = field(default_factory=dict)
    unkeyed: list[Post] = field(default_factory=list)
    by_identity: dict[tuple[str, datetime], list[Post]] = field(default_factory=dict)
    order: dict[int, int] = field(default_factory=dict)
    conflicts: list[PostConflict] = field(default_factory=list)

    def add_posts_with_pid(self, page: ThreadPage) -> None:
        for post in page.posts:
            if post.pid is not None:
                self._add_with_pid(page.page, post)

    def add_posts_without_pid(self, page: ThreadPage) -> None:
        used: set[int] = set()  # id() of kept posts a post of this page matched or is
        for post in page.posts:
            if post.pid is None:
                self._add_without_pid(post, used)

    def _keep(self, post: Post) -> None:
        self.order[id(post)] = len(self.order)
        if (identity := _identity(post)) is not None:
            self.by_identity.setdefault(identity, []).append(post)

    def _add_with_pid(self, page: int, post: Post) -> None:
        assert post.pid is not None
        kept = self.by_pid.get(post.pid)
        if kept is None:
            self.by_pid[post.pid] = (page, post)
            self._keep(post)
            return
        kept_page, kept_post = kept
        dropped, dropped_page = post, page
        if kept_post.floor is None and post.floor is not None:
            # a hot-reply copy came first; the post shown in place knows its floor
            self.by_pid[post.pid] = (page, post)
            self.order[id(post)] = self.order[id(kept_post)]
            dropped, dropped_page, kept_page = kept_post, kept_page, page
        if not _same_words(kept_post, post):
            self.conflicts.append(PostConflict(pid=post.pid, kept_page=kept_page, page=dropped_page, post=dropped))

    def _add_without_pid(self, post: Post, used: set[int]) -> None:
        identity = _identity(post)
        candidates = [p for p in self.by_identity.get(identity, []) if id(p) not in used] if identity else []
        if candidates:
            nearest = min(candidates, key=lambda p: abs((p.floor or 0) - (post.floor or 0)))
            used.add(id(nearest))
            return
        self.unkeyed.append(post)
        self._keep(post)
        used.add(id(post))

    def posts(self) -> list[Post]:
        kept = [post for _, post in self.by_pid.values()] + self.unkeyed
        return sorted(
            kept,
            key=lambda p: (p.floor is None, p.floor if p.floor is not None and p.floor > 0 else 0, self.order[id(p)]),
        )
