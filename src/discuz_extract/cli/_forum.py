"""``discuz-extract forum URL... -o posts.jsonl --archive run.jsonl [--since DATE]``: every thread
of each board with all its pages, one post per JSON line, incremental with an archive."""

from __future__ import annotations

import argparse

from .._archive import ArchiveError
from .._crawl.forum import crawl_forum
from .._crawl.session import open_session
from ..errors import DiscuzError
from ._boards import CrawlReport, add_crawl_options, crawl_settings
from ._capture import warc_capture
from ._command import Command, Session, UsageError
from ._inputs import hint_for, read_urls


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="forum listing URLs; '-' reads URLs from stdin")
    add_crawl_options(parser)


def run(ns: argparse.Namespace, session: Session) -> int:
    if not ns.urls:
        raise UsageError("give at least one forum URL (forum-F-1.html, forum.php?mod=forumdisplay&fid=F)")
    settings = crawl_settings(ns)
    report, say = session.report, CrawlReport(session.report)
    if ns.archive is not None and ns.output is None:
        report.warn("--archive without -o cannot see what an interrupted run printed")
    try:
        with (
            warc_capture(ns.warc_output, session.guard) as warc,
            open_session(ns.output or session.stdout, ns.archive, writing=session.guard.writing) as crawl,
        ):
            for url in read_urls(ns.urls, session):
                try:
                    crawl_forum(url, crawl, settings, since=ns.since, warc=warc,
                                max_listing_pages=ns.max_listing_pages, progress=say)  # fmt: skip
                except DiscuzError as exc:  # listing page 1 failed: the other forums still run
                    report.failed(url, exc, hint=hint_for(exc))
    except ArchiveError as exc:  # the archive or the output refused: nothing was written to it
        report.failed(exc.path, exc)
    return report.worst


COMMAND = Command(
    name="forum",
    synopsis="URL...",
    summary="every thread of a board, one post per line; incremental with --archive",
    configure=configure,
    run=run,
)
