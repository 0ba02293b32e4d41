"""The main command, ``discuz-extract URL...``: fetch threads and write them out."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from .._fetching import UNSET, FetchSettings, extract_thread
from ..errors import InvalidSettings
from ._command import Command, Session, UsageError
from ._output import add_output_options, check_output_options, output_stream, writer_for
from ._progress import Progress
from ._resume import run_resumable


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="thread URLs; '-' reads URLs from stdin")
    add_output_options(parser)
    # settings not given stay UNSET, so FetchSettings keeps its defaults for them
    parser.add_argument("--max-pages", type=int, default=UNSET, help="fetch at most N pages per thread")
    parser.add_argument(
        "--cookies", type=Path, default=UNSET, help="a Netscape cookies.txt for boards that need a login"
    )
    parser.add_argument(
        "--delay", type=float, default=UNSET, help="minimum seconds between requests to a host (default 1)"
    )
    parser.add_argument("--concurrency", type=int, default=UNSET, help="requests in flight per thread (default 2)")
    parser.add_argument("--timeout", type=float, default=UNSET, help="seconds per request phase (default 20)")
    parser.add_argument("--user-agent", default=UNSET, help="the User-Agent header")
    parser.add_argument(
        "--archive",
        type=Path,
        help="resumable run: remember pages done here; rerun to fetch only what is missing "
        "(writes one post per JSON line; use with -o FILE for exactly-once output)",
    )


def settings_from(ns: argparse.Namespace) -> FetchSettings:
    """The settings the command line gives; options not given are ``UNSET`` (the defaults stay)."""
    return FetchSettings().replace(
        max_pages=ns.max_pages,
        cookies=ns.cookies,
        delay=ns.delay,
        concurrency=ns.concurrency,
        timeout=ns.timeout,
        user_agent=ns.user_agent,
    )


def read_urls(args: Iterable[str], session: Session) -> Iterator[str]:
    for arg in args:
        if arg == "-":
            for line in session.stdin_lines():
                if line.strip() and not line.lstrip().startswith("#"):
                    yield line.strip()
        else:
            yield arg


def run(ns: argparse.Namespace, session: Session) -> int:
    if not ns.urls:
        raise UsageError("give at least one URL, or '-' to read URLs from stdin")
    check_output_options(ns)
    try:
        settings = settings_from(ns)  # before -o truncates a file
    except InvalidSettings as exc:
        raise UsageError(str(exc)) from exc
    urls = read_urls(ns.urls, session)
    if ns.archive is not None:
        return run_resumable(ns, settings, urls, session)
    with output_stream(ns.output, append=ns.format == "jsonl") as out:
        return fetch_threads(ns, settings, urls, out, session)


def fetch_threads(
    ns: argparse.Namespace, settings: FetchSettings, urls: Iterable[str], out: TextIO, session: Session
) -> int:
    progress = Progress(session.stderr, ns.quiet)
    writer = writer_for(ns, out)
    report = session.report
    for url in urls:
        try:
            thread = extract_thread(url, settings=settings, progress=progress.pages(url))
        except Exception as exc:  # one URL's failure must not stop the others
            report.failed(url, exc)
            continue
        writer.write(thread)
        if thread.missing_pages:
            report.incomplete(f"{url}: pages {thread.missing_pages} missing")
        report.note(f"ok: {url}: {len(thread.posts)} posts")
    writer.close()
    return report.worst


COMMAND = Command(name=None, summary="fetch threads by URL", configure=configure, run=run)
