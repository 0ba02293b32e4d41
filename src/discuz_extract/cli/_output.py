"""Where data goes and in which format: the writers of ``--format``, to stdout or ``-o FILE``."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ..models import Thread
from ._render import to_markdown, to_text

FORMATS = ("json", "jsonl", "markdown", "text", "csv")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl: one thread per line (default); csv: one row per post",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, errors only")


@contextmanager
def output_stream(path: Path | None, *, append: bool) -> Iterator[TextIO]:
    """``path`` opened for writing (appended to with ``append``), or stdout."""
    if path is None:
        yield sys.stdout
        return
    with path.open("a" if append else "w", encoding="utf-8") as stream:
        yield stream


def render(thread: Thread, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        return thread.model_dump_json(indent=2 if fmt == "json" else None)
    if fmt == "markdown":
        return to_markdown(thread)
    return to_text(thread)


class Writer:
    """Writes results as they come; JSON Lines whole-line-at-a-time so a killed run tears nothing."""

    def __init__(self, stream: TextIO, fmt: str) -> None:
        self.stream, self.fmt, self.count = stream, fmt, 0
        self.csv: csv.DictWriter[str] | None = None

    def write(self, thread: Thread) -> None:
        if self.fmt == "csv":
            self._write_csv(thread)
            return
        text = render(thread, self.fmt)
        if self.fmt == "json":
            text = ("[\n" if self.count == 0 else ",\n") + text
        else:
            text += "\n"
        self.stream.write(text)
        self.stream.flush()
        self.count += 1

    def _write_csv(self, thread: Thread) -> None:
        rows = thread.rows()
        if self.csv is None and rows:
            self.csv = csv.DictWriter(self.stream, fieldnames=list(rows[0]))
            self.csv.writeheader()
        if self.csv is not None:
            self.csv.writerows(rows)
        self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
            self.stream.flush()
