"""The benchmark runs end to end on one page with one repetition, so it cannot rot.

It measures nothing here: speed is reported by ``python -m bench``, never asserted in tests.
"""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import main, run, table


def test_benchmark_smoke(tmp_path: Path) -> None:
    results = run(smoke=True, repeat=1, limit=1)
    names = {row["name"] for row in results["parse_speed"]["rows"]}
    assert names == {"floor", "parse_page", "trafilatura", "bs4+lxml"}
    assert results["thread_wall"] and results["thread_memory"] and results["scaling"]
    assert "x floor" in table(results)
    warc = results["warc"]["shares"]["10%"]
    assert warc["discuz"] == 6 and warc["records_per_second"]["read"] > 0 and "records/s" in table(results)


def test_benchmark_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert main(["--smoke", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")
