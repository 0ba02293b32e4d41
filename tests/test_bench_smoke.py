"""The benchmark runs end to end on one page with one repetition, so it cannot rot.

It measures nothing here: speed is reported by ``python -m bench``, never asserted in tests.
What is asserted is that every section ran on the inputs the smoke run names and measured a
time or a size for each of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench.__main__ import main, run, table

from .conftest import SEED

pytestmark = pytest.mark.slow

SECTIONS = {"machine", "parse_speed", "text_mode", "scaling", "thread_wall", "thread_memory", "warc", "call_cost"}


def check_smoke_results(results: dict[str, Any]) -> None:
    assert set(results) == SECTIONS
    speed = results["parse_speed"]
    assert speed["pages"] == ["rich.desktop.p1.gbk.html"] and speed["repeat"] == 1  # limit=1: the first fixture
    assert [row["name"] for row in speed["rows"]] == ["floor", "parse_page", "trafilatura", "bs4+lxml"]
    assert all(row["median_seconds"] > 0 for row in speed["rows"])
    # a rendering of each of the five desktop fixtures, and the seed itself when ../shared has it
    assert results["text_mode"]["texts"] == 5 + SEED.exists() and results["text_mode"]["median_seconds"] > 0
    assert [r["posts"] for r in results["scaling"]] == [50, 100] and all(r["seconds"] > 0 for r in results["scaling"])
    wall = [(r["mode"], r["concurrency"], r["pages"]) for r in results["thread_wall"]]
    assert wall == [("sync", 1, 3), ("async", 1, 3), ("sync", 2, 3), ("async", 2, 3)]
    assert all(r["wall_seconds"] > 0 for r in results["thread_wall"])
    assert [r["pages"] for r in results["thread_memory"]] == [2, 3]
    assert all(r["extract_thread_peak_bytes"] > 0 and r["iter_posts_peak_bytes"] > 0 for r in results["thread_memory"])


def test_benchmark_smoke() -> None:
    results = run(smoke=True, repeat=1, limit=1)
    check_smoke_results(results)
    assert "x floor" in table(results)
    warc = results["warc"]["shares"]["10%"]
    assert warc["discuz"] == 6 and warc["records_per_second"]["read"] > 0 and "records/s" in table(results)


def test_benchmark_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--smoke", "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) == SECTIONS and results["parse_speed"]["repeat"] == 1
    assert [r["posts"] for r in results["scaling"]] == [50, 100]
