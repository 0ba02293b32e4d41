"""Run every benchmark in one process and print a table; results also go to a JSON file.

python -m bench                 # everything (a few minutes)
python -m bench --smoke         # one page, one repetition, a 3-page thread: a quick check
python -m bench --only-warc     # the Common Crawl segment benchmark alone (bench/warc_segment.py)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import parse_speed, thread_scale, warc_segment


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def run(smoke: bool, repeat: int, limit: int | None, warc_records: int = 3000) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine()}
    results["parse_speed"] = parse_speed.run(repeat=1 if smoke else repeat, limit=1 if smoke else limit)
    results["text_mode"] = parse_speed.text_mode(repeat=1 if smoke else repeat)
    results["scaling"] = parse_speed.scaling(
        sizes=(50, 100) if smoke else (500, 1000, 2000, 4000), repeat=1 if smoke else 3
    )
    results["thread_wall"] = thread_scale.wall_times(
        pages=3 if smoke else 100, concurrencies=(1, 2) if smoke else (1, 2, 4)
    )
    results["thread_memory"] = thread_scale.memory(sizes=(2, 3) if smoke else (10, 100))
    results["warc"] = warc_segment.run(smoke=smoke, records=warc_records)
    results["call_cost"] = thread_scale.one_page_cost(calls=2 if smoke else 20, batches=1 if smoke else 5)
    return results


def table(results: dict[str, Any]) -> str:
    out = [f"machine: {results['machine']}", ""]
    speed = results["parse_speed"]
    out += _speed_table("parse speed, every thread page (median over pages of the best of repeats)", speed["rows"])
    if speed.get("desktop_rows"):
        out += ["", *_speed_table("parse speed, desktop pages (the targets' set)", speed["desktop_rows"])]
    tm = results["text_mode"]
    out += [
        "",
        f"text mode: {tm['texts']} texts, {tm['median_seconds'] * 1000:.2f} ms/page, {tm['pages_per_second']:.0f} pages/s",
    ]
    out += ["", "scaling (parse_page, posts on one page)"]
    out += [
        f"  {r['posts']:>6} posts: {r['seconds'] * 1000:8.1f} ms, {r['microseconds_per_post']:6.0f} us/post"
        for r in results["scaling"]
    ]
    out += ["", "whole thread over loopback (delay 0)"]
    out += [
        f"  {r['mode']:<5} c={r['concurrency']} {r['pages']} pages: {r['wall_seconds']:.2f} s, ideal {r['ideal_seconds']:.2f} s, x{r['ratio_to_ideal']:.2f}"
        for r in results["thread_wall"]
    ]
    out += ["", "peak Python memory (tracemalloc)"]
    out += [
        f"  {r['pages']:>4} pages: extract_thread {r['extract_thread_peak_bytes'] / 2**20:.1f} MiB, iter_posts {r['iter_posts_peak_bytes'] / 2**20:.1f} MiB"
        for r in results["thread_memory"]
    ]
    if "warc" in results:
        out += warc_segment.table(results["warc"])
    out += ["", "CPU per call and per page (process time: client and loopback server, best batch)"]
    out += [f"  {r['mode']:<5} {r['case']:<44} {r['cpu_ms']:7.2f} ms" for r in results["call_cost"]]
    return "\n".join(out)


def _speed_table(title: str, speed_rows: list[dict[str, Any]]) -> list[str]:
    out = [title, f"{'contender':<14}{'ms/page':>10}{'pages/s':>10}{'x floor':>10}"]
    for row in speed_rows:
        out.append(
            f"{row['name']:<14}{row['median_seconds'] * 1000:>10.2f}{row['pages_per_second']:>10.0f}{row['ratio_to_floor']:>10.2f}"
        )
    rows = {r["name"]: r for r in speed_rows}
    ours = rows["parse_page"]["median_seconds"]
    for peer in ("trafilatura", "bs4+lxml"):
        if peer in rows:
            out.append(f"parse_page vs {peer}: {rows[peer]['median_seconds'] / ours:.1f}x faster (medians)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="one page, one repetition: checks the benchmark runs")
    parser.add_argument("--repeat", type=int, default=15, help="repetitions per page (the minimum is kept)")
    parser.add_argument("--limit", type=int, help="at most this many pages")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results-latest.json")
    parser.add_argument("--warc-records", type=int, default=3000, help="captures per generated WARC segment")
    parser.add_argument("--only-warc", action="store_true", help="run the WARC segment benchmark alone")
    ns = parser.parse_args(argv)
    if ns.only_warc:
        results = {"machine": machine(), "warc": warc_segment.run(smoke=ns.smoke, records=ns.warc_records)}
        ns.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        print("\n".join(warc_segment.table(results["warc"])))
        return 0
    results = run(ns.smoke, ns.repeat, ns.limit, ns.warc_records)
    ns.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(results))
    print(f"\nresults: {ns.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
