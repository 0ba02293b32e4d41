"""Dask: read WARC files in parallel and assemble threads whose pages sit in different records
and files. Needs the ``dask`` extra (``dask[bag]``, ``distributed``).

``read_warcs(paths)`` is a bag of ``WarcPage`` (one partition per file); ``assemble(pages,
order=paths)`` groups it on (host, tid) and runs ``assemble_threads`` on each group, its pages
sorted by file and offset, so the threads are the ones a single process reading the files in
that order gives.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .._assemble import assemble_threads, thread_key
from .._documents import CorpusDocument, Granularity
from ..models import Thread
from ..warc import WarcPage, WarcStats, iter_warc

try:
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise ImportError("discuz_extract.contrib.dask needs dask: pip install 'discuz-extract[dask]'") from exc

PathLike = str | os.PathLike[str]
GroupKey = tuple[str, str | int]


def _scan(path: str) -> list[WarcPage | WarcStats]:
    """One file: its Discuz pages, then its counts."""
    stats = WarcStats()
    found: list[WarcPage | WarcStats] = list(iter_warc(path, stats=stats, name=path))
    found.append(stats)
    return found


def scan_warcs(paths: Sequence[PathLike]) -> db.Bag:
    """A bag of every file's pages followed by its ``WarcStats`` (persist it to read both once)."""
    names = [os.fspath(p) for p in paths]
    return db.from_sequence(names, npartitions=max(len(names), 1)).map(_scan).flatten()


def read_warcs(paths: Sequence[PathLike]) -> db.Bag:
    """A bag of the ``WarcPage`` of every Discuz record of the files."""
    return pages_of(scan_warcs(paths))


def pages_of(scanned: db.Bag) -> db.Bag:
    return scanned.filter(_is_page)


def stats_of(scanned: db.Bag) -> Any:
    """The summed ``WarcStats`` of a ``scan_warcs`` bag (a dask Item: ``.compute()`` it)."""
    return scanned.filter(_is_stats).fold(_add_stats, initial=WarcStats())


def _is_page(item: object) -> bool:
    return isinstance(item, WarcPage)


def _is_stats(item: object) -> bool:
    return isinstance(item, WarcStats)


def _add_stats(total: WarcStats, more: WarcStats) -> WarcStats:
    return total.add(more)


def group_key(page: WarcPage) -> GroupKey:
    """(host, tid); a page that names no thread is a group of its own."""
    key = thread_key(page.url, page.page)
    return key if key is not None else ("#record", page.record_id)


def assemble(pages: db.Bag, *, order: Sequence[PathLike] = (), npartitions: int | None = None) -> db.Bag:
    """A bag of ``Thread``: pages grouped on (host, tid) across partitions, merged per group."""
    rank = {os.fspath(p): i for i, p in enumerate(order)}
    grouped = pages.groupby(group_key, shuffle="tasks", npartitions=npartitions)
    return grouped.map(_assemble_group, rank).flatten()


def _assemble_group(item: tuple[GroupKey, list[WarcPage]], rank: dict[str, int]) -> list[Thread]:
    _, members = item
    members = sorted(members, key=lambda p: (rank.get(p.source or "", len(rank)), p.source or "", p.offset or 0))
    return list(assemble_threads(members))


def documents(threads: db.Bag, granularity: Granularity = "thread", *, source: str = "discuz") -> db.Bag:
    """A bag of corpus documents (``Thread.to_document``), threads without posts left out."""
    return thread_documents(threads, granularity, source=source).flatten()


def thread_documents(threads: db.Bag, granularity: Granularity = "thread", *, source: str = "discuz") -> db.Bag:
    """A bag of one list of documents per thread (empty for a thread without posts)."""
    return threads.map(_documents, granularity, source)


def _documents(thread: Thread, granularity: Granularity, source: str) -> list[CorpusDocument]:
    return thread.to_document(granularity, source=source) if thread.posts else []


@contextmanager
def client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: on a new ``LocalCluster`` of ``workers`` processes (one thread
    each), or on the running cluster whose scheduler is at ``scheduler``. Closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as joined:
            yield joined
        return
    with (
        LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as started,
    ):
        yield started


def iter_partitions(bag: db.Bag) -> Iterable[list[Any]]:
    """Compute a bag one partition at a time (the client holds one partition, not the bag)."""
    for part in bag.to_delayed():
        yield list(part.compute())


__all__ = [
    "assemble",
    "client",
    "documents",
    "group_key",
    "iter_partitions",
    "pages_of",
    "read_warcs",
    "scan_warcs",
    "stats_of",
    "thread_documents",
]
