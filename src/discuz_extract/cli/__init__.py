"""The ``discuz-extract`` command: threads by URL, or saved pages, to JSON/JSONL/Markdown/text/CSV.

Data goes to stdout (or ``-o FILE``); progress and errors go to stderr. Each URL is
independent: one failure is reported and the others still run. The exit code names the worst
kind of failure met (``EXIT_TABLE``).

Layout: one private module per subcommand, each defining a ``COMMAND`` that ``COMMANDS``
below registers (``_threads``: the main command, and ``_resume`` for its ``--archive`` runs;
``_parse``; ``_schema``). ``_output`` holds the writers of ``--format``, ``_render`` the pure renderers,
``_progress`` the progress bar and ``_report`` the error and warning lines.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import IO, Any

from .._version import __version__
from ..errors import (
    ChallengePage,
    DiscuzError,
    FetchError,
    GatePage,
    InvalidThreadURL,
    PermissionDenied,
    ThreadNotFound,
)
from . import _parse, _schema, _threads
from ._command import Command, Session, UsageError
from ._report import Report

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
# checked in order: the first class an error is an instance of gives its code
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidThreadURL, 4),
    (ThreadNotFound, 5),
    (PermissionDenied, 6),  # LoginRequired included
    (ChallengePage, 7),
    (GatePage, 8),
    (FetchError, 9),
    (DiscuzError, 10),  # not a Discuz/thread page, unreadable input
    (OSError, 11),  # a file that cannot be read or written
)

# the main command first (it has no name), then the subcommands
COMMANDS: tuple[Command, ...] = (_threads.COMMAND, _parse.COMMAND, _schema.COMMAND)


def exit_code_for(exc: BaseException) -> int:
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), EXIT_UNEXPECTED)


def build_parser(command: Command = COMMANDS[0]) -> argparse.ArgumentParser:
    """The argument parser of ``command`` (default: the main command)."""
    parser = argparse.ArgumentParser(
        prog=" ".join(filter(None, ("discuz-extract", command.name))),
        description="Extract Discuz! forum threads as clean, typed data." if command.name is None else command.summary,
        epilog="Use 'discuz-extract parse FILE...' for saved pages. Exit codes: see the README."
        if command.name is None
        else None,
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


def main(argv: Sequence[str] | None = None, *, stdin: IO[Any] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    command, args = _pick(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command)
    ns = parser.parse_args(args)
    err = sys.stderr
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=err)
    report = Report(err, exit_code_for, incomplete_code=EXIT_INCOMPLETE, quiet=getattr(ns, "quiet", False))
    session = Session(sys.stdout, err, stdin if stdin is not None else sys.stdin, report)
    try:
        return command.run(ns, session)
    except UsageError as exc:
        parser.error(str(exc))
    except OSError as exc:  # -o FILE cannot be opened
        report.failed(exc.filename or "output", exc)
        return report.worst


__all__ = [
    "COMMANDS",
    "EXIT_CODES",
    "EXIT_INCOMPLETE",
    "EXIT_OK",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "build_parser",
    "exit_code_for",
    "main",
]
