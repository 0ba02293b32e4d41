"""The state of a resumable CLI run (``--archive FILE``): which pages of which threads are done,
and, for board crawls (``forum``, ``site``), what each forum's listing showed of each thread.

The archive is JSON Lines, one record per page read: thread key, page, the post keys it held,
whether it is complete (a full page before the last; the last page can still grow) and the
page count then known (``ArchiveRecord``). A board crawl adds a ``RowRecord`` when a listed
thread has been read to its last page (the listing's row: replies, last post time, last
poster, which a rerun compares to tell what changed) and a ``GoneRecord`` when a thread the
archive knows is no longer listed (or answers not found). Every record starts with its
thread's key. Records are appended and synced one whole line at
a time through the run's handle, which holds an exclusive lock (``flock``) so that a second
run on the same archive stops at once (``ArchiveInUse``) instead of writing every post again.

Before anything is written, a file is recognised: an empty or new file is a new archive; a
file whose first line is not a record (binary, pretty JSON, a CSV, the posts file given in the
wrong place) is refused and left untouched (``NotAnArchive``). In a real archive, lines that
are not records are skipped and counted (``Scan.bad``), and only a torn last line (a run
killed mid-write) is cut off. The output of a resumable run (one post per line, tagged with
its thread and key) is read back the same way, so a rerun appends each post exactly once
even when a kill fell between the two writes.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DiscuzError
from .models import Post, ThreadPage

# json.dumps writes this first: a torn first line of ours starts with it
_LINE_START = b'{"thread"'


class ArchiveError(DiscuzError):
    """The ``--archive`` (or its ``-o``) file cannot be used for this run; ``path`` names it."""

    def __init__(self, message: str, *, path: object) -> None:
        super().__init__(message)
        self.path = path


class NotAnArchive(ArchiveError):
    """The file is not one a resumable run wrote; it was left untouched."""


class ArchiveInUse(ArchiveError):
    """Another run holds the archive's lock."""


class ArchiveRecord(BaseModel):
    """One line of the archive: a page of a thread, read and written out."""

    model_config = ConfigDict(strict=True, extra="ignore")

    thread: str = Field(description="the thread's key: its site URL, '#', its tid")
    page: int = Field(ge=1, description="the page number")
    keys: list[str] = Field(description="the keys of the posts the page held (pid, or page:floor)")
    complete: bool = Field(description="a full page before the last: not read again")
    page_count: int = Field(ge=1, description="the thread's page count as then known")


class ListedRow(BaseModel):
    """What a forum's listing showed of a thread, as a board crawl compares it between runs."""

    model_config = ConfigDict(strict=True, extra="ignore")

    tid: int = Field(description="the thread id")
    title: str | None = Field(default=None, description="the title as listed")
    replies: int | None = Field(default=None, description="the reply count listed")
    last_post_at: str | None = Field(default=None, description="the last post's time listed (ISO 8601)")
    last_poster: str | None = Field(default=None, description="the last poster listed")
    listing_page: int = Field(ge=1, description="the listing page it was found on")

    def state(self) -> tuple[int | None, str | None, str | None]:
        """What a rerun compares: replies, last post time, last poster."""
        return (self.replies, self.last_post_at, self.last_poster)


class RowRecord(BaseModel):
    """One line of the archive: a listed thread read to its last page, and its row then."""

    model_config = ConfigDict(strict=True, extra="ignore")

    thread: str = Field(description="the thread's key: its site URL, '#', its tid")
    forum: str = Field(description="the forum's key: its site URL, '#forum-', its fid")
    row: ListedRow
    at: str = Field(description="when it was recorded (UTC, ISO 8601)")


class GoneRecord(BaseModel):
    """One line of the archive: a thread the archive knew that the forum no longer lists."""

    model_config = ConfigDict(strict=True, extra="ignore")

    thread: str = Field(description="the thread's key")
    forum: str = Field(description="the forum's key")
    tid: int = Field(description="the thread id")
    title: str | None = Field(default=None, description="its title as last listed")
    reason: str = Field(description="'not listed' (gone from the listing) or 'not found' (listed, then not found)")
    at: str = Field(description="when it was noticed (UTC, ISO 8601)")


