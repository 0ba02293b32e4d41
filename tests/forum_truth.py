"""Helpers of the forum-listing tests: reading a real page with its headers, and the truth files."""

from __future__ import annotations

import email.utils
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from discuz_extract import ForumIndex, ForumPage, parse_forum_index, parse_forum_page

from .conftest import REAL, require

BOARD = REAL / "discuz-x34-board"
X35 = REAL / "discuz-x35-local"
X34_LOCAL = REAL / "discuz-x34-local"
CST = timezone(timedelta(hours=8))
SPECIALS = {0: None, 1: "poll", 2: "trade", 3: "reward", 4: "activity", 5: "debate"}
_CHARSET = re.compile(r"^content-type:.*charset=([\w-]+)", re.I | re.M)
_DATE = re.compile(r"^date:\s*(.+)$", re.I | re.M)


def headers(path: Path) -> tuple[str | None, datetime | None]:
    """The charset and ``Date`` of the response, from the ``.headers`` file beside it."""
    text = path.with_name(path.name + ".headers").read_text(encoding="latin-1")
    charset, date = _CHARSET.search(text), _DATE.search(text)
    return (charset.group(1) if charset else None), (
        email.utils.parsedate_to_datetime(date.group(1).strip()) if date else None
    )


def read_page(path: Path, url: str | None = None) -> ForumPage:
    charset, date = headers(require(path))
    return parse_forum_page(path.read_bytes(), url=url, encoding=charset, fetched_at=date)


def read_index(path: Path, url: str | None = None) -> ForumIndex:
    charset, date = headers(require(path))
    return parse_forum_index(path.read_bytes(), url=url, encoding=charset, fetched_at=date)


def truth(folder: Path, name: str = "board") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(require(folder / f"{name}.truth.json").read_text(encoding="utf-8"))
    return data


def rows_by_tid(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["tid"]: row for row in data["thread_rows"]}


def epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, CST)


def to_minute(seconds: int) -> datetime:
    """Desktop listings print times to the minute."""
    return epoch(seconds).replace(second=0)
