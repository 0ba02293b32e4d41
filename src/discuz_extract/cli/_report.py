"""What a run tells the user on stderr, and the exit code it builds up.

Each failure is one line naming its subject (a URL or a file) once; each gap in a thread is
one warning. The library's own log records are not printed (``-v`` shows them): whatever it
warns about (a page that failed) the command reports itself, once, from the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..errors import DiscuzError
from ..models import Thread
from ._render import page_ranges


def one_line(text: str) -> str:
    return " ".join(text.split())


def describe(exc: BaseException, subject: object) -> str:
    """``Type: message``, with the error's URL only where it is not the subject's."""
    if isinstance(exc, DiscuzError):
        message = exc.message
        if exc.url and exc.url != str(subject):
            message += f" ({exc.url})"
    elif isinstance(exc, OSError) and exc.strerror:
        message = exc.strerror  # the file is the subject: no "[Errno 2] ...: 'path'"
        if exc.filename is not None and str(exc.filename) != str(subject):
            message += f": {exc.filename}"
    else:
        message = str(exc)
    return one_line(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


class Report:
    """Error and warning lines on ``stream``; ``worst`` is the highest exit code met so far."""

    def __init__(
        self, stream: TextIO, code_for: Callable[[BaseException], int], *, incomplete_code: int, quiet: bool = False
    ) -> None:
        self.stream, self.code_for, self.quiet = stream, code_for, quiet
        self.incomplete_code = incomplete_code
        self.worst = 0
        self.muted = False  # after an interrupt: the one line that says so is the last

    def code(self, code: int) -> None:
        self.worst = max(self.worst, code)

    def failed(self, subject: object, exc: BaseException, *, hint: str | None = None) -> None:
        """One line for an item that failed; its code counts."""
        self.line(f"error: {subject}: {describe(exc, subject)}" + (f" ({hint})" if hint else ""))
        self.code(self.code_for(exc))

    def warn(self, message: str, *, code: int = 0) -> None:
        self.line(f"warning: {message}")
        self.code(code)

    def incomplete(self, message: str) -> None:
        """A warning about a thread that is not whole: the run exits with the incomplete code."""
        self.warn(message, code=self.incomplete_code)

    def gaps(self, subject: object, thread: Thread, *, absent: str = "not read") -> None:
        """One warning per failed page, one for the other absent pages, one for truncated ones;
        a note for pages skipped on purpose (``--max-pages``)."""
        failed = {f.page for f in thread.failures}
        for failure in sorted(thread.failures, key=lambda f: f.page):
            self.incomplete(
                f"{subject}: page {failure.page} missing: {one_line(failure.error_type + ': ' + failure.error)}"
            )
        if others := [p for p in thread.missing_pages if p not in failed]:
            self.incomplete(f"{subject}: {_pages(others)} missing ({absent})")
        if thread.truncated_pages:
            self.incomplete(f"{subject}: {_pages(thread.truncated_pages)} truncated (cut off before the page's end)")
        if thread.skipped_pages:
            self.note(f"note: {subject}: {_pages(thread.skipped_pages)} not read (--max-pages)")

    def note(self, message: str) -> None:
        """Progress news, silenced by ``-q``."""
        if not self.quiet:
            self.line(message)

    def line(self, text: str) -> None:
        if not self.muted:
            print(text, file=self.stream, flush=True)


def _pages(pages: list[int]) -> str:
    return f"{'page' if len(pages) == 1 else 'pages'} {page_ranges(pages)}"
