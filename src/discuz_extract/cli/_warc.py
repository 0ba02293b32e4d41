"""``discuz-extract warc FILE... -o OUT``: WARC segments to corpus documents.

One process reads the files in order (``iter_warc`` then ``assemble_threads``); ``--workers N``
starts a ``distributed.LocalCluster`` of N worker processes and ``--scheduler ADDRESS`` joins a
running cluster (``contrib.dask``): the documents are the same, in another order. Progress
(records/s, Discuz pages found) and the summary go to stderr.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .._assemble import AssemblyReport, assemble_threads
from .._documents import GRANULARITIES
from ..corpus import FORMATS, open_writer
from ._command import Command, Session

EXIT_OK = 0
EXIT_NO_INPUT = 11  # no file could be read, or the output could not be written
PROGRESS_SECONDS = 2.0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".warc or .warc.gz files")
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSON Lines (.jsonl[.gz]) or .parquet")
    parser.add_argument("--format", choices=FORMATS, help="default: parquet for .parquet, else jsonl")
    parser.add_argument("--granularity", choices=GRANULARITIES, default="thread", help="one document per ...")
    parser.add_argument("--source", default="discuz", help="the documents' source field")
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument("--workers", type=int, help="run on a local Dask cluster of N worker processes")
    cluster.add_argument("--scheduler", help="run on the Dask cluster whose scheduler is at ADDRESS")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, the summary only")


class Progress:
    """Records/s and Discuz pages found, at most every ``PROGRESS_SECONDS``, on stderr."""

    def __init__(self, stream: IO[str], quiet: bool) -> None:
        self.stream, self.quiet = stream, quiet
        self.started = self.shown = time.monotonic()

    def note(self, message: str) -> None:
        if not self.quiet:
            self.stream.write(message)
            self.stream.flush()

    def update(self, records: int, discuz: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if self.quiet or (not force and now - self.shown < PROGRESS_SECONDS):
            return
        self.shown = now
        rate = records / max(now - self.started, 1e-9)
        self.stream.write(f"\r{records} records, {rate:,.0f} records/s, {discuz} Discuz pages")
        self.stream.write("\n" if force else "")
        self.stream.flush()


def run(ns: argparse.Namespace, session: Session) -> int:
    stream = session.stderr
    missing = [str(p) for p in ns.files if not p.is_file()]
    for path in missing:
        print(f"error: {path}: no such file", file=stream)
    if len(missing) == len(ns.files):
        return EXIT_NO_INPUT
    files = [p for p in ns.files if p.is_file()]
    try:
        writer = open_writer(ns.output, ns.format)
    except (OSError, ImportError, ValueError) as exc:
        print(f"error: cannot write {ns.output}: {exc}", file=stream)
        return EXIT_NO_INPUT
    progress = Progress(stream, ns.quiet)
    try:
        if ns.workers is not None or ns.scheduler is not None:
            summary = _run_dask(files, ns, writer, progress)
        else:
            summary = _run_local(files, ns, writer, progress)
    finally:
        writer.close()
    print(summary + f", {writer.count} documents written to {ns.output}", file=stream)
    return EXIT_OK


def _run_local(files: list[Path], ns: argparse.Namespace, writer: Any, progress: Progress) -> str:
    from ..warc import WarcStats, iter_warc

    total = WarcStats()
    report = AssemblyReport()

    def pages() -> Iterator[Any]:
        nonlocal total
        for path in files:
            stats = WarcStats()
            for page in iter_warc(path, stats=stats, name=str(path)):
                progress.update(total.records + stats.records, total.discuz + stats.discuz)
                yield page
            total = total.add(stats)
            progress.update(total.records, total.discuz)

    empty = 0
    for thread in assemble_threads(pages(), report=report):
        if not thread.posts:
            empty += 1
            continue
        writer.write(thread.to_document(ns.granularity, source=ns.source))
    progress.update(total.records, total.discuz, force=True)
    return _summary(total, report.threads - empty, empty, progress)


def _run_dask(files: list[Path], ns: argparse.Namespace, writer: Any, progress: Progress) -> str:
    from ..contrib import dask as dz

    names = [str(p) for p in files]
    with dz.client(ns.workers, ns.scheduler) as client:
        scanned = client.persist(dz.scan_warcs(names))
        threads = dz.assemble(dz.pages_of(scanned), order=names)
        written = empty = 0
        parts = dz.iter_partitions(dz.thread_documents(threads, ns.granularity, source=ns.source))
        for number, part in enumerate(parts, start=1):
            progress.note(f"\rthread partition {number}: {written + empty + len(part)} threads so far")
            for docs in part:
                written += bool(docs)
                empty += not docs
                writer.write(docs)
        stats = dz.stats_of(scanned).compute()
    progress.update(stats.records, stats.discuz, force=True)
    return _summary(stats, written, empty, progress)


def _summary(stats: Any, threads: int, empty: int, progress: Progress) -> str:
    seconds = time.monotonic() - progress.started
    errors = ", ".join(f"{k} {v}" for k, v in sorted(stats.errors.items())) or "none"
    return (
        f"{stats.records} records in {seconds:.1f} s ({stats.records / max(seconds, 1e-9):,.0f} records/s): "
        f"{stats.discuz} Discuz pages ({stats.pages} parsed, {stats.failed} failed: {errors}), "
        f"{stats.skipped} skipped, {stats.broken} broken stretches; {threads} threads with posts, "
        f"{empty} without (gates only)"
    )


COMMAND = Command(
    name="warc",
    synopsis="FILE... -o OUT",
    summary="Discuz threads from WARC files, as corpus documents (JSON Lines or Parquet)",
    configure=configure,
    run=run,
)
