"""``discuz-extract site URL... -o posts.jsonl --archive run.jsonl``: forum index -> boards (and
sub-forums) -> threads, several hosts in parallel, each paced on its own."""

from __future__ import annotations

import argparse

from .._archive import ArchiveError
from .._crawl.site import crawl_site
from ._boards import CrawlReport, add_crawl_options, crawl_settings
from ._capture import warc_capture
from ._command import Command, Session, UsageError
from ._inputs import hint_for, read_urls


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "urls", nargs="*", metavar="URL", help="any page of each site (its forum index is read), or a forum listing"
    )
    parser.add_argument("--workers", type=int, default=4, help="hosts crawled at the same time (default 4)")
    add_crawl_options(parser)


def run(ns: argparse.Namespace, session: Session) -> int:
    if not ns.urls:
        raise UsageError("give at least one site URL (its forum.php, or any page of it)")
    if ns.workers < 1:
        raise UsageError(f"--workers must be 1 or more, got {ns.workers}")
    settings = crawl_settings(ns)
    report = session.report
    if ns.archive is not None and ns.output is None:
        report.warn("--archive without -o cannot see what an interrupted run printed")
    try:
        with warc_capture(ns.warc_output, session.guard) as warc:
            result = crawl_site(
                list(read_urls(ns.urls, session)), ns.output or session.stdout, archive=ns.archive,
                since=ns.since, settings=settings, warc=warc, workers=ns.workers,
                max_listing_pages=ns.max_listing_pages, progress=CrawlReport(report), writing=session.guard.writing,
            )  # fmt: skip
    except ArchiveError as exc:
        report.failed(exc.path, exc)
        return report.worst
    for failure in result.failures:
        error = failure.exception or RuntimeError(f"{failure.error_type}: {failure.error}")
        report.failed(failure.url, error, hint=hint_for(error))
    return report.worst


COMMAND = Command(
    name="site",
    synopsis="URL...",
    summary="whole sites: index, boards, threads; hosts in parallel",
    configure=configure,
    run=run,
)
