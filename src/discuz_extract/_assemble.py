"""Threads from pages found one by one (WARC records, in any order, over many files) (pure).

``assemble_threads`` groups results by (host, tid) and merges every rendering of a thread
(desktop, touch, mobile API, archiver, printable) into one ``Thread``. Renderings that carry
pids (desktop, API, touch) share their page numbers and are merged with ``merge_pages``, the
richest kind first for each page; archiver and printable posts fill floors the others lack.

Memory bound: the pages of threads not yet complete are held. A thread is emitted (and its
pages let go) as soon as every page 1..page_count of a rendering with pids is covered, by a
page of its own or by the floors other renderings filled in; a thread seen only through the
archiver or the printable view waits for the end of input. End of input flushes the rest as incomplete threads that
name their missing pages; ``max_pending_pages`` flushes the oldest incomplete thread when more
pages than that are held. A page of a thread already emitted is counted in ``late_pages`` and
not merged, so the result depends only on the order of the records (a Dask run sorts each
group by file and offset to give the same threads as one process).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

from ._parsing import merge_pages
from ._text import tid_from_url
from ._urls import page_address
from .errors import DiscuzError, NotAThreadPage
from .models import PageFailure, PageKind, PageSource, Post, Thread, ThreadPage

# richest first: which rendering's post wins for a floor two renderings show
KIND_PRIORITY = (PageKind.DESKTOP, PageKind.API, PageKind.TOUCH, PageKind.ARCHIVER, PageKind.PRINTABLE, PageKind.TEXT)
PID_KINDS = frozenset({PageKind.DESKTOP, PageKind.API, PageKind.TOUCH})
FAMILIES = (PID_KINDS, frozenset({PageKind.ARCHIVER}), frozenset({PageKind.PRINTABLE}), frozenset({PageKind.TEXT}))


Key = tuple[str, int]


class PageRecord(Protocol):
    """What ``assemble_threads`` reads from a result (``warc.WarcPage`` is one)."""

    @property
    def record_id(self) -> str: ...

    @property
    def url(self) -> str | None: ...

    @property
    def fetched_at(self) -> datetime | None: ...

    @property
    def page(self) -> ThreadPage | None: ...

    @property
    def error(self) -> DiscuzError | None: ...


@dataclass
class AssemblyReport:
    """Counts of one ``assemble_threads`` run."""

    threads: int = 0
    complete: int = 0
    late_pages: int = 0  # pages of a thread already emitted complete (not merged)
    unkeyed: int = 0  # failures with no thread id in their URL (they belong to no thread)
    not_threads: int = 0  # listings and other Discuz pages that are no thread's page
    flushed_early: int = 0  # threads let go incomplete by max_pending_pages


@dataclass
class _Entry:
    order: int
    number: int
    url: str | None
    record_id: str | None
    fetched_at: datetime | None
    page: ThreadPage | None = None
    error: DiscuzError | None = None

    @property
    def kind(self) -> PageKind | None:
        return self.page.kind if self.page is not None else None


@dataclass
class _Group:
    key: Key
    entries: list[_Entry] = field(default_factory=list)


def thread_key(url: str | None, page: ThreadPage | None) -> Key | None:
    """(host, tid) of a page: the tid the page shows, else the one in its URL."""
    tid = page.tid if page is not None and page.tid is not None else tid_from_url(url)
    if tid is None:
        return None
    host = (urlsplit(url).netloc if url else "").lower()
    return host, tid


def page_number(url: str | None, page: ThreadPage | None) -> int:
    """The page a result stands for: the page's own number, else the one in its URL, else 1."""
    if page is not None:
        return page.page
    address = page_address(url) if url else None
    return address.page if address is not None and address.page else 1


def assemble_threads(
    pages: Iterable[PageRecord | ThreadPage],
    *,
    max_pending_pages: int | None = None,
    report: AssemblyReport | None = None,
) -> Iterator[Thread]:
    """Whole threads from page results in any order; see the module docstring for the memory bound."""
    counts = report if report is not None else AssemblyReport()
    groups: dict[Key, _Group] = {}
    emitted: set[Key] = set()
    held = 0
    for order, item in enumerate(pages):
        entry = _entry(order, item)
        if isinstance(entry.error, NotAThreadPage) and entry.error.page_kind is not None:
            counts.not_threads += 1  # a forum listing, the index, a portal page: no thread's page
            continue
        key = thread_key(entry.url, entry.page)
        if key is None:  # a page that names no thread is a thread of its own; a failure, of none
            if entry.page is None:
                counts.unkeyed += 1
            else:
                yield _counted(build_thread([entry]), counts)
            continue
        if key in emitted:
            counts.late_pages += 1
            continue
        group = groups.setdefault(key, _Group(key))
        group.entries.append(entry)
        held += 1
        thread = build_thread(group.entries)
        if thread.complete and thread.posts and _has_pids(group.entries):
            held -= len(groups.pop(key).entries)
            emitted.add(key)
            yield _counted(thread, counts)
        while max_pending_pages is not None and held > max_pending_pages and groups:
            oldest = next(iter(groups))
            held -= len(groups[oldest].entries)
            emitted.add(oldest)
            counts.flushed_early += 1
            yield _counted(build_thread(groups.pop(oldest).entries), counts)
    for group in groups.values():
        yield _counted(build_thread(group.entries), counts)


