"""Golden snapshots: what every fixture and every shared real page parses to, as digests.

``python -m tests.golden`` rewrites ``digests.json`` from the current code (run it only for a
change of output that is meant and named in its commit); ``python -m tests.golden --dump DIR``
writes each output as JSON, to diff two versions of the code by hand.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

from discuz_extract import DiscuzError, merge_pages, parse_forum_index, parse_forum_page, parse_page, parse_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
REAL = ROOT.parent / "shared" / "real-pages"
SEED = ROOT.parent / "shared" / "seed"
DIGESTS = Path(__file__).with_name("digests.json")
# touch pages print relative times with no absolute title: a fixed Date resolves them
FIXTURE_DATE = datetime(2024, 11, 23, 12, 48, tzinfo=timezone(timedelta(hours=8)))
_CHARSET = re.compile(r"^content-type:.*charset=([\w-]+)", re.I | re.M)
_DATE = re.compile(r"^date:\s*(.+)$", re.I | re.M)


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def _outcome(run: Callable[[], Any]) -> str:
    try:
        result = run()
    except DiscuzError as exc:
        fields = {k: v for k, v in vars(exc).items() if isinstance(v, (str, int, type(None)))}
        return _canonical({"error": type(exc).__name__, **fields})
    return _canonical(result.model_dump(mode="json"))


def _headers(path: Path) -> tuple[str | None, datetime | None]:
    side = path.with_name(path.name + ".headers")
    if not side.exists():
        return None, None
    text = side.read_text(encoding="latin-1")
    charset = _CHARSET.search(text)
    date = _DATE.search(text)
    return (charset.group(1) if charset else None), (
        email.utils.parsedate_to_datetime(date.group(1).strip()) if date else None
    )


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".json") and not p.name.endswith(".truth.json"))


def outputs() -> Iterator[tuple[str, str]]:
    """(name, canonical JSON of what the code gives) for every input that is present."""
    for path in _pages(FIXTURES):
        raw = path.read_bytes()
        yield f"fixtures/{path.name}", _outcome(partial(parse_page, raw, fetched_at=FIXTURE_DATE))
        yield from _forum_outcomes(f"fixtures/{path.name}", raw, None, FIXTURE_DATE)
    for stem in ("seed", "rich"):
        group = sorted(FIXTURES.glob(f"{stem}.desktop.p*.gbk.html")) or [FIXTURES / f"{stem}.desktop.gbk.html"]
        pages = [parse_page(p.read_bytes()) for p in group]
        yield f"fixtures/{stem}.desktop.merged", _outcome(partial(merge_pages, pages))
    if REAL.exists():
        for path in _pages(REAL):
            raw = path.read_bytes()
            charset, date = _headers(path)
            name = f"shared/{path.relative_to(REAL)}"
            yield name, _outcome(partial(parse_page, raw, encoding=charset, fetched_at=date))
            yield from _forum_outcomes(name, raw, charset, date)
        local = REAL / "discuz-x34-local"
        for stem in ("multipage.desktop", "multipage.rewrite"):
            pages = [parse_page((local / f"{stem}.p{n}.html").read_bytes()) for n in (1, 2, 3)]
            yield f"shared/discuz-x34-local/{stem}.merged", _outcome(partial(merge_pages, pages))
    if SEED.exists():
        for path in sorted(SEED.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            yield f"seed/{path.name}", _outcome(partial(parse_text, text))


def _forum_outcomes(name: str, raw: bytes, charset: str | None, date: datetime | None) -> Iterator[tuple[str, str]]:
    """What the listing parsers make of the same input (most inputs: NotAForumPage)."""
    yield f"{name}#forum", _outcome(partial(parse_forum_page, raw, encoding=charset, fetched_at=date))
    if "index" in name:
        yield f"{name}#index", _outcome(partial(parse_forum_index, raw, encoding=charset, fetched_at=date))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--dump"]:
        target = Path(argv[1])
        target.mkdir(parents=True, exist_ok=True)
        for name, text in outputs():
            (target / (name.replace("/", "__") + ".json")).write_text(text, encoding="utf-8")
        return 0
    found = {name: digest(text) for name, text in outputs()}
    if not REAL.exists() or not SEED.exists():
        print("../shared is absent: refusing to rewrite digests without the real pages", file=sys.stderr)
        return 2
    DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} digests to {DIGESTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
