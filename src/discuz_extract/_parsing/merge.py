"""Merge the pages of one thread into a ``Thread`` (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import PageFailure, Post, Thread, ThreadPage


def merge_pages(
    pages: Iterable[ThreadPage],
    *,
    url: str | None = None,
    missing_pages: Iterable[int] = (),
    failures: Iterable[PageFailure] = (),
) -> Thread:
    """Posts in floor order, each pid once; the header from page 1 (it alone has the counters)."""
    ordered = sorted(pages, key=lambda p: p.page)
    if not ordered:
        return Thread(url=url, missing_pages=sorted(set(missing_pages)), failures=list(failures))
    first = ordered[0]
    header = first.model_dump(include=set(Thread.model_fields) - {"posts", "missing_pages", "failures"})
    thread = Thread.model_validate(header)
    thread.url = url or first.url
    for page in ordered[1:]:
        _fill_header_gaps(thread, page)
    _continue_floors(ordered)
    thread.posts = _merge_posts(ordered)
    thread.page_count = max((p.page_count or p.page for p in ordered), default=None)
    thread.missing_pages = sorted(set(missing_pages))
    thread.failures = list(failures)
    return thread


def _fill_header_gaps(thread: Thread, page: ThreadPage) -> None:
    for name in ("tid", "title", "forum", "views", "replies", "prev_thread", "next_thread"):
        if getattr(thread, name) is None and getattr(page, name) is not None:
            setattr(thread, name, getattr(page, name))
    if not thread.breadcrumb:
        thread.breadcrumb = page.breadcrumb


def _continue_floors(pages: list[ThreadPage]) -> None:
    """Kinds without floors number a last page only from the page before it (archiver)."""
    by_number = {p.page: p for p in pages}
    for page in pages:
        previous = by_number.get(page.page - 1)
        if previous is None or not page.posts or any(p.floor is not None for p in page.posts):
            continue
        known = [p.floor for p in previous.posts if p.floor is not None]
        if len(known) == len(previous.posts) and known:
            for offset, post in enumerate(page.posts, start=1):
                post.floor = max(known) + offset


def _merge_posts(pages: list[ThreadPage]) -> list[Post]:
    by_key: dict[object, Post] = {}
    for page in pages:
        for index, post in enumerate(page.posts):
            key: object = post.pid if post.pid is not None else (page.page, index)
            kept = by_key.get(key)
            # a copy (hot reply) may come first; the post shown in place knows its floor
            if kept is None or (kept.floor is None and post.floor is not None):
                by_key[key] = post
    order = {id(p): i for i, p in enumerate(by_key.values())}
    return sorted(
        by_key.values(),
        key=lambda p: (p.floor is None, p.floor if p.floor is not None and p.floor > 0 else 0, order[id(p)]),
    )