Record = ArchiveRecord | RowRecord | GoneRecord
_RECORD_KINDS: tuple[type[Record], ...] = (ArchiveRecord, RowRecord, GoneRecord)


def parse_record(value: Any) -> Record | None:
    """The record a line holds, or ``None`` when it holds none."""
    for kind in _RECORD_KINDS:
        try:
            return kind.model_validate(value)
        except ValidationError:
            continue
    return None


@dataclass
class ThreadProgress:
    done_pages: set[int] = field(default_factory=set)
    page_count: int | None = None
    seen: set[str] = field(default_factory=set)  # post keys: pid, or "page:floor" without pids


def post_key(pid: int | None, page: int, floor: int | None, index: int) -> str:
    return str(pid) if pid is not None else f"{page}:{floor if floor is not None else f'#{index}'}"


# --- reading JSON Lines we wrote ----------------------------------------------------------------


@dataclass
class Scan:
    """A JSON Lines file read: the values of its whole lines, the lines that are not ours."""

    values: list[Any] = field(default_factory=list)
    bad: list[int] = field(default_factory=list)  # 1-based line numbers
    end: int = 0  # bytes up to the end of the last whole line
    size: int = 0


def scan(data: bytes, accept: Callable[[Any], bool], *, name: object, what: str) -> Scan:
    """Recognise ``data`` as a file of lines ``accept`` takes; ``NotAnArchive`` if it is not."""
    result = Scan(end=data.rfind(b"\n") + 1, size=len(data))
    if not data:
        return result

    def refuse(why: str) -> NotAnArchive:
        return NotAnArchive(f"not {what} ({why}); left untouched", path=name)

    if b"\0" in data:
        raise refuse("binary content")
    try:
        lines = data[: result.end].decode("utf-8").split("\n")[:-1]
    except UnicodeDecodeError as exc:
        raise refuse("not UTF-8 text") from exc
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    tail = data[result.end :]
    if not numbered and tail.strip() and not tail.startswith(_LINE_START):
        raise refuse("no line of it is one")
    for number, line in numbered:
        value = _json(line)
        if value is not None and accept(value):
            result.values.append(value)
        elif number == numbered[0][0]:
            raise refuse(f"line {number} is not one of its lines")
        else:
            result.bad.append(number)
    return result


