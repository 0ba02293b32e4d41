"""Discuz's date strings to timezone-aware datetimes (pure).

Discuz prints ``Y-n-j H:i:s`` (``2019-3-5 08:07:09``) in the viewer's offset, which the
footer names as ``GMT+8``. Recent times are relative (``3 小时前``, ``昨天 22:43``); the
desktop page keeps the absolute time in a ``title`` attribute, other renderings do not,
so those are resolved against a reference time (the page's own footer time).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ._vocab import AGO, DATE_SEPARATORS, DAY_WORDS, FULLWIDTH_COMMA, HALF_HOUR_AGO, JUST_NOW, TIME_UNIT_SECONDS, one_of

_YEAR, _MONTH, _DAY = DATE_SEPARATORS["year"], DATE_SEPARATORS["month"], DATE_SEPARATORS["day"]
_ABSOLUTE = re.compile(
    rf"(\d{{4}})\s*[-/{_YEAR}.]\s*(\d{{1,2}})\s*[-/{_MONTH}.]\s*(\d{{1,2}})\s*{_DAY}?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_GMT = re.compile(rf"GMT\s*([+-]\s*\d{{1,2}}(?:\.\d+)?)?(?=[\s,{FULLWIDTH_COMMA}]|$)")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_N_UNITS = re.compile(rf"(\d+)\s*({one_of(*TIME_UNIT_SECONDS)}){AGO}")
_MAX_OFFSET_HOURS = 14  # the widest offset in use (UTC+14, Kiribati)
_RELATIVE_WORDS = (*JUST_NOW, *HALF_HOUR_AGO, *DAY_WORDS)


def make_timezone(utc_offset_hours: float | None) -> timezone:
    """The fixed offset Discuz used; Discuz's default is GMT+8 when the page does not say."""
    hours = 8.0 if utc_offset_hours is None else utc_offset_hours
    return timezone(timedelta(minutes=round(hours * 60)))


def parse_gmt_offset(text: str) -> float | None:
    """``GMT+8`` → 8.0, ``GMT-5`` → -5.0, ``GMT+5.5`` → 5.5, bare ``GMT`` → 0.0."""
    m = _GMT.search(text)
    if not m:
        return None
    hours = float(m.group(1).replace(" ", "")) if m.group(1) else 0.0
    return hours if abs(hours) <= _MAX_OFFSET_HOURS else None  # GMT+99 is no offset


def parse_absolute(text: str, tz: timezone) -> datetime | None:
    """The first ``Y-n-j [H:i[:s]]`` in ``text`` as an aware datetime, or None."""
    m = _ABSOLUTE.search(text)
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        return None


def parse_relative(text: str, reference: datetime) -> datetime | None:
    """Resolve ``刚刚``/``半小时前``/``N 分钟前``/``N 小时前``/``昨天 HH:MM``/``前天``/``N 天前``.

    The result is approximate: Discuz rounds, and the reference is the page's generation
    time (minute precision).
    """
    t = text.replace("\u00a0", " ")
    if any(w in t for w in JUST_NOW):
        return reference
    if any(w in t for w in HALF_HOUR_AGO):
        return reference - timedelta(minutes=30)
    try:
        return _resolve_relative(t, reference)
    except (OverflowError, ValueError):  # before year 1 ("9999999 days ago"), a clock of 99:99
        return None


def _resolve_relative(t: str, reference: datetime) -> datetime | None:
    m = _N_UNITS.search(t)
    if m:
        return reference - timedelta(seconds=int(m.group(1)) * TIME_UNIT_SECONDS[m.group(2)])
    for word, days in DAY_WORDS.items():
        if word in t:
            day = (reference - timedelta(days=days)).date()
            clock = _CLOCK.search(t)
            h, mi = (int(clock.group(1)), int(clock.group(2))) if clock else (0, 0)
            return datetime(day.year, day.month, day.day, h, mi, tzinfo=reference.tzinfo)
    return None


def looks_relative(text: str) -> bool:
    t = text.replace("\u00a0", " ")
    return bool(_N_UNITS.search(t)) or any(w in t for w in _RELATIVE_WORDS)
