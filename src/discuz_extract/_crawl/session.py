"""What the forums of one crawl share: the archive (the incremental rule's memory), the output of
posts, the lock every write holds, and the threads read whole in this run.

Posts are written as a resumable run (``--archive``) writes them, one JSON line each, tagged with
their thread, key, tid, title and page; a page's new posts and its archive record are written
under one hold of the lock, so an interrupt (or a site crawl's other hosts) never splits them.
With an archive, the output file is read back first, so each post is written exactly once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import TextIO

from .._archive import ListedRow, RunArchive, open_archive, post_key, post_line, read_lines
from ..errors import InvalidSettings
from ..models import ThreadPage

Output = str | os.PathLike[str] | TextIO
Writing = Callable[[], AbstractContextManager[None]]


class CrawlSession:
    """The archive, the posts' output and the writes' lock of one crawl (thread-safe)."""

    def __init__(self, archive: RunArchive, out: TextIO, *, writing: Writing | None = None) -> None:
        self.archive, self.out = archive, out
        self._lock = threading.Lock()
        self.writing: Writing = writing or self._locked
        self.read_this_run: set[str] = set()  # thread keys read to their end in this run

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            yield

    def write_page(self, key: str, page: ThreadPage, number: int, *, default_tid: int) -> int:
        """The page's posts not written before, then its archive record; the posts written."""
        keys = [post_key(p.pid, number, p.floor, i) for i, p in enumerate(page.posts)]
        count = max(page.page_count or 1, number)
        complete = number < count and not page.truncated  # the last page can grow; a cut page is read again
        written = 0
        with self.writing():
            seen = self.archive.progress(key).seen
            for post, post_id in zip(page.posts, keys):
                if post_id in seen:
                    continue
                self.out.write(post_line(key, post_id, page, number, post, default_tid=default_tid) + "\n")
                self.out.flush()
                seen.add(post_id)
                written += 1
            self.archive.record(key, page=number, keys=keys, complete=complete, page_count=count)
        return written

    def record_row(self, forum: str, key: str, row: ListedRow) -> None:
        with self.writing():
            self.archive.record_row(forum, key, row)
            self.read_this_run.add(key)

    def record_gone(self, forum: str, key: str, *, tid: int, title: str | None, reason: str) -> None:
        with self.writing():
            self.archive.record_gone(forum, key, tid=tid, title=title, reason=reason)


@contextmanager
def open_session(
    output: Output, archive: str | os.PathLike[str] | None, *, writing: Writing | None = None
) -> Iterator[CrawlSession]:
    """The session of one crawl: the archive opened and locked (``ArchiveInUse``, ``NotAnArchive``
    as for ``--archive`` runs; none: every thread is read), the output (a path is appended to,
    and read back first when there is an archive; a stream is written to and left open)."""
    if archive is not None and isinstance(output, (str, os.PathLike)) and _same_file(output, archive):
        raise InvalidSettings("output and archive must be two files", field="archive", value=archive)
    with ExitStack() as stack:
        if archive is not None:
            run_archive, _ = stack.enter_context(open_archive(Path(os.fspath(archive))))
        else:
            run_archive = RunArchive()
        if isinstance(output, (str, os.PathLike)):
            path = Path(os.fspath(output))
            if archive is not None:
                run_archive.note_output(read_lines(path).values)
            out: TextIO = stack.enter_context(path.open("a", encoding="utf-8", newline=""))
        else:
            out = output
        yield CrawlSession(run_archive, out, writing=writing)


def _same_file(one: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    return Path(os.fspath(one)).resolve() == Path(os.fspath(other)).resolve()
