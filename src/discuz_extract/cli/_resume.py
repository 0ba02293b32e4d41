"""``--archive FILE``: resumable runs, one post per JSON line, each page recorded as it is written.

Only ``--format jsonl`` resumes (a JSON array, a CSV, Markdown or text cannot be appended to
and read back safely), so any other format is refused before anything is read or written.
The archive and the output are recognised first (``_archive``): a file that is not what the
run needs is refused and left untouched, and a second run on a locked archive stops at once.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .._archive import ArchiveError, RunArchive, Scan, open_archive, post_key, post_line, read_lines
from .._fetching import FetchSettings, iter_pages, parse_thread_url
from .._fetching.exchange import ExchangeObserver
from ..models import ThreadPage
from ._command import Session, UsageError
from ._inputs import check_url, hint_for
from ._output import output_stream
from ._report import Report, describe


def add_archive_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive",
        type=Path,
        help="resumable run: remember pages done in this file; rerun the same command to fetch only what is "
        "missing (one post per JSON line: --format jsonl only; with -o FILE each post is written exactly once)",
    )


def check_resumable(ns: argparse.Namespace) -> None:
    """Refuse what cannot resume, before any file is opened."""
    if ns.format != "jsonl":
        raise UsageError(
            f"--archive writes one post per JSON line and resumes only that: --format {ns.format} cannot be "
            "appended to and read back; drop --format (or use jsonl) and convert the output afterwards"
        )
    if ns.output is not None and ns.output.resolve() == ns.archive.resolve():
        raise UsageError("-o and --archive must be two files: the archive records pages, -o receives the posts")


def run_resumable(
    ns: argparse.Namespace,
    settings: FetchSettings,
    urls: Iterable[str],
    session: Session,
    *,
    warc: ExchangeObserver | None = None,
) -> int:
    check_resumable(ns)
    report = session.report
    try:
        with open_archive(ns.archive) as (archive, found):
            warn_skipped(report, ns.archive, found, "an archive record")
            if ns.output is not None:
                written = read_lines(ns.output)
                warn_skipped(report, ns.output, written, "a post line")
                archive.note_output(written.values)
            else:
                report.warn("--archive without -o cannot see what an interrupted run printed")
            with output_stream(ns.output, append=True) as out:
                resume_all(urls, settings.replace(concurrency=1), archive, out, session, warc)
    except ArchiveError as exc:  # the archive or the output refused: nothing was written to it
        report.failed(exc.path, exc)
    except OSError as exc:
        report.failed(exc.filename or ns.archive, exc)
    return report.worst


def warn_skipped(report: Report, path: Path, found: Scan, what: str) -> None:
    """One warning for all the lines of a file that were not what it should hold."""
    if found.bad:
        lines = ", ".join(map(str, found.bad[:20])) + (", ..." if len(found.bad) > 20 else "")
        plural = "s" if len(found.bad) > 1 else ""
        report.warn(f"{path}: {len(found.bad)} line{plural} that {'are' if plural else 'is'} not {what} "
                    f"skipped (line{plural} {lines})")  # fmt: skip


def resume_all(
    urls: Iterable[str],
    settings: FetchSettings,
    archive: RunArchive,
    out: TextIO,
    session: Session,
    warc: ExchangeObserver | None = None,
) -> None:
    for url in urls:
        try:
            check_url(url)
            resume_thread(url, settings, archive, out, session, warc)
        except Exception as exc:  # one URL's failure must not stop the others
            session.report.failed(url, exc, hint=hint_for(exc))


def resume_thread(
    url: str,
    settings: FetchSettings,
    archive: RunArchive,
    out: TextIO,
    session: Session,
    warc: ExchangeObserver | None = None,
) -> None:
    target = parse_thread_url(url)
    key = f"{target.site}#{target.tid}"
    progress = archive.progress(key)
    pages = iter_pages(
        url, settings=settings, done_pages=progress.done_pages, page_count_hint=progress.page_count, warc=warc
    )
    for result in pages:
        if result.parsed is None:
            error = describe(result.error, result.url) if result.error else "failed"
            session.report.incomplete(f"{url}: page {result.page} missing: {error}")
            continue
        page = result.parsed
        if page.truncated:
            session.report.incomplete(f"{url}: page {result.page} truncated (cut off before the page's end)")
        keys = [post_key(p.pid, result.page, p.floor, i) for i, p in enumerate(page.posts)]
        count = max(page.page_count or 1, result.page)
        complete = result.page < count and not page.truncated  # a cut page is read again on a rerun
        with session.guard.writing():  # the page's posts and its record, or nothing, on Ctrl-C
            write_new_posts(out, key, page, result.page, keys, progress.seen, default_tid=target.tid)
            archive.record(key, page=result.page, keys=keys, complete=complete, page_count=count)


def write_new_posts(
    out: TextIO, key: str, page: ThreadPage, number: int, keys: list[str], seen: set[str], *, default_tid: int
) -> None:
    """Each post not written before, as one whole JSON line (flushed), tagged with its thread."""
    for post, post_id in zip(page.posts, keys):
        if post_id in seen:
            continue
        out.write(post_line(key, post_id, page, number, post, default_tid=default_tid) + "\n")
        out.flush()
        seen.add(post_id)
