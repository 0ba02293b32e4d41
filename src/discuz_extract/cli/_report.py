"""What a run tells the user on stderr, and the exit code it builds up.

Each failure is one line, each warning one line; the worst code met is the exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO


class Report:
    """Error and warning lines on ``stream``; ``worst`` is the highest exit code met so far."""

    def __init__(
        self, stream: TextIO, code_for: Callable[[BaseException], int], *, incomplete_code: int, quiet: bool = False
    ) -> None:
        self.stream, self.code_for, self.quiet = stream, code_for, quiet
        self.incomplete_code = incomplete_code
        self.worst = 0

    def code(self, code: int) -> None:
        self.worst = max(self.worst, code)

    def failed(self, subject: object, exc: BaseException) -> None:
        """One line for an item that failed; its code counts."""
        self.line(f"error: {subject}: {type(exc).__name__}: {exc}")
        self.code(self.code_for(exc))

    def warn(self, message: str, *, code: int = 0) -> None:
        self.line(f"warning: {message}")
        self.code(code)

    def incomplete(self, message: str) -> None:
        """A warning about a thread that is not whole: the run exits with the incomplete code."""
        self.warn(message, code=self.incomplete_code)

    def note(self, message: str) -> None:
        """Progress news, silenced by ``-q``."""
        if not self.quiet:
            self.line(message)

    def line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)
