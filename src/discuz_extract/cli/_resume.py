"""``--archive FILE``: resumable runs, one post per JSON line, each page recorded as it is written."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .._archive import RunArchive, post_key, read_whole_lines
from .._fetching import FetchSettings, iter_pages, parse_thread_url
from ..models import ThreadPage
from ._command import Session
from ._inputs import check_url, hint_for
from ._output import output_stream
from ._report import describe


def add_archive_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive",
        type=Path,
        help="resumable run: remember pages done here; rerun to fetch only what is missing "
        "(writes one post per JSON line; use with -o FILE for exactly-once output)",
    )


def run_resumable(ns: argparse.Namespace, settings: FetchSettings, urls: Iterable[str], session: Session) -> int:
    archive = RunArchive(ns.archive)
    report = session.report
    if ns.output is not None:
        archive.note_output(read_whole_lines(ns.output))
    else:
        report.warn("--archive without -o cannot see what an interrupted run printed")
    settings = settings.replace(concurrency=1)
    with output_stream(ns.output, append=True) as out:
        for url in urls:
            try:
                check_url(url)
                resume_thread(url, settings, archive, out, session)
            except Exception as exc:
                report.failed(url, exc, hint=hint_for(exc))
    return report.worst


def resume_thread(url: str, settings: FetchSettings, archive: RunArchive, out: TextIO, session: Session) -> None:
    target = parse_thread_url(url)
    key = f"{target.site}#{target.tid}"
    progress = archive.progress(key)
    pages = iter_pages(url, settings=settings, done_pages=progress.done_pages, page_count_hint=progress.page_count)
    for result in pages:
        if result.parsed is None:
            error = describe(result.error, result.url) if result.error else "failed"
            session.report.incomplete(f"{url}: page {result.page} missing: {error}")
            continue
        page = result.parsed
        if page.truncated:
            session.report.incomplete(f"{url}: page {result.page} truncated (cut off before the page's end)")
        keys = [post_key(p.pid, result.page, p.floor, i) for i, p in enumerate(page.posts)]
        write_new_posts(out, key, page, result.page, keys, progress.seen, default_tid=target.tid)
        count = max(page.page_count or 1, result.page)
        complete = result.page < count and not page.truncated  # a cut page is read again on a rerun
        archive.record(key, page=result.page, keys=keys, complete=complete, page_count=count)


def write_new_posts(
    out: TextIO, key: str, page: ThreadPage, number: int, keys: list[str], seen: set[str], *, default_tid: int
) -> None:
    """Each post not written before, as one whole JSON line (flushed), tagged with its thread."""
    for post, post_id in zip(page.posts, keys):
        if post_id in seen:
            continue
        row = {"thread": key, "key": post_id, "tid": page.tid or default_tid, "title": page.title, "page": number}
        out.write(json.dumps({**row, **post.model_dump(mode="json")}, ensure_ascii=False) + "\n")
        out.flush()
        seen.add(post_id)
