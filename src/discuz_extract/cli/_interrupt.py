"""Ctrl-C without torn output: the command runs in a worker thread; its writes take a lock.

A command writes through ``Guard.writing()``: one whole line, or a page's post lines and its
archive record, per hold. On Ctrl-C the main thread ``stop``s the guard: it waits for the
write in progress (milliseconds), lets no other start, and finishes the open writers (a JSON
array gets its closing bracket). What is on disk is then whole lines only, and an
``--archive`` run resumes from them. The process then exits at once (``os._exit``), without
waiting for requests in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Stopped(BaseException):
    """Raised in the worker when it tries to write after the run was interrupted."""


class Guard:
    """The lock every write of the command holds, and what to finish on an interrupt."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stopped = False
        self._finishers: list[Callable[[], None]] = []

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold while writing one whole unit; raises ``Stopped`` once the run is interrupted."""
        with self._lock:
            if self.stopped:
                raise Stopped
            yield

    def on_stop(self, finish: Callable[[], None]) -> Callable[[], None]:
        """Call ``finish`` (under the lock) if the run is interrupted; returns the way to cancel that."""
        self._finishers.append(finish)

        def cancel() -> None:  # called under the lock, by the writer that finished itself
            if finish in self._finishers:
                self._finishers.remove(finish)

        return cancel

    def stop(self) -> None:
        """No write after this one; the open writers are finished."""
        with self._lock:
            self.stopped = True
            for finish in reversed(self._finishers):
                finish()
            self._finishers.clear()