def _has_pids(entries: list[_Entry]) -> bool:
    """Archiver and printable pages alone cannot tell a thread is whole (no reply count, the
    printable view stops at 100 posts): such a thread waits for the end of input."""
    return any(e.kind in PID_KINDS for e in entries)


def _counted(thread: Thread, counts: AssemblyReport) -> Thread:
    counts.threads += 1
    counts.complete += thread.complete
    return thread


def _entry(order: int, item: PageRecord | ThreadPage) -> _Entry:
    if isinstance(item, ThreadPage):
        return _Entry(order, item.page, item.url, None, None, page=item)
    page = item.page
    return _Entry(
        order, page_number(item.url, page), item.url, item.record_id, item.fetched_at, page=page, error=item.error
    )


def build_thread(entries: list[_Entry]) -> Thread:
    """One thread from every entry of a group (see the module docstring)."""
    pages = sorted((e for e in entries if e.page is not None), key=_rank)
    missing_input = [e for e in entries if e.page is None]
    base_family = next((f for f in FAMILIES if any(e.kind in f for e in pages)), None)
    base = [e for e in pages if base_family is not None and e.kind in base_family]
    origin = {id(post): e for e in base for post in e.page.posts} if base else {}  # type: ignore[union-attr]
    thread = merge_pages([e.page for e in base if e.page is not None], url=base[0].url if base else None)
    if not pages and missing_input:  # only failures: the thread is known by its URL alone
        thread.url = missing_input[0].url
        thread.tid = key[1] if (key := thread_key(thread.url, None)) else None
    for family in FAMILIES:
        extras = [e for e in pages if e.kind in family and e not in base]
        if extras:  # merged first, so a page's floors continue from the page before it
            merge_pages([e.page for e in extras if e.page is not None])
        for extra in extras:
            _fill(thread, extra, origin)
    thread.posts.sort(key=_floor_order)
    missing = _missing_pages(thread, base, pages + missing_input)
    thread.missing_pages = missing
    thread.failures = _failures(entries, missing)
    _provenance(thread, pages, origin)
    return thread


def _rank(entry: _Entry) -> tuple[int, int, int]:
    kind = entry.kind
    return entry.number, KIND_PRIORITY.index(kind) if kind in KIND_PRIORITY else len(KIND_PRIORITY), entry.order


def _floor_order(post: Post) -> tuple[bool, int]:
    return post.floor is None, post.floor if post.floor is not None and post.floor > 0 else 0


def _fill(thread: Thread, entry: _Entry, origin: dict[int, _Entry]) -> None:
    """Posts of another rendering for floors the thread lacks; header fields it lacks.

    Archiver and printable number posts by position, which drifts from the floor after a
    deleted floor; a post whose text the thread already has is not added again."""
    assert entry.page is not None
    floors = {p.floor for p in thread.posts if p.floor is not None}
    texts = {p.text for p in thread.posts if p.text}
    for post in entry.page.posts:
        if post.floor is not None and post.floor not in floors and not (post.text and post.text in texts):
            thread.posts.append(post)
            floors.add(post.floor)
            texts.add(post.text)
            origin[id(post)] = entry
    for name in ("tid", "title", "forum", "views", "replies"):
        if getattr(thread, name) is None and getattr(entry.page, name) is not None:
            setattr(thread, name, getattr(entry.page, name))
    if thread.url is None:
        thread.url = entry.url


def _missing_pages(thread: Thread, base: list[_Entry], pages: list[_Entry]) -> list[int]:
    """Pages 1..page_count of the base rendering that no page and no filled floor covers."""
    present = {e.number for e in base}
    count = max([thread.page_count or 0, *present, 1])
    thread.page_count = count
    floors = {p.floor for p in thread.posts if p.floor is not None}
    per_page = _posts_per_page(base, count)
    total = (thread.replies + 1) if thread.replies is not None else max(floors, default=0)
    missing = []
    for number in range(1, count + 1):
        if number in present:
            continue
        wanted = range((number - 1) * per_page + 1, min(number * per_page, total) + 1) if per_page else range(0)
        if not wanted or any(f not in floors for f in wanted):
            missing.append(number)
    # a failed page past the known count (a gate in place of the pager) is missing too
    return missing + sorted({e.number for e in pages if e.page is None and e.number > count})


def _posts_per_page(base: list[_Entry], count: int) -> int:
    """Posts per page, from a full page (one that is not the last)."""
    full = [
        sum(1 for p in e.page.posts if p.floor is not None) for e in base if e.page is not None and e.number < count
    ]
    return max(full, default=0)


def _failures(entries: list[_Entry], missing: list[int]) -> list[PageFailure]:
    out = []
    for entry in entries:
        if entry.page is None and entry.number in missing and entry.error is not None:
            error = entry.error
            out.append(PageFailure(page=entry.number, url=entry.url, error=str(error), error_type=type(error).__name__))
    return out


def _provenance(thread: Thread, pages: list[_Entry], origin: dict[int, _Entry]) -> None:
    index = {id(e): i for i, e in enumerate(pages)}
    thread.sources = [
        PageSource(kind=e.page.kind, page=e.number, url=e.url, record_id=e.record_id, fetched_at=e.fetched_at)
        for e in pages
        if e.page is not None
    ]
    thread.post_sources = [index.get(id(origin[id(p)])) if id(p) in origin else None for p in thread.posts]


__all__ = ["AssemblyReport", "PageRecord", "assemble_threads", "build_thread", "page_number", "thread_key"]
