"""A generated Common Crawl segment: records/s for reading, reading + sniff, the full path, and
trafilatura on the same records; Dask with 1 and 2 workers; peak memory per worker.

The segment mixes Discuz pages (every fixture and shared real page, cycled) with ordinary
pages (tests/fixtures/ordinary, each padded with copies of its own paragraphs and a script
block to a size between 20 and 120 KB, as Common Crawl HTML is; the four that mention Discuz
make 1 % of them) at 1 %, 10 % and 100 % Discuz.
Each capture is written as Common Crawl writes it: a request, a response and a metadata record.
All ratios are against anchors measured in the same run on the same file.
"""

from __future__ import annotations

import io
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from discuz_extract import assemble_threads, sniff
from discuz_extract.warc import iter_warc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus import Page, discuz_fixture_pages, ordinary_pages, real_pages  # noqa: E402

SHARES = (0.01, 0.10, 1.0)
# ordinary fixtures that mention Discuz (the tests' adversaries): 1 % of the ordinary captures
NEAR_MISSES = frozenset(
    {"wordpress-wpdiscuz.html", "discuz-site-list.html", "cms-pasted-discuz.html", "discourse-topic.html"}
)
TARGETS = {"discuz_overhead_at_1pct": 0.25, "speedup_vs_trafilatura": 50.0}


def padded(page: Page, size: int, rng: random.Random) -> bytes:
    """The page grown to about ``size`` bytes with paragraphs of its own words in a random order,
    and script blocks, so that it compresses about as much as web HTML does (4 to 5 times)."""
    body = page.body
    if len(body) >= size:
        return body
    words = re.findall(rb"[A-Za-z]{3,12}|[\x80-\xff]{3,12}", body) or [b"filler"]
    parts, grown = [], len(body)
    while grown < size:
        if rng.random() < 0.2:
            part = (
                b"<script>var _c" + str(grown).encode() + b'="' + rng.randbytes(300).hex().encode() + b'";</script>\n'
            )
        else:
            part = b"<p>" + b" ".join(rng.choice(words) for _ in range(rng.randint(30, 90))) + b"</p>\n"
        parts.append(part)
        grown += len(part)
    lower = body.lower()
    cut = lower.rfind(b"</body>")
    extra = b"".join(parts)
    return body[:cut] + extra + body[cut:] if cut > 0 else body + extra


def write_segment(path: Path, records: int, share: float, seed: int = 7) -> dict[str, int]:
    """``records`` captures, ``share`` of them Discuz, shuffled, as request/response/metadata."""
    rng = random.Random(seed)
    discuz = [p for p in discuz_fixture_pages() + real_pages() if p.body]
    plain = [p for p in ordinary_pages() if p.name not in NEAR_MISSES]
    near = [p for p in ordinary_pages() if p.name in NEAR_MISSES]
    wanted = max(1, round(records * share))
    captures: list[tuple[str, bytes, str]] = []
    for i in range(records):
        if i < wanted:
            page = discuz[i % len(discuz)]
            host = f"://s{seed}-{i // len(discuz)}."  # each copy of the pool is another site
            captures.append((page.url.replace("://", host, 1), page.body, page.content_type))
        else:  # pages that mention Discuz are rare on the web: one ordinary capture in a hundred
            page = near[i % len(near)] if i % 100 == 0 else plain[i % len(plain)]
            body = padded(page, rng.randint(20_000, 120_000), rng)
            captures.append((page.url + f"?v={i}", body, page.content_type))
    rng.shuffle(captures)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body, content_type in captures:
            _capture(writer, url, body, content_type)
    return {"captures": records, "records": records * 3, "discuz": wanted, "bytes": path.stat().st_size}


def _capture(writer: WARCWriter, url: str, body: bytes, content_type: str) -> None:
    request = io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: CCBot/2.0\r\n\r\n")
    writer.write_record(writer.create_warc_record(url, "request", payload=request))
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    meta = io.BytesIO(b"fetchTimeMs: 120\r\ncharset-detected: UTF-8\r\n")
    writer.write_record(
        writer.create_warc_record(url, "metadata", payload=meta, warc_content_type="application/warc-fields")
    )


