"""Whole threads over loopback: wall time against the ideal, and peak memory.

A generated GBK thread (10 posts a page, realistic sizes) is served from a loopback server with
a fixed latency per response. The ideal wall time is pages x latency / concurrency.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx
from tests.fixtures.generate import P, ThreadSpec, User, page_html

from discuz_extract import FetchSettings, aextract_thread, extract_thread, iter_posts
from discuz_extract._fetching import threads
from discuz_extract.testing import LoopbackSite, Reply

SENTENCES = [
    "这台相机的对焦速度很快，弱光环境下也能稳定合焦。",
    "电池续航比上一代提升了不少，一天拍六百张没问题。",
    "菜单逻辑有点复杂，需要一段时间适应。",
    "高感画质在同级别里属于第一梯队，噪点控制得很好。",
    "建议搭配一支大光圈定焦镜头，人像效果会更出色。",
    "价格方面还是偏高，等双十一活动再入手比较划算。",
]


def generated_thread(pages: int, seed: int = 7) -> ThreadSpec:
    rng = random.Random(seed)
    users = [User(100 + i, f"用户{i:03d}", rng.randint(0, 500), rng.randint(10, 50000), rng.randint(0, 10**6),
                  "中级会员", 12, 3) for i in range(40)]  # fmt: skip
    posts = []
    for floor in range(1, pages * 10 + 1):
        paragraphs = [
            "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 5))
        ]
        day = 1 + floor // 40
        posts.append(P(500000 + floor, floor, rng.choice(users), f"2024-3-{day} 10:{floor % 60:02d}:00",
                       "<br />\r\n".join(paragraphs)))  # fmt: skip
    chunks = [posts[i : i + 10] for i in range(0, len(posts), 10)]
    return ThreadSpec(
        tid=777, fid=3, forum="器材讨论", subject="生成的长帖：相机使用心得汇总", views=99999, replies=len(posts) - 1,
        pages=chunks, footer_time="2024-11-23 12:48", processed="0.05", queries=15,
        copyright="Copyright &copy; 2001-2023, Tencent Cloud.", thread_author=users[0], charset="gbk",
    )  # fmt: skip


def serve(site: LoopbackSite, spec: ThreadSpec, latency: float) -> str:
    for page in range(1, len(spec.pages) + 1):
        body = page_html(spec, page, "回帖").encode("gbk")
        site.route(f"/thread-{spec.tid}-{page}-1.html", Reply.html(body, "gbk", delay=latency))
    return site.url(f"thread-{spec.tid}-1-1.html")


def wall_times(
    pages: int = 100, latency: float = 0.02, concurrencies: tuple[int, ...] = (1, 2, 4)
) -> list[dict[str, Any]]:
    spec = generated_thread(pages)
    rows = []
    with LoopbackSite(max_requests=pages * len(concurrencies) * 3 + 20) as site:
        url = serve(site, spec, latency)
        for concurrency in concurrencies:
            settings = FetchSettings(delay=0, concurrency=concurrency, obey_robots=False)
            for mode, run in (("sync", _sync), ("async", _async)):
                start = time.perf_counter()
                thread = run(url, settings)
                wall = time.perf_counter() - start
                assert len(thread.posts) == pages * 10 and not thread.missing_pages
                ideal = pages * latency / concurrency
                rows.append({"mode": mode, "concurrency": concurrency, "pages": pages, "wall_seconds": wall,
                             "ideal_seconds": ideal, "ratio_to_ideal": wall / ideal})  # fmt: skip
    return rows


def _sync(url: str, settings: FetchSettings) -> Any:
    return extract_thread(url, settings=settings)


def _async(url: str, settings: FetchSettings) -> Any:
    return asyncio.run(aextract_thread(url, settings=settings))


def peak_memory(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def memory(sizes: tuple[int, ...] = (10, 100)) -> list[dict[str, Any]]:
    """Peak Python memory: extract_thread holds the thread, iter_posts only the current page."""
    rows = []
    settings = FetchSettings(delay=0, concurrency=2, obey_robots=False)
    for pages in sizes:
        spec = generated_thread(pages)
        with LoopbackSite(max_requests=pages * 3 + 10) as site:
            url = serve(site, spec, 0.0)
            whole = peak_memory(lambda url=url: extract_thread(url, settings=settings))
            streamed = peak_memory(lambda url=url: sum(1 for _ in iter_posts(url, settings=settings)))
        rows.append({"pages": pages, "extract_thread_peak_bytes": whole, "iter_posts_peak_bytes": streamed})
    return rows


def _cpu_ms(fn: Callable[[], Any], calls: int, batches: int) -> float:
    """CPU milliseconds per call (this process: client and loopback server), best batch."""
    fn()
    best = float("inf")
    for _ in range(batches):
        start = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - start) / calls * 1000)
    return best


def one_page_cost(calls: int = 20, batches: int = 5) -> list[dict[str, Any]]:
    """CPU per call of a one-page thread: a client made per call (what every call did before
    the shared client) against the shared one; and per page of a 10-page thread, the async
    twin parsing on the loop against parsing in a worker thread (what it did before)."""
    settings = FetchSettings(delay=0, obey_robots=False)
    rows: list[dict[str, Any]] = []
    with LoopbackSite(max_requests=(calls * batches + 2) * 40) as site:
        one = serve(site, generated_thread(1), 0.0)
        ten = serve(site, dataclasses.replace(generated_thread(10), tid=778), 0.0)
        loop = asyncio.new_event_loop()

        def fresh_sync() -> None:
            with httpx.Client() as client:
                extract_thread(one, settings=settings, client=client)

        async def fresh_async() -> None:
            async with httpx.AsyncClient() as client:
                await aextract_thread(one, settings=settings, client=client)

        cases: list[tuple[str, str, Callable[[], Any]]] = [
            ("sync", "new client per call (before)", fresh_sync),
            ("sync", "shared client (after)", lambda: extract_thread(one, settings=settings)),
            ("async", "new client per call (before)", lambda: loop.run_until_complete(fresh_async())),
            (
                "async",
                "shared client (after)",
                lambda: loop.run_until_complete(aextract_thread(one, settings=settings)),
            ),
        ]
        for mode, client, fn in cases:
            rows.append({"mode": mode, "case": f"1 page, {client}", "cpu_ms": _cpu_ms(fn, calls, batches)})
        per_page = max(calls // 4, 2)
        rows.append(
            {
                "mode": "sync",
                "case": "per page of 10",
                "cpu_ms": _cpu_ms(lambda: extract_thread(ten, settings=settings), per_page, batches) / 10,
            }
        )
        inline = threads._INLINE_PARSE_BYTES
        for label, limit in (("parsed on the loop (after)", inline), ("parsed in a thread (before)", 0)):
            threads._INLINE_PARSE_BYTES = limit
            try:
                cost = _cpu_ms(
                    lambda: loop.run_until_complete(aextract_thread(ten, settings=settings)), per_page, batches
                )
            finally:
                threads._INLINE_PARSE_BYTES = inline
            rows.append({"mode": "async", "case": f"per page of 10, {label}", "cpu_ms": cost / 10})
        loop.close()
    return rows
