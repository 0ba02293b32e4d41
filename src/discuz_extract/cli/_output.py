"""Where data goes and in which format: the writers of ``--format``, to stdout or ``-o FILE``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ..models import Thread
from ._command import UsageError
from ._csv import to_csv
from ._interrupt import Guard
from ._markdown import to_markdown
from ._render import to_text

FORMATS = ("json", "jsonl", "markdown", "text", "csv")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="write here (replacing the file) instead of stdout")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl: one thread per line (default); json: an array; csv: one row per post (columns as "
        "Thread.rows()); markdown, text: for reading",
    )
    parser.add_argument(
        "--excel", action="store_true", help="with --format csv: a byte order mark and CRLF line ends, for Excel"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, errors and warnings only")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print the library's own log records")


def check_output_options(ns: argparse.Namespace) -> None:
    """Refuse option combinations that make no sense, before anything is written."""
    if ns.excel and ns.format != "csv":
        raise UsageError("--excel is for --format csv")


def writer_for(ns: argparse.Namespace, stream: TextIO, guard: Guard) -> Writer:
    return Writer(stream, ns.format, guard, excel=ns.excel)


@contextmanager
def output_stream(path: Path | None, *, append: bool) -> Iterator[TextIO]:
    """``path`` opened for writing (appended to with ``append``), or stdout."""
    if path is None:
        yield sys.stdout
        return
    with path.open("a" if append else "w", encoding="utf-8", newline="") as stream:
        yield stream


def render(thread: Thread, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        return thread.model_dump_json(indent=2 if fmt == "json" else None)
    if fmt == "markdown":
        return to_markdown(thread)
    return to_text(thread)


class Writer:
    """Writes results as they come, each whole under the guard, so an interrupt tears nothing;
    a JSON array is closed even then."""

    def __init__(self, stream: TextIO, fmt: str, guard: Guard, *, excel: bool = False) -> None:
        self.stream, self.fmt, self.guard, self.excel, self.count = stream, fmt, guard, excel, 0
        self._cancel = guard.on_stop(self._finish)

    def write(self, thread: Thread) -> None:
        with self.guard.writing():
            self.stream.write(self._text(thread))
            self.stream.flush()
            self.count += 1

    def _text(self, thread: Thread) -> str:
        if self.fmt == "csv":
            return to_csv(thread.rows(), header=self.count == 0, excel=self.excel)
        text = render(thread, self.fmt)
        if self.fmt == "json":
            return ("[\n" if self.count == 0 else ",\n") + text
        return text + "\n"

    def close(self) -> None:
        with self.guard.writing():
            self._finish()
            self._cancel()

    def _finish(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.fmt == "csv" and self.count == 0:  # the columns, even without a row
            self.stream.write(to_csv([], header=True, excel=self.excel))
        self.stream.flush()
