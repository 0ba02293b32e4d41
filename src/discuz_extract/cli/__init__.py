"""The ``discuz-extract`` command: threads by URL, or saved pages, to JSON/JSONL/Markdown/text/CSV.

Data goes to stdout (or ``-o FILE``); progress and errors go to stderr. Each URL is
independent: one failure is reported and the others still run. The exit code names the worst
kind of failure met (``EXIT_TABLE``, also printed by ``--help``).

Layout: one private module per subcommand, each defining a ``COMMAND`` that ``COMMANDS``
below registers (``_threads``: the main command, and ``_resume`` for its ``--archive`` runs;
``_forum`` and ``_site``, the board crawls, with ``_boards`` for what they share; ``_parse``;
``_schema``; ``_warc``). ``_capture`` is ``--warc-output`` on every fetching command,
``_output`` holds the writers of ``--format``, ``_markdown``, ``_render`` and ``_csv`` the pure
renderers, ``_progress`` the progress bar and ``_report`` the error and warning lines.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, TextIO

from .._archive import ArchiveInUse, NotAnArchive
from .._version import __version__
from ..errors import (
    ChallengePage,
    DiscuzError,
    FetchError,
    GatePage,
    InvalidForumURL,
    InvalidThreadURL,
    PermissionDenied,
    RobotsDisallowed,
    ThreadNotFound,
)
from . import _forum, _parse, _schema, _site, _threads, _warc
from ._command import Command, Session, UsageError
from ._interrupt import Guard
from ._report import Report

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_INTERRUPTED = 130
# checked in order: the first class an error is an instance of gives its code
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidThreadURL, 4),
    (InvalidForumURL, 4),
    (ThreadNotFound, 5),
    (PermissionDenied, 6),  # LoginRequired included
    (ChallengePage, 7),
    (GatePage, 8),
    (FetchError, 9),
    (RobotsDisallowed, 12),
    (ArchiveInUse, 13),
    (NotAnArchive, 14),
    (DiscuzError, 10),  # not a Discuz/thread page, unreadable input
    (OSError, 11),  # a file that cannot be read or written
)
# every exit code and what it means (--help prints this; the README has the same table)
EXIT_TABLE: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "all good"),
    (EXIT_UNEXPECTED, "unexpected error (a bug: please report it)"),
    (EXIT_USAGE, "usage error: a bad option, value or combination; nothing was done"),
    (
        EXIT_INCOMPLETE,
        "a thread is incomplete: pages missing or truncated (named on stderr); its data is still written",
    ),
    (4, "not a thread URL (a file path given where a URL goes: use parse), or for forum not a forum listing URL"),
    (5, "thread not found (deleted, under review, or never existed)"),
    (6, "no permission, or login required (try --cookies)"),
    (7, "challenge page (antitheft, CC defence, JavaScript check)"),
    (8, "another Discuz message page (board closed, banned, ...)"),
    (9, "fetch failure after retries (HTTP error, timeout, too large, redirects)"),
    (10, "not a Discuz thread page, or unreadable input"),
    (11, "a file that cannot be read or written"),
    (12, "robots.txt disallows the URL (--no-robots to fetch it anyway)"),
    (13, "the --archive file is in use by another run"),
    (14, "the --archive or -o file is not what a resumable run wrote; it was left untouched"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C): output holds whole lines; with --archive, rerun to resume"),
)

# the main command first (it has no name), then the subcommands
COMMANDS: tuple[Command, ...] = (
    _threads.COMMAND,
    _forum.COMMAND,
    _site.COMMAND,
    _parse.COMMAND,
    _schema.COMMAND,
    _warc.COMMAND,
)


def exit_code_for(exc: BaseException) -> int:
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), EXIT_UNEXPECTED)


def _epilog(command: Command) -> str:
    lines = []
    if command.name is None:
        lines.append("commands:")
        for each in COMMANDS:
            usage = " ".join(filter(None, ("discuz-extract", each.name, each.synopsis)))
            lines.append(f"  {usage:<32} {each.summary}")
        lines.append("")
    lines.append("exit codes (several items failing: the highest):")
    lines += [f"  {code:<4} {meaning}" for code, meaning in EXIT_TABLE]
    return "\n".join(lines)


def build_parser(command: Command = COMMANDS[0]) -> argparse.ArgumentParser:
    """The argument parser of ``command`` (default: the main command)."""
    parser = argparse.ArgumentParser(
        prog=" ".join(filter(None, ("discuz-extract", command.name))),
        description="Extract Discuz! forum threads as clean, typed data." if command.name is None else command.summary,
        epilog=_epilog(command),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.configure(parser)
    if command.name is None:
        parser.add_argument("--version", action="version", version=f"discuz-extract {__version__}")
    return parser


def _pick(args: Sequence[str]) -> tuple[Command, list[str]]:
    named = {c.name: c for c in COMMANDS if c.name is not None}
    if args and args[0] in named:
        return named[args[0]], list(args[1:])
    return COMMANDS[0], list(args)


@contextmanager
def _library_log(stream: TextIO, verbose: bool) -> Iterator[None]:
    """The library's log records on stderr: errors only, or everything with ``-v``.

    Page failures the library logs as warnings are reported by the command itself, once.
    """
    logger = logging.getLogger("discuz_extract")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.DEBUG if verbose else logging.ERROR)
    level = logger.level
    logger.addHandler(handler)
    if verbose:
        logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def main(argv: Sequence[str] | None = None, *, stdin: IO[Any] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit code.

    Ctrl-C ends the run with one line on stderr and ``EXIT_INTERRUPTED``, leaving whole lines
    behind; as the process's own command line (``argv`` not given) it exits at once.
    """
    try:
        command, args = _pick(sys.argv[1:] if argv is None else argv)
        parser = build_parser(command)
        ns = parser.parse_args(args)
    except KeyboardInterrupt:
        return _interrupted(sys.stderr, None, exit_now=argv is None)
    err = sys.stderr
    report = Report(err, exit_code_for, incomplete_code=EXIT_INCOMPLETE, quiet=getattr(ns, "quiet", False))
    session = Session(sys.stdout, err, stdin if stdin is not None else sys.stdin, report, Guard())
    with _library_log(err, getattr(ns, "verbose", False)):
        try:
            return _in_worker(command, ns, session)
        except KeyboardInterrupt:
            return _interrupted(err, session, exit_now=argv is None, archive=getattr(ns, "archive", None))
        except UsageError as exc:
            parser.error(str(exc))
        except OSError as exc:  # -o FILE cannot be opened
            report.failed(exc.filename or "output", exc)
            return report.worst