def read_only(path: Path) -> int:
    """The anchor: what any reader of the segment does (FastWARC, HTTP headers, every payload)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    for record in ArchiveIterator(str(path), parse_http=True, auto_decode="none"):
        n += 1
        if record.record_type == WarcRecordType.response:
            _ = (record.http_headers.status_code, record.http_content_type, record.headers.get("WARC-Target-URI"))
            record.reader.read()
    return n


def read_and_sniff(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    found = 0
    for record in ArchiveIterator(str(path), parse_http=True, auto_decode="none"):
        if record.record_type == WarcRecordType.response:
            _ = (record.http_headers.status_code, record.http_content_type)
            found += sniff(record.reader.read(), url=record.headers.get("WARC-Target-URI")) is not None
    return found


def full_path(path: Path) -> int:
    """iter_warc, assemble_threads and one document per thread: everything but the writing."""
    return sum(len(t.to_document("thread")) for t in assemble_threads(iter_warc(path)) if t.posts)


def trafilatura_path(path: Path, limit: int) -> tuple[int, float]:
    """trafilatura on the first ``limit`` HTML responses, as a FineWeb pipeline runs it."""
    import trafilatura
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    seconds, done = 0.0, 0
    for record in ArchiveIterator(str(path), parse_http=True, auto_decode="none"):
        if record.record_type != WarcRecordType.response:
            continue
        body = record.reader.read()
        if "html" not in (record.http_content_type or ""):
            continue
        start = time.perf_counter()
        trafilatura.extract(body, include_comments=False, favor_precision=True)
        seconds += time.perf_counter() - start
        done += 1
        if done >= limit:
            break
    return done, seconds


def best(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """The minimum of ``repeat`` runs of each, the runs interleaved (the machine is shared: a
    disturbance then hits every contender alike)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def measure(path: Path, info: dict[str, int], repeat: int, traf_limit: int) -> dict[str, Any]:
    records, responses = info["records"], info["captures"]
    runs = {"read": lambda: read_only(path), "sniff": lambda: read_and_sniff(path), "full": lambda: full_path(path)}
    timed = best(runs, repeat)
    t_read, t_sniff, t_full = timed["read"], timed["sniff"], timed["full"]
    done, t_traf = trafilatura_path(path, traf_limit)
    traf_per_response = t_traf / max(done, 1)
    full_per_response = t_full / responses
    return {
        **info,
        "read_seconds": t_read,
        "read_sniff_seconds": t_sniff,
        "full_seconds": t_full,
        "records_per_second": {
            "read": records / t_read,
            "read+sniff": records / t_sniff,
            "full": records / t_full,
            "trafilatura": 3 / traf_per_response if done else None,  # 3 records per capture
        },
        "discuz_overhead": (t_full - t_read) / t_read,
        "sniff_overhead": (t_sniff - t_read) / t_read,
        "trafilatura_responses": done,
        "trafilatura_ms_per_response": traf_per_response * 1000,
        "full_ms_per_response": full_per_response * 1000,
        "speedup_vs_trafilatura": traf_per_response / full_per_response if done else None,
    }


def peak_rss() -> int:
    """This process's peak resident memory in bytes: VmHWM (ru_maxrss would carry the peak of
    the process that forked it across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def dask_runs(paths: list[Path], workers: tuple[int, ...]) -> list[dict[str, Any]]:
    """contrib.dask on the files (one partition each) with 1 and 2 workers: wall time and the
    peak resident memory of each worker (ru_maxrss), cluster start-up timed apart."""
    from discuz_extract.contrib import dask as dz

    names = [str(p) for p in paths]
    out = []
    for n in workers:
        started = time.perf_counter()
        with dz.client(workers=n) as client:
            ready = time.perf_counter()
            threads = dz.assemble(dz.read_warcs(names), order=names)
            documents = dz.documents(threads).count().compute()
            wall = time.perf_counter() - ready
            peaks = client.run(peak_rss)
        out.append(
            {
                "workers": n,
                "startup_seconds": ready - started,
                "wall_seconds": wall,
                "documents": documents,
                "peak_rss_bytes_per_worker": sorted(peaks.values()),
            }
        )
    return out


def run(smoke: bool = False, records: int = 3000, repeat: int = 3, traf_limit: int = 150) -> dict[str, Any]:
    if smoke:
        records, repeat, traf_limit = 60, 1, 3
    results: dict[str, Any] = {"records_per_share": records, "shares": {}, "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="discuz-bench-") as folder:
        for share in (0.10,) if smoke else SHARES:
            path = Path(folder) / f"segment-{int(share * 100)}pct.warc.gz"
            info = write_segment(path, records, share)
            results["shares"][f"{int(share * 100)}%"] = measure(path, info, repeat, traf_limit)
        if not smoke:
            parts, part_info = [], []
            for i in range(4):
                part = Path(folder) / f"part-{i}.warc.gz"
                part_info.append(write_segment(part, records // 2, 0.10, seed=100 + i))
                parts.append(part)
            results["dask"] = dask_runs(parts, (1, 2))
            results["dask_records"] = sum(part["records"] for part in part_info)
    return results


def table(results: dict[str, Any]) -> list[str]:
    out = ["", f"WARC segment ({results['records_per_share']} captures = 3 records each: request, response, metadata)"]
    out.append(
        f"{'Discuz':>7}{'read':>10}{'+sniff':>10}{'full':>10}{'trafil.':>10}  records/s; Discuz work vs reading; full vs trafilatura"
    )
    for share, row in results["shares"].items():
        rate = row["records_per_second"]
        traf = f"{rate['trafilatura']:>10.0f}" if rate["trafilatura"] else f"{'-':>10}"
        speed = f"{row['speedup_vs_trafilatura']:.0f}x" if row["speedup_vs_trafilatura"] else "-"
        out.append(
            f"{share:>7}{rate['read']:>10.0f}{rate['read+sniff']:>10.0f}{rate['full']:>10.0f}{traf}"
            f"  +{row['discuz_overhead'] * 100:.0f}% (sniff +{row['sniff_overhead'] * 100:.0f}%); {speed}"
        )
    if results.get("dask"):
        out.append(f"Dask, 4 files of {results['dask_records'] // 4} records at 10 % Discuz, one partition per file:")
    for run_ in results.get("dask", []):
        peaks = ", ".join(f"{b / 2**20:.0f}" for b in run_["peak_rss_bytes_per_worker"])
        rate = results["dask_records"] / run_["wall_seconds"]
        out.append(
            f"  {run_['workers']} worker(s): {run_['wall_seconds']:.2f} s, {rate:,.0f} records/s "
            f"(+{run_['startup_seconds']:.1f} s cluster start-up), {run_['documents']} documents, "
            f"peak RSS per worker {peaks} MiB"
        )
    return out