def _json(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


def is_record(value: Any) -> bool:
    return parse_record(value) is not None


def is_post_line(value: Any) -> bool:
    """A line of a resumable run's output: a post tagged with its thread and key."""
    return isinstance(value, dict) and isinstance(value.get("thread"), str) and isinstance(value.get("key"), str)


def read_whole_lines(path: Path, accept: Callable[[Any], bool] = is_post_line) -> list[dict[str, Any]]:
    """The lines of a resumable run's output; a torn last line (a run killed mid-write) is cut
    off. A file that is not such output raises ``NotAnArchive`` and is left as it is."""
    return read_lines(path, accept).values


def read_lines(path: Path, accept: Callable[[Any], bool] = is_post_line) -> Scan:
    """``read_whole_lines`` with the lines skipped (``Scan.bad``)."""
    if not path.exists():
        return Scan()
    data = path.read_bytes()
    found = scan(data, accept, name=path, what="the output of a resumable run (one post per JSON line)")
    if found.end < found.size:
        with path.open("r+b") as handle:
            handle.truncate(found.end)
    return found


# --- the archive ----------------------------------------------------------------------------------


class RunArchive:
    """The pages done per thread; ``record`` appends each page as it is written. For board
    crawls, ``rows`` holds the last row recorded per (forum, thread) and ``gone`` the pairs whose
    last record says the thread left the listing. Without a handle nothing is written (a crawl
    without ``--archive``). The appends are thread-safe (a site crawl reads hosts in parallel)."""

    def __init__(self, records: Iterable[Any] = (), handle: IO[bytes] | None = None) -> None:
        self.threads: dict[str, ThreadProgress] = {}
        self.rows: dict[tuple[str, str], ListedRow] = {}
        self.gone: set[tuple[str, str]] = set()
        self.handle = handle
        self._lock = threading.RLock()
        for value in records:
            record = parse_record(value)
            if record is not None:
                self._apply(record)

    @classmethod
    def read(cls, path: Path) -> RunArchive:
        """The archive at ``path``, read only (no lock, nothing cut)."""
        data = path.read_bytes() if path.exists() else b""
        return cls(scan(data, is_record, name=path, what="an archive").values)

    def progress(self, key: str) -> ThreadProgress:
        return self.threads.setdefault(key, ThreadProgress())

    def note_output(self, records: Iterable[dict[str, Any]]) -> None:
        """Posts already in the output file count as seen."""
        for record in records:
            self.progress(str(record["thread"])).seen.add(str(record["key"]))

    def record(self, key: str, *, page: int, keys: list[str], complete: bool, page_count: int) -> None:
        self._write(ArchiveRecord(thread=key, page=page, keys=keys, complete=complete, page_count=page_count))

    def record_row(self, forum: str, key: str, row: ListedRow) -> None:
        self._write(RowRecord(thread=key, forum=forum, row=row, at=_now()))

    def record_gone(self, forum: str, key: str, *, tid: int, title: str | None, reason: str) -> None:
        self._write(GoneRecord(thread=key, forum=forum, tid=tid, title=title, reason=reason, at=_now()))

    def forum_rows(self, forum: str) -> dict[str, ListedRow]:
        """The threads the archive knows as listed in ``forum`` (not gone), with their last rows."""
        with self._lock:
            return {
                key: row for (where, key), row in self.rows.items() if where == forum and (where, key) not in self.gone
            }

    def _write(self, entry: Record) -> None:
        with self._lock:
            if self.handle is not None:
                append_line(self.handle, json.dumps(entry.model_dump(), ensure_ascii=False))
            self._apply(entry)

    def _apply(self, record: Record) -> None:
        if isinstance(record, RowRecord):
            self.rows[(record.forum, record.thread)] = record.row
            self.gone.discard((record.forum, record.thread))
            return
        if isinstance(record, GoneRecord):
            self.gone.add((record.forum, record.thread))
            return
        progress = self.progress(record.thread)
        if record.complete:
            progress.done_pages.add(record.page)
        progress.seen.update(record.keys)
        progress.page_count = max(progress.page_count or 0, record.page_count)


@contextmanager
def open_archive(path: Path) -> Iterator[tuple[RunArchive, Scan]]:
    """The archive at ``path`` (made if new), locked for this run, with its scan (bad lines).

    Raises ``ArchiveInUse`` when another run holds it and ``NotAnArchive`` when the file is
    something else; in both cases nothing was written. A torn last line is cut off.
    """
    with path.open("a+b") as handle:
        _lock(handle, path)
        handle.seek(0)
        found = scan(handle.read(), is_record, name=path, what="an archive of a resumable run")
        if found.end < found.size:
            handle.truncate(found.end)
        yield RunArchive(found.values, handle), found


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def post_line(key: str, post_id: str, page: ThreadPage, number: int, post: Post, *, default_tid: int) -> str:
    """One post as a resumable run writes it: tagged with its thread, key, tid, title and page."""
    row = {"thread": key, "key": post_id, "tid": page.tid or default_tid, "title": page.title, "page": number}
    return json.dumps({**row, **post.model_dump(mode="json")}, ensure_ascii=False)


def _lock(handle: IO[bytes], path: Path) -> None:
    """An exclusive, non-blocking lock for the run's life (released when the file closes)."""
    if sys.platform == "win32":  # pragma: no cover - no flock: runs are not kept apart
        return
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        raise ArchiveInUse("in use by another discuz-extract run; wait for it to end", path=path) from exc


def append_line(handle: IO[bytes], line: str) -> None:
    """One ``write`` per line, flushed and synced, so a kill leaves whole lines behind."""
    handle.write(line.encode("utf-8") + b"\n")
    handle.flush()
    os.fsync(handle.fileno())
