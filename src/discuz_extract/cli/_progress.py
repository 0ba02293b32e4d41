"""Progress on stderr: a one-line bar on a terminal, nothing on a pipe or a file."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

ProgressCallback = Callable[[int, int], None]


class Progress:
    """A one-line progress bar on a terminal; silent otherwise (and with ``quiet``)."""

    def __init__(self, stream: IO[str], quiet: bool) -> None:
        self.stream, self.quiet, self.tty = stream, quiet, stream.isatty()

    def pages(self, label: str) -> ProgressCallback:
        """A callback for ``extract_thread(progress=...)``: (pages done, pages in all)."""

        def update(done: int, total: int) -> None:
            if self.quiet or not self.tty:
                return
            width = 24
            filled = width * done // max(total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:50]}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()

        return update
