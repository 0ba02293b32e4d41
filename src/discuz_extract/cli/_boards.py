"""What ``forum`` and ``site`` share: their options, the output and archive, and what they say.

Both write one post per JSON line (as ``--archive`` runs do) to ``-o FILE`` (appended to) or
stdout, and keep the incremental state in ``--archive FILE``. On stderr: a line per thread read
(``-q`` silences it), a warning per page or listing page missing (exit 3), a ``gone:`` line per
thread that disappeared from a listing (recorded in the archive; not an error), and a summary
per forum.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from .._crawl.results import ForumRun, GoneThread, ThreadRun
from .._fetching import FetchSettings
from ..errors import InvalidSettings
from ._capture import add_warc_option
from ._command import UsageError
from ._report import Report, one_line
from ._threads import add_fetch_options, settings_from


def since_value(text: str) -> date | datetime:
    """``--since``: an ISO date (``2024-10-01``) or date and time (``2024-10-01T08:00+08:00``)."""
    try:
        return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD) or date and time: {text!r}") from None


def add_crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="append the posts here, one per JSON line (default: stdout)")
    parser.add_argument(
        "--archive",
        type=Path,
        help="incremental runs: keep each thread's listing row and pages here; a rerun reads only threads whose "
        "row changed (and new ones), and names threads gone from the listing",
    )
    parser.add_argument("--since", type=since_value, metavar="DATE", help="skip threads whose last post is older")
    parser.add_argument(
        "--max-listing-pages", type=int, metavar="N", help="read only the first N listing pages of each forum"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, errors and warnings only")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print the library's own log records")
    add_fetch_options(parser)
    add_warc_option(parser)


def crawl_settings(ns: argparse.Namespace) -> FetchSettings:
    """The settings, and the combinations refused before anything is read or written."""
    if ns.output is not None and ns.archive is not None and ns.output.resolve() == ns.archive.resolve():
        raise UsageError("-o and --archive must be two files: the archive records pages and rows, -o the posts")
    if ns.max_listing_pages is not None and ns.max_listing_pages < 1:
        raise UsageError(f"--max-listing-pages must be 1 or more, got {ns.max_listing_pages}")
    try:
        return settings_from(ns)
    except InvalidSettings as exc:
        raise UsageError(str(exc)) from exc


class CrawlReport:
    """The lines a board crawl prints, from the library's progress calls."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def __call__(self, item: ThreadRun | GoneThread | ForumRun) -> None:
        if isinstance(item, ThreadRun):
            self.thread(item)
        elif isinstance(item, GoneThread):
            self.report.line(f"gone: {item.key}: thread {item.tid} ({item.title or 'untitled'}) {_gone_why(item)}")
        else:
            self.forum(item)

    def thread(self, run: ThreadRun) -> None:
        report = self.report
        for failure in run.failures:
            report.incomplete(
                f"{run.url}: page {failure.page} missing: {one_line(failure.error_type + ': ' + failure.error)}"
            )
        for page in run.truncated_pages:
            report.incomplete(f"{run.url}: page {page} truncated (cut off before the page's end)")
        if run.error is not None and run.error_type != "ThreadNotFound":  # not found: a gone line says it
            report.incomplete(f"{run.url}: not read: {one_line(f'{run.error_type}: {run.error}')}")
        elif run.limited:
            report.note(
                f"note: {run.url}: read to page {max(run.pages_read, default=0)} of {run.page_count} (--max-pages)"
            )
        elif run.fetched and run.error is None:
            pages = ", ".join(map(str, run.pages_read))
            report.note(f"ok: {run.url}: {run.status}, page{'s' if len(run.pages_read) > 1 else ''} {pages}, "
                        f"{run.posts_written} new posts")  # fmt: skip

    def forum(self, run: ForumRun) -> None:
        for failure in run.listing_failures:
            self.report.incomplete(
                f"{run.url}: listing page {failure.page} missing: {one_line(failure.error_type + ': ' + failure.error)}"
                " (its threads were not read; nothing was judged gone)"
            )
        counts = {s: sum(1 for t in run.threads if t.status == s) for s in ("unchanged", "older", "seen")}
        fetched = run.fetched
        self.report.note(
            f"ok: {run.url}: {len(run.threads)} threads on {len(run.listing_pages)} listing pages; {len(fetched)} read "
            f"({sum(t.posts_written for t in fetched)} new posts), {counts['unchanged']} unchanged"
            + (f", {counts['older']} older than --since" if counts["older"] else "")
            + (f", {counts['seen']} read in another forum" if counts["seen"] else "")
            + f", {len(run.gone)} gone"
        )


def _gone_why(gone: GoneThread) -> str:
    if gone.reason == "not found":
        return "is listed but not found: deleted since the listing was read; recorded in the archive"
    return f"is no longer listed in {gone.forum} (deleted, moved or hidden); recorded in the archive"
