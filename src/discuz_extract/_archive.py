"""The state of a resumable CLI run (``--archive FILE``): which pages of which threads are done.

The archive is JSON Lines, one record per page read: thread key, page, the pids it held,
whether it is complete (a full page before the last; the last page can still grow) and the
page count then known. Records are appended and flushed one whole line at a time; a line torn
by a kill is ignored on load. What was already written to the output is read back too, so a
rerun appends each post exactly once even when a kill fell between the two writes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ThreadProgress:
    done_pages: set[int] = field(default_factory=set)
    page_count: int | None = None
    seen: set[str] = field(default_factory=set)  # post keys: pid, or "page:floor" without pids


def post_key(pid: int | None, page: int, floor: int | None, index: int) -> str:
    return str(pid) if pid is not None else f"{page}:{floor if floor is not None else f'#{index}'}"


class RunArchive:
    """Load once, then ``record`` each page as it is written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.threads: dict[str, ThreadProgress] = {}
        for record in read_whole_lines(path):
            self._apply(record)

    def progress(self, key: str) -> ThreadProgress:
        return self.threads.setdefault(key, ThreadProgress())

    def note_output(self, records: Iterable[dict[str, Any]]) -> None:
        """Posts already in the output file count as seen."""
        for record in records:
            if "thread" in record and "key" in record:
                self.progress(str(record["thread"])).seen.add(str(record["key"]))

    def record(self, key: str, *, page: int, keys: list[str], complete: bool, page_count: int) -> None:
        entry = {"thread": key, "page": page, "keys": keys, "complete": complete, "page_count": page_count}
        append_line(self.path, json.dumps(entry, ensure_ascii=False))
        self._apply(entry)

    def _apply(self, record: dict[str, Any]) -> None:
        if "thread" not in record or "page" not in record:
            return
        progress = self.progress(str(record["thread"]))
        if record.get("complete"):
            progress.done_pages.add(int(record["page"]))
        progress.seen.update(str(k) for k in record.get("keys", []))
        if record.get("page_count"):
            progress.page_count = max(progress.page_count or 0, int(record["page_count"]))


def read_whole_lines(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a torn last line (a run killed mid-write) is cut off."""
    if not path.exists():
        return []
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
    records = []
    for line in data[:end].splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            records.append(value)
    return records


def append_line(path: Path, line: str) -> None:
    """One ``write`` per line, flushed and synced, so a kill leaves whole lines behind."""
    with path.open("ab") as handle:
        handle.write(line.encode("utf-8") + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