def _in_worker(command: Command, ns: argparse.Namespace, session: Session) -> int:
    """``command.run`` in a daemon thread, so that Ctrl-C reaches a main thread that only waits."""
    outcome: list[int | BaseException] = []

    def work() -> None:
        try:
            outcome.append(command.run(ns, session))
        except BaseException as exc:  # handed to the main thread
            outcome.append(exc)

    worker = threading.Thread(target=work, name="discuz-extract", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _interrupted(err: TextIO, session: Session | None, *, exit_now: bool, archive: object = None) -> int:
    """Stop the writes (whole lines stay whole), say so in one line, and exit 130."""
    exit_now = exit_now and threading.current_thread() is threading.main_thread()
    if exit_now:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while the last line ends
    if session is not None:
        session.guard.stop()
        session.report.muted = True
    resume = f": rerun the same command to resume from {archive}" if archive is not None else ""
    print(("\n" if err.isatty() else "") + f"interrupted{resume}", file=err, flush=True)
    if exit_now:
        sys.stdout.flush()
        os._exit(EXIT_INTERRUPTED)  # requests in flight are not waited for; all writes are flushed
    return EXIT_INTERRUPTED


__all__ = [
    "COMMANDS",
    "EXIT_CODES",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TABLE",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "build_parser",
    "exit_code_for",
    "main",
]
