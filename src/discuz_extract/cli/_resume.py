"""``--archive FILE``: resumable runs, one post per JSON line, each page recorded as it is written."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from typing import TextIO

from .._archive import RunArchive, post_key, read_whole_lines
from .._fetching import FetchSettings, iter_pages, parse_thread_url
from ..models import ThreadPage
from ._command import Session
from ._output import output_stream


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
                resume_thread(url, settings, archive, out, session)
            except Exception as exc:
                report.failed(url, exc)
    return report.worst


def resume_thread(url: str, settings: FetchSettings, archive: RunArchive, out: TextIO, session: Session) -> None:
    target = parse_thread_url(url)
    key = f"{target.site}#{target.tid}"
    progress = archive.progress(key)
    pages = iter_pages(url, settings=settings, done_pages=progress.done_pages, page_count_hint=progress.page_count)
    for result in pages:
        if result.parsed is None:
            session.report.incomplete(f"{url}: page {result.page} failed: {result.error}")
            continue
        page = result.parsed
        keys = [post_key(p.pid, result.page, p.floor, i) for i, p in enumerate(page.posts)]
        write_new_posts(out, key, page, result.page, keys, progress.seen, default_tid=target.tid)
        count = max(page.page_count or 1, result.page)
        archive.record(key, page=result.page, keys=keys, complete=result.page < count, page_count=count)


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
