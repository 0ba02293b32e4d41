"""Threads as corpus documents, in the shape dolma and datatrove use (pure).

Every document has ``id``, ``text``, ``source``, ``added`` (when the crawler fetched it: the
latest WARC-Date of its pages, or now when unknown), ``created`` (the time of its first post)
and ``metadata``. ``metadata`` has the same keys at every granularity (``None`` where a key
does not apply), so JSON Lines and Parquet share one schema (``corpus.DOCUMENT_SCHEMA``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict
from urllib.parse import urlsplit

from .models import PageSource, Post, Thread

Granularity = Literal["thread", "page", "post"]
GRANULARITIES: tuple[Granularity, ...] = ("thread", "page", "post")
POST_SEPARATOR = "\n\n"


class CorpusDocument(TypedDict):
    id: str
    text: str
    source: str
    added: str
    created: str | None
    metadata: dict[str, Any]


def thread_documents(thread: Thread, granularity: Granularity, *, source: str = "discuz") -> list[CorpusDocument]:
    if granularity == "thread":
        return [_document(thread, thread.posts, None, source=source, suffix="")]
    if granularity == "page":
        return [
            _document(thread, posts, page, source=source, suffix=f"/{page.kind.value}-p{page.page}" if page else "")
            for page, posts in _by_source(thread)
        ]
    if granularity == "post":
        indexes = _source_indexes(thread)
        return [_post_document(thread, post, index, source=source) for post, index in zip(thread.posts, indexes)]
    raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")


def _by_source(thread: Thread) -> list[tuple[PageSource | None, list[Post]]]:
    """Posts grouped by the page they were read from, in thread order (one group without sources)."""
    if not thread.sources:
        return [(None, thread.posts)]
    groups: dict[int | None, list[Post]] = {}
    for post, index in zip(thread.posts, _source_indexes(thread)):
        groups.setdefault(index, []).append(post)
    return [(thread.sources[i] if i is not None else None, posts) for i, posts in groups.items()]


def _source_indexes(thread: Thread) -> list[int | None]:
    indexes = list(thread.post_sources)
    return indexes + [None] * (len(thread.posts) - len(indexes))


def _document(
    thread: Thread, posts: list[Post], page: PageSource | None, *, source: str, suffix: str
) -> CorpusDocument:
    text = POST_SEPARATOR.join(t for t in [thread.title or "", *(p.text for p in posts)] if t)
    pages = [page] if page is not None else thread.sources
    metadata = _metadata(thread, "page" if page is not None else "thread", pages=pages, posts=posts)
    return CorpusDocument(
        id=_thread_id(thread) + suffix,
        text=text,
        source=source,
        added=_added(pages),
        created=_iso(next((p.posted_at for p in posts if p.posted_at is not None), None)),
        metadata=metadata,
    )


def _post_document(thread: Thread, post: Post, index: int | None, *, source: str) -> CorpusDocument:
    page = thread.sources[index] if index is not None else None
    metadata = _metadata(thread, "post", pages=[page] if page is not None else [], posts=[post])
    author = post.author
    metadata.update(
        pid=post.pid,
        floor=post.floor,
        is_first=post.is_first,
        status=post.status.value,
        author=author.name if author else None,
        author_uid=author.uid if author else None,
        author_group=author.group if author else None,
        author_profile=dict(author.profile) if author else {},
        posted_at=_iso(post.posted_at),
    )
    key = f"{post.pid}" if post.pid is not None else f"floor{post.floor}"
    return CorpusDocument(
        id=f"{_thread_id(thread)}/{key}",
        text=post.text,
        source=source,
        added=_added([page] if page is not None else thread.sources),
        created=_iso(post.posted_at),
        metadata=metadata,
    )


def _metadata(
    thread: Thread, granularity: Granularity, *, pages: Iterable[PageSource], posts: list[Post]
) -> dict[str, Any]:
    pages = list(pages)
    first = pages[0] if len(pages) == 1 else None
    return {
        "granularity": granularity,
        "url": first.url if first is not None else thread.url,
        "host": _host(thread),
        "tid": thread.tid,
        "title": thread.title,
        "forum": thread.forum.name if thread.forum else None,
        "fid": thread.forum.fid if thread.forum else None,
        "page": first.page if first is not None else None,
        "kind": first.kind.value if first is not None else None,
        "warc_record_id": first.record_id if first is not None else None,
        "warc_record_ids": sorted({p.record_id for p in pages if p.record_id}),
        "pid": None,
        "floor": None,
        "is_first": None,
        "status": None,
        "author": None,
        "author_uid": None,
        "author_group": None,
        "author_profile": {},
        "posted_at": None,
        "posts": len(posts),
        "page_count": thread.page_count,
        "missing_pages": list(thread.missing_pages),
        "complete": thread.complete,
        "replies": thread.replies,
        "views": thread.views,
        "site": thread.site.name,
    }


def _thread_id(thread: Thread) -> str:
    return f"discuz/{_host(thread) or 'unknown'}/{thread.tid if thread.tid is not None else 'none'}"


def _host(thread: Thread) -> str | None:
    url = thread.url or next((s.url for s in thread.sources if s.url), None)
    return urlsplit(url).netloc.lower() if url else None


def _added(pages: Iterable[PageSource]) -> str:
    times = [p.fetched_at for p in pages if p is not None and p.fetched_at is not None]
    return _iso(max(times) if times else datetime.now(timezone.utc)) or ""


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
