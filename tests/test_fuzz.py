"""Property-based and fuzz tests: mutated fixtures and real pages end in a ThreadPage or a
DiscuzError, never another exception. Budgets are fixed (derandomized examples, a per-example
deadline as a bound against blow-ups); large inputs run once each, guarded by a timeout."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discuz_extract import DiscuzError, ThreadPage, parse_page, parse_text

from .conftest import FIXTURES, REAL, SEED, fixture_bytes

# every test here is a fuzz or a scale test: `pytest -m "not slow"` leaves them out
pytestmark = pytest.mark.slow

CORPUS: list[Path] = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".html", ".json"))
if REAL.exists():
    CORPUS += sorted(p for p in REAL.rglob("*") if p.suffix in (".html", ".json"))
BYTES = {p.name: p.read_bytes() for p in CORPUS}
NAMES = sorted(BYTES)
TAG = re.compile(rb"<[a-zA-Z][^<>]{0,200}>|</[a-zA-Z]+>")
FUZZ = settings(
    max_examples=120,
    deadline=timedelta(seconds=5),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def outcome_is_typed(content: bytes | str) -> None:
    try:
        page = parse_page(content)
    except DiscuzError:
        return
    assert isinstance(page, ThreadPage)


def text_outcome_is_typed(text: str) -> None:
    try:
        page = parse_text(text)
    except DiscuzError:
        return
    assert isinstance(page, ThreadPage)


def mutate_tags(raw: bytes, picks: list[int], duplicate: bool) -> bytes:
    tags = list(TAG.finditer(raw))
    if not tags:
        return raw
    out = bytearray(raw)
    for pick in sorted({p % len(tags) for p in picks}, reverse=True):
        m = tags[pick]
        out[m.start() : m.end()] = m.group() * 2 if duplicate else b""
    return bytes(out)


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.data())
def test_truncated_anywhere(name: str, data: st.DataObject) -> None:
    raw = BYTES[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    outcome_is_typed(raw[:cut])


@FUZZ
@given(
    name=st.sampled_from(NAMES), picks=st.lists(st.integers(min_value=0), min_size=1, max_size=30), dup=st.booleans()
)
def test_deleted_or_duplicated_tags(name: str, picks: list[int], dup: bool) -> None:
    outcome_is_typed(mutate_tags(BYTES[name], picks, dup))


@FUZZ
@given(name=st.sampled_from(NAMES), codec=st.sampled_from(["gb18030", "big5hkscs", "utf-16", "latin-1", "shift_jis"]))
def test_swapped_encodings(name: str, codec: str) -> None:
    raw = BYTES[name]
    text = raw.decode("gb18030", errors="replace") if b"gbk" in raw[:3000].lower() else raw.decode("utf-8", "replace")
    outcome_is_typed(text.encode(codec, errors="replace"))
    outcome_is_typed(raw.decode(codec, errors="replace"))


@FUZZ
@given(name=st.sampled_from(NAMES), at=st.integers(min_value=0), noise=st.binary(min_size=1, max_size=400))
def test_random_bytes_inserted(name: str, at: int, noise: bytes) -> None:
    raw = BYTES[name]
    at %= len(raw) + 1
    outcome_is_typed(raw[:at] + noise + raw[at:])


@FUZZ
@given(noise=st.binary(max_size=3000))
def test_random_bytes_alone(noise: bytes) -> None:
    outcome_is_typed(noise)


@FUZZ
@given(name=st.sampled_from(NAMES), depth=st.integers(min_value=100, max_value=3000), at=st.integers(min_value=0))
def test_deep_nesting(name: str, depth: int, at: int) -> None:
    raw = BYTES[name]
    at %= len(raw) + 1
    outcome_is_typed(raw[:at] + b"<div><span>" * depth + raw[at:])


SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else None
TEXTS = [t for t in [SEED_TEXT] if t] + [BYTES[n].decode("utf-8", "replace") for n in NAMES[:6]]


@FUZZ
@given(index=st.integers(min_value=0, max_value=len(TEXTS) - 1), data=st.data())
def test_text_mode_mutations(index: int, data: st.DataObject) -> None:
    text = TEXTS[index]
    lines = text.split("\n")
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    text_outcome_is_typed(text[:cut])
    picks = data.draw(st.lists(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)), max_size=20))
    text_outcome_is_typed("\n".join(line for i, line in enumerate(lines) if i not in set(picks)))
    text_outcome_is_typed("\n".join(lines + [lines[p] for p in picks]))
    text_outcome_is_typed(data.draw(st.text(max_size=2000)))


# --- large inputs: once each, a hang guard rather than a speed test ---------------------------


def _reply_block(raw: str, pid: int) -> str:
    start = raw.index(f'<div id="post_{pid}"')
    following = re.compile(r'<div id="post_\d+"').search(raw, start + 10)
    assert following is not None
    return raw[start : following.start()]


@pytest.mark.timeout(300)
def test_ten_thousand_posts_on_a_page() -> None:
    raw = fixture_bytes("seed.desktop.utf8.html").decode("utf-8")
    block = _reply_block(raw, 45188)
    blocks = "".join(block.replace("45188", str(100000 + i)) for i in range(10_000))
    page = parse_page(raw.replace(block, blocks, 1).encode("utf-8"))
    assert len(page.posts) == 10_004


@pytest.mark.timeout(300)
def test_five_megabyte_post() -> None:
    raw = fixture_bytes("seed.desktop.utf8.html").decode("utf-8")
    paragraph = "这是一个很长的段落，用来测试五兆字节的帖子。" * 20 + "<br />\r\n"
    huge = paragraph * (5 * 1024 * 1024 // len(paragraph.encode("utf-8")) + 1)
    page = parse_page(raw.replace("你的话语真是温暖如春,让我心生感激。", huge, 1).encode("utf-8"))
    assert len(page.posts[1].text.encode("utf-8")) > 5 * 1024 * 1024 * 0.9


@pytest.mark.timeout(300)
def test_text_mode_ten_thousand_posts() -> None:
    if SEED_TEXT is None:
        pytest.skip("../shared is not present")
    start = SEED_TEXT.index("0\n\n主题")
    end = SEED_TEXT.index("3062\n\n主题")
    text = SEED_TEXT[:start] + SEED_TEXT[start:end] * 10_000 + SEED_TEXT[end:]
    assert len(parse_text(text).posts) == 10_004
