"""Damaged listings and indexes give a model or a ``DiscuzError``, never another exception."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discuz_extract import DiscuzError, ForumIndex, ForumPage, parse_forum_index, parse_forum_page

from .conftest import FIXTURES, REAL

CORPUS: list[Path] = sorted(p for p in FIXTURES.glob("forum.*") if p.suffix in (".html", ".json"))
if REAL.exists():
    CORPUS += sorted((REAL / "discuz-x34-board").glob("board.*.p1.*")) + sorted(REAL.glob("0[346]_*.json"))
    CORPUS += sorted((REAL / "discuz-x34-board").glob("index*.html"))
BYTES = {p.name: p.read_bytes() for p in CORPUS if not p.name.endswith(".headers")}
NAMES = sorted(BYTES)
TAG = re.compile(rb"<[a-zA-Z][^<>]{0,200}>|</[a-zA-Z]+>")
FUZZ = settings(
    max_examples=80,
    deadline=timedelta(seconds=5),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def typed(content: bytes) -> None:
    for parse, model in ((parse_forum_page, ForumPage), (parse_forum_index, ForumIndex)):
        try:
            result = parse(content)
        except DiscuzError:
            continue
        assert isinstance(result, model)


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.data())
def test_truncated_anywhere(name: str, data: st.DataObject) -> None:
    raw = BYTES[name]
    typed(raw[: data.draw(st.integers(min_value=0, max_value=len(raw)))])


@FUZZ
@given(name=st.sampled_from(NAMES), picks=st.lists(st.integers(min_value=0), min_size=1, max_size=30))
def test_deleted_tags(name: str, picks: list[int]) -> None:
    raw = BYTES[name]
    tags = list(TAG.finditer(raw))
    out = bytearray(raw)
    for pick in sorted({p % len(tags) for p in picks}, reverse=True) if tags else []:
        out[tags[pick].start() : tags[pick].end()] = b""
    typed(bytes(out))


@FUZZ
@given(name=st.sampled_from(NAMES), at=st.integers(min_value=0), noise=st.binary(min_size=1, max_size=300))
def test_random_bytes_inserted(name: str, at: int, noise: bytes) -> None:
    raw = BYTES[name]
    at %= len(raw) + 1
    typed(raw[:at] + noise + raw[at:])
