"""Property-based and fuzz tests: mutated fixtures and real pages end in a ThreadPage that
round-trips through JSON, or in a parse or gate error, never another exception. Budgets are
fixed (derandomized examples, a per-example deadline as a bound against blow-ups); large inputs
run once each, guarded by a timeout.

The committed fixtures are one corpus, the pages in ../shared another: each fuzz test runs on
the fixtures whatever is present, and on ../shared only when it is there (skipped otherwise),
so what a run with ../shared absent tests is a subset of a run with it, never other inputs."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discuz_extract import DiscuzError, GatePage, ParseError, ThreadPage, parse_page, parse_text

from .conftest import FIXTURES, REAL, SEED, fixture_bytes
from .renderers import RENDERERS

# every test here is a fuzz or a scale test: `pytest -m "not slow"` leaves them out
pytestmark = pytest.mark.slow


def _pages(folder: Path) -> dict[str, bytes]:
    """Keyed by path inside the folder: the x34 and x35 installs share file names."""
    if not folder.exists():
        return {}
    found = sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".json"))
    return {str(p.relative_to(folder)): p.read_bytes() for p in found}


CORPORA: dict[str, dict[str, bytes]] = {"fixtures": _pages(FIXTURES), "shared": _pages(REAL)}
_TEXT_RENDERED = ["seed.desktop.utf8.html", "rich.desktop.p1.gbk.html", "rich.desktop.p2.gbk.html"]
TEXTS: dict[str, list[str]] = {
    # the text renderings parse_text is for, and raw markup that only looks like text
    "fixtures": [
        RENDERERS["html-text"](fixture_bytes(n).decode("gb18030" if ".gbk." in n else "utf-8")) for n in _TEXT_RENDERED
    ]
    + [CORPORA["fixtures"][n].decode("utf-8", "replace") for n in sorted(CORPORA["fixtures"])[:3]],
    "shared": (
        [SEED.read_text(encoding="utf-8")]
        + [CORPORA["shared"][n].decode("utf-8", "replace") for n in sorted(CORPORA["shared"])[:6]]
        if SEED.exists() and CORPORA["shared"]
        else []
    ),
}
ABSENT = pytest.mark.skipif(not CORPORA["shared"], reason="../shared is absent: fuzzed the fixtures only")
CORPUS = pytest.mark.parametrize("corpus", ["fixtures", pytest.param("shared", marks=ABSENT)])
TAG = re.compile(rb"<[a-zA-Z][^<>]{0,200}>|</[a-zA-Z]+>")
FUZZ = settings(
    max_examples=120,
    deadline=timedelta(seconds=5),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(page: ThreadPage) -> None:
    # whatever parsed must also serialise: the CLI and the golden digests write it as JSON
    assert ThreadPage.model_validate_json(page.model_dump_json()) == page


def outcome_is_typed(content: bytes | str) -> None:
    try:
        page = parse_page(content)
    except DiscuzError as exc:
        assert isinstance(exc, (ParseError, GatePage)), exc  # a parser raises no fetch or limit errors
        return
    check(page)


def text_outcome_is_typed(text: str) -> None:
    try:
        page = parse_text(text)
    except DiscuzError as exc:
        assert isinstance(exc, (ParseError, GatePage)), exc
        return
    check(page)


def pick(corpus: str, data: st.DataObject) -> bytes:
    pages = CORPORA[corpus]
    return pages[data.draw(st.sampled_from(sorted(pages)), label="page")]


def mutate_tags(raw: bytes, picks: list[int], duplicate: bool) -> bytes:
    tags = list(TAG.finditer(raw))
    if not tags:
        return raw
    out = bytearray(raw)
    for pick in sorted({p % len(tags) for p in picks}, reverse=True):
        m = tags[pick]
        out[m.start() : m.end()] = m.group() * 2 if duplicate else b""
    return bytes(out)


@CORPUS
@FUZZ
@given(data=st.data())
def test_truncated_anywhere(corpus: str, data: st.DataObject) -> None:
    raw = pick(corpus, data)
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    outcome_is_typed(raw[:cut])


@CORPUS
@FUZZ
@given(data=st.data(), picks=st.lists(st.integers(min_value=0), min_size=1, max_size=30), dup=st.booleans())
def test_deleted_or_duplicated_tags(corpus: str, data: st.DataObject, picks: list[int], dup: bool) -> None:
    outcome_is_typed(mutate_tags(pick(corpus, data), picks, dup))


@CORPUS
@FUZZ
@given(data=st.data(), codec=st.sampled_from(["gb18030", "big5hkscs", "utf-16", "latin-1", "shift_jis"]))
def test_swapped_encodings(corpus: str, data: st.DataObject, codec: str) -> None:
    raw = pick(corpus, data)
    text = raw.decode("gb18030", errors="replace") if b"gbk" in raw[:3000].lower() else raw.decode("utf-8", "replace")
    outcome_is_typed(text.encode(codec, errors="replace"))
    outcome_is_typed(raw.decode(codec, errors="replace"))


@CORPUS
@FUZZ
@given(data=st.data(), at=st.integers(min_value=0), noise=st.binary(min_size=1, max_size=400))
def test_random_bytes_inserted(corpus: str, data: st.DataObject, at: int, noise: bytes) -> None:
    raw = pick(corpus, data)
    at %= len(raw) + 1
    outcome_is_typed(raw[:at] + noise + raw[at:])


@FUZZ
@given(noise=st.binary(max_size=3000))
def test_random_bytes_alone(noise: bytes) -> None:
    outcome_is_typed(noise)


@CORPUS
@FUZZ
@given(data=st.data(), depth=st.integers(min_value=100, max_value=3000), at=st.integers(min_value=0))
def test_deep_nesting(corpus: str, data: st.DataObject, depth: int, at: int) -> None:
    raw = pick(corpus, data)
    at %= len(raw) + 1
    outcome_is_typed(raw[:at] + b"<div><span>" * depth + raw[at:])


SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else None


@pytest.mark.parametrize(
    "corpus",
    ["fixtures", pytest.param("shared", marks=pytest.mark.skipif(not TEXTS["shared"], reason="../shared is absent"))],
)
@FUZZ
@given(data=st.data())
def test_text_mode_mutations(corpus: str, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(TEXTS[corpus]), label="text")
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
