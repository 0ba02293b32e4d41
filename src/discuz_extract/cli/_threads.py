"""The main command, ``discuz-extract URL...``: fetch threads and write them out."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO, get_args

from .._fetching import UNSET, FetchSettings, extract_thread
from .._fetching.exchange import ExchangeObserver
from .._fetching.settings import Via
from ..errors import InvalidSettings
from ._capture import add_warc_option, warc_capture
from ._command import Command, Session, UsageError
from ._inputs import check_url, hint_for, read_urls
from ._output import add_output_options, check_output_options, output_stream, writer_for
from ._progress import Progress
from ._resume import add_archive_options, run_resumable


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="thread URLs; '-' reads URLs from stdin")
    add_output_options(parser)
    add_fetch_options(parser)
    add_archive_options(parser)
    add_warc_option(parser)


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """The fetch settings; those not given stay UNSET, so FetchSettings keeps its defaults."""
    group = parser.add_argument_group("fetching")
    group.add_argument("--max-pages", type=int, default=UNSET, help="fetch at most N pages per thread")
    group.add_argument(
        "--cookies", type=Path, default=UNSET, help="a Netscape cookies.txt for boards that need a login"
    )
    group.add_argument(
        "--delay", type=float, default=UNSET, help="minimum seconds between requests to a host (default 1)"
    )
    group.add_argument("--concurrency", type=int, default=UNSET, help="requests in flight per thread (default 2)")
    group.add_argument("--timeout", type=float, default=UNSET, help="seconds per request phase (default 20)")
    group.add_argument(
        "--max-attempts", type=int, default=UNSET, help="tries per request, the first included (default 4)"
    )
    group.add_argument("--user-agent", default=UNSET, help="the User-Agent header")
    group.add_argument(
        "--request-deadline",
        type=float,
        default=UNSET,
        help="wall-clock seconds per request, retries and body included (default 120)",
    )
    group.add_argument("--time-limit", type=float, default=UNSET, help="wall-clock seconds per thread (default none)")
    group.add_argument(
        "--via",
        choices=get_args(Via),
        default=UNSET,
        help="the rendering to read: desktop (default, the richest), printable, archiver, api (needs --no-robots "
        "on most sites)",
    )
    group.add_argument(
        "--no-robots",
        dest="obey_robots",
        action="store_const",
        const=False,
        default=UNSET,
        help="do not read or obey robots.txt (your decision: see the README)",
    )


def settings_from(ns: argparse.Namespace) -> FetchSettings:
    """The settings the command line gives; options not given are ``UNSET`` (the defaults stay)."""
    return FetchSettings().replace(
        max_pages=ns.max_pages,
        cookies=ns.cookies,
        delay=ns.delay,
        concurrency=ns.concurrency,
        timeout=ns.timeout,
        max_attempts=ns.max_attempts,
        user_agent=ns.user_agent,
        request_deadline=ns.request_deadline,
        thread_time_limit=ns.time_limit,
        via=ns.via,
        obey_robots=ns.obey_robots,
    )


def run(ns: argparse.Namespace, session: Session) -> int:
    if not ns.urls:
        raise UsageError("give at least one URL, or '-' to read URLs from stdin")
    check_output_options(ns)
    try:
        settings = settings_from(ns)  # before -o truncates a file
    except InvalidSettings as exc:
        raise UsageError(str(exc)) from exc
    urls = read_urls(ns.urls, session)
    with warc_capture(ns.warc_output, session.guard) as warc:
        if ns.archive is not None:
            return run_resumable(ns, settings, urls, session, warc=warc)
        with output_stream(ns.output, append=False) as out:
            return fetch_threads(ns, settings, urls, out, session, warc=warc)


def fetch_threads(
    ns: argparse.Namespace,
    settings: FetchSettings,
    urls: Iterable[str],
    out: TextIO,
    session: Session,
    *,
    warc: ExchangeObserver | None = None,
) -> int:
    progress = Progress(session.stderr, ns.quiet)
    writer = writer_for(ns, out, session.guard)
    report = session.report
    try:
        for url in urls:
            try:
                check_url(url)
                thread = extract_thread(url, settings=settings, progress=progress.pages(url), warc=warc)
            except Exception as exc:  # one URL's failure must not stop the others
                report.failed(url, exc, hint=hint_for(exc))
                continue
            writer.write(thread)
            report.gaps(url, thread)
            report.note(f"ok: {url}: {len(thread.posts)} posts")
    finally:
        writer.close()
    return report.worst


COMMAND = Command(synopsis="URL...", name=None, summary="fetch threads by URL", configure=configure, run=run)
