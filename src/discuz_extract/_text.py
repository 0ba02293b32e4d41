"""Small pure helpers for the strings Discuz prints: whitespace, numbers, ids in URLs."""

from __future__ import annotations

import math
import re

from ._vocab import ROUNDED_UNITS

# Whitespace inside a line: ASCII and the Unicode spaces Discuz emits (&nbsp;, ideographic).
_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000\ufeff]+")
_BLANK_LINES = re.compile(r"\n{2,}")
_DIGITS = re.compile(r"-?\d+")
# every 18-digit number fits a signed 64-bit integer (Arrow, Parquet, SQL): a longer run of
# digits is no id or count a forum keeps, so it reads as unknown rather than overflowing a writer
_MAX_DIGITS = 18
MAX_INT = 10**_MAX_DIGITS - 1
_UID_IN_URL = re.compile(r"(?:[?&;]uid=|space-uid-)(\d+)")
_TID_IN_URL = re.compile(r"(?:[?&;]tid=|[?&;]ptid=|thread-|tid-)(\d+)")
_FID_IN_URL = re.compile(r"(?:[?&;]fid=|forum-|fid-)(\d+)")
_PID_IN_URL = re.compile(r"[?&;]pid=(\d+)")


def normalize_line(line: str) -> str:
    """Collapse runs of inline whitespace to one space and trim the ends."""
    if line.isalnum():  # a word or a number: no whitespace to collapse or trim (most labels)
        return line
    return _INLINE_SPACE.sub(" ", line).strip()


def normalize_block(text: str, *, keep_blank_lines: bool = False) -> str:
    """Normalize every line; drop empty lines unless ``keep_blank_lines`` (then one at most)."""
    lines = [normalize_line(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if keep_blank_lines:
        out = "\n".join(lines).strip("\n")
        return _BLANK_LINES.sub("\n\n", out)
    return "\n".join(x for x in lines if x)


def parse_int(text: str | None) -> int | None:
    """The first integer in ``text`` (thousands separators ignored), or None."""
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:  # the usual case: the digits alone
        return int(text)
    m = _DIGITS.search(text.replace(",", ""))
    return to_int(m.group()) if m else None


def to_int(digits: str | None) -> int | None:
    """Digits a page printed (a sign allowed) as an int; None when absent or too long to be an
    id or a count (see ``_MAX_DIGITS``)."""
    digits = digits.strip() if digits else ""
    if not digits or len(digits.lstrip("-")) > _MAX_DIGITS:
        return None
    try:
        return int(digits)
    except ValueError:
        return None


def to_seconds(text: str | None) -> float | None:
    """A duration the footer printed (``0.052341``); None for ``1.2.3``, ``inf`` or nothing."""
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def bounded(value: int) -> int | None:
    """A JSON integer kept when it fits the range every id and count is read in, else None."""
    return value if -MAX_INT <= value <= MAX_INT else None


def parse_shown_count(shown: str, exact: str | None = None) -> int | None:
    """A count as Discuz shows it: exact digits, or ``N万`` with the exact value in a title.

    ``9909万`` alone is not an exact number, so it gives None (the caller keeps the text).
    """
    if exact is not None and (value := parse_int(exact)) is not None:
        return value
    shown = shown.strip()
    if not shown or any(unit in shown for unit in ROUNDED_UNITS):
        return None
    return parse_int(shown)


def _first_group(pattern: re.Pattern[str], url: str | None) -> int | None:
    if not url:
        return None
    m = pattern.search(url)
    return to_int(m.group(1)) if m else None


def uid_from_url(url: str | None) -> int | None:
    return _first_group(_UID_IN_URL, url)


def tid_from_url(url: str | None) -> int | None:
    return _first_group(_TID_IN_URL, url)


def fid_from_url(url: str | None) -> int | None:
    return _first_group(_FID_IN_URL, url)


def pid_from_url(url: str | None) -> int | None:
    return _first_group(_PID_IN_URL, url)
