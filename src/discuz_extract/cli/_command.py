"""What a subcommand is: a name, its options and a ``run``; and the session it runs in.

A subcommand module defines one ``COMMAND``; ``discuz_extract.cli`` registers it in
``COMMANDS``. ``run`` takes the parsed options and the ``Session`` (streams and the
``Report`` that prints errors and keeps the exit code) and returns the exit code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TextIO

from ._interrupt import Guard
from ._report import Report


class UsageError(Exception):
    """A combination of options the command refuses before doing anything (exit 2)."""


@dataclass
class Session:
    """The streams a command reads and writes, its report, and the guard its writes hold."""

    stdout: TextIO
    stderr: TextIO
    stdin: IO[Any]
    report: Report
    guard: Guard

    def stdin_lines(self) -> Iterator[str]:
        """Standard input as text lines (URLs)."""
        for line in self.stdin:
            yield line.decode("utf-8", "replace") if isinstance(line, bytes) else line

    def stdin_bytes(self) -> bytes:
        """Standard input as bytes (a saved page piped in)."""
        binary = getattr(self.stdin, "buffer", None)
        if binary is not None:
            data: bytes = binary.read()
            return data
        data_read = self.stdin.read()
        return data_read.encode("utf-8") if isinstance(data_read, str) else bytes(data_read)


@dataclass(frozen=True)
class Command:
    """One subcommand. ``name`` is ``None`` for the main command (``discuz-extract URL...``)."""

    name: str | None
    synopsis: str  # the arguments, for the list of commands: "URL...", "FILE...", "[MODEL]"
    summary: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Session], int]
