"""Parse speed per page: the floor, parse_page, trafilatura, and a BeautifulSoup scraper."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from discuz_extract import parse_page, parse_text
from discuz_extract._decoding import decode_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
REAL = ROOT.parent / "shared" / "real-pages"


def floor(content: bytes) -> Any:
    """What any correct extractor must do at least: decode, parse, one query."""
    tree = LexborHTMLParser(decode_html(content).text)
    return tree.css_first("#thread_subject")


def ours(content: bytes) -> Any:
    return parse_page(content)


def trafilatura_extract(content: bytes) -> Any:
    import trafilatura

    return trafilatura.extract(content, include_comments=True)


def bs4_reference(content: bytes) -> Any:
    from .reference_bs4 import scrape

    return scrape(content)


CONTENDERS: dict[str, Callable[[bytes], Any]] = {
    "floor": floor,
    "parse_page": ours,
    "trafilatura": trafilatura_extract,
    "bs4+lxml": bs4_reference,
}


def pages(limit: int | None = None) -> list[Path]:
    """Every desktop fixture page and every HTML page of ../shared/real-pages when present."""
    found = sorted(FIXTURES.glob("*.desktop*.html"))
    if REAL.exists():
        found += sorted(p for p in REAL.rglob("*.html") if _kind(p) is not None)
    return found[:limit] if limit else found


def _kind(path: Path) -> str | None:
    """The page kind parse_page reads ``path`` as, or None for what is not a thread page."""
    try:
        return parse_page(path.read_bytes()).kind.value
    except Exception:
        return None


def best_time(fn: Callable[[bytes], Any], content: bytes, repeat: int) -> float:
    """The minimum of repeated runs: the machine is shared, the minimum is the least disturbed."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()  # CPU time of this thread: a shared machine's other load left out
        fn(content)
        best = min(best, time.thread_time() - start)
    return best


@dataclass
class SpeedRow:
    name: str
    median_seconds: float
    pages_per_second: float
    ratio_to_floor: float


def run(
    repeat: int = 15, limit: int | None = None, contenders: dict[str, Callable[[bytes], Any]] | None = None
) -> dict[str, Any]:
    chosen = contenders or CONTENDERS
    files = pages(limit)
    kinds = [_kind(p) for p in files]
    per_page: dict[str, list[float]] = {name: [] for name in chosen}
    for path in files:
        content = path.read_bytes()
        for name, fn in chosen.items():
            per_page[name].append(best_time(fn, content, repeat))
    desktop = [i for i, kind in enumerate(kinds) if kind == "desktop"]
    return {
        "pages": [p.name for p in files],
        "kinds": kinds,
        "repeat": repeat,
        "rows": _rows(per_page, range(len(files))),
        "desktop_rows": _rows(per_page, desktop),
    }


def _rows(per_page: dict[str, list[float]], chosen: Sequence[int]) -> list[dict[str, float | str]]:
    """Per contender: the median over the chosen pages of its time and of its ratio to the floor."""
    rows = []
    floor_times = per_page["floor"]
    for name, times in per_page.items():
        picked = [times[i] for i in chosen]
        if not picked:
            continue
        ratios = [times[i] / floor_times[i] for i in chosen]
        median = statistics.median(picked)
        rows.append(SpeedRow(name, median, 1 / median, statistics.median(ratios)).__dict__)
    return rows


def text_mode(repeat: int = 15) -> dict[str, Any]:
    """parse_text on the seed and on a rendering of each desktop fixture, pages per second."""
    texts: list[str] = []
    seed = ROOT.parent / "shared" / "seed" / "000_a6dbbf05ba6b50ab.txt"
    if seed.exists():
        texts.append(seed.read_text(encoding="utf-8"))
    try:
        import html_text

        for path in sorted(FIXTURES.glob("*.desktop*.html")):
            texts.append(str(html_text.extract_text(decode_html(path.read_bytes()).text, guess_layout=True)))
    except ImportError:
        pass
    times = [best_time(lambda raw: parse_text(raw.decode("utf-8")), t.encode("utf-8"), repeat) for t in texts]
    median = statistics.median(times) if times else float("nan")
    return {"texts": len(texts), "median_seconds": median, "pages_per_second": 1 / median if times else 0.0}


def scaling(sizes: tuple[int, ...] = (500, 1000, 2000, 4000), repeat: int = 3) -> list[dict[str, float]]:
    """parse_page time per post as a page grows: flat means linear work (no blow-ups)."""
    raw = (FIXTURES / "seed.desktop.utf8.html").read_text(encoding="utf-8")
    start = raw.index('<div id="post_45188"')
    end = raw.index('<div id="post_46870"')
    block = raw[start:end]
    out = []
    for size in sizes:
        page = raw.replace(block, "".join(block.replace("45188", str(100000 + i)) for i in range(size)), 1).encode()
        seconds = best_time(parse_page, page, repeat)
        out.append({"posts": size, "seconds": seconds, "microseconds_per_post": seconds / size * 1e6})
    return out
