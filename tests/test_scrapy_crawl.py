"""Real Scrapy crawls of the loopback board (``board_site.py``): ``CrawlerProcess`` in a subprocess
(``examples/scrapy_crawl.py``) and ``scrapy crawl discuz`` in a project, bounded in time.

The board is served by this process; the crawl's items come back as JSON Lines and its stats as
JSON, and are compared with ``extract_thread`` on the same board and with the board's data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from discuz_extract import DEFAULT_USER_AGENT, extract_thread

from .board_site import COOKIE_PREFIX, MAIN_FID, SMALL_FID, Board, Truth
from .conftest import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "scrapy_crawl.py"
TIME_LIMIT = 20.0  # seconds a crawl may take
QUICK = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "TELNETCONSOLE_ENABLED": "False",
    "REMOTE_CONTROL_ENABLED": "False",
    "LOG_LEVEL": "WARNING",
    "CLOSESPIDER_TIMEOUT": str(int(TIME_LIMIT)),
}
# a project's settings.py: they win over the spider's polite defaults
PROJECT_SETTINGS = """SPIDER_MODULES = ["discuz_extract.contrib.scrapy"]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "WARNING"
CLOSESPIDER_TIMEOUT = 20
"""
# the cookies middleware asks tldextract for the public suffix list: use its bundled copy
ENV = {**os.environ, "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": ""}


@dataclass
class Crawl:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    def by_tid(self) -> dict[int, dict[str, Any]]:
        tids = [item["tid"] for item in self.items]
        assert len(tids) == len(set(tids)), "a thread came more than once"
        return {item["tid"]: item for item in self.items}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=3 * TIME_LIMIT)
    assert result.returncode == 0, result.stderr[-4000:]
    assert time.monotonic() - started < TIME_LIMIT, "the crawl took too long"
    return result


def crawl(tmp_path: Path, *urls: str, mode: str = "chain", settings: dict[str, str] | None = None) -> Crawl:
    out, stats = tmp_path / f"{mode}.jsonl", tmp_path / f"{mode}.stats.json"
    command = [sys.executable, str(EXAMPLE), *urls, "--mode", mode, "-o", str(out), "--stats", str(stats)]
    for name, value in {**QUICK, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    result = run(command, tmp_path)
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return Crawl(items, json.loads(stats.read_text(encoding="utf-8")), result.stderr)


def posts_of(item: dict[str, Any]) -> list[tuple[Any, ...]]:
    out = []
    for p in item["posts"]:
        author = p["author"]
        out.append(
            (p["pid"], p["floor"], author["name"], author["uid"], datetime.fromisoformat(p["posted_at"]), p["text"])
        )
    return out


def assert_is_the_boards(item: dict[str, Any], truth: Truth) -> None:
    header = (item["tid"], item["title"], item["views"], item["replies"], item["page_count"], item["forum"]["fid"])
    assert header == (truth.tid, truth.title, truth.views, truth.replies, truth.page_count, truth.fid)
    assert posts_of(item) == truth.posts and item["missing_pages"] == [] and item["failures"] == []


@pytest.fixture
def board() -> Any:
    with Board() as served:
        yield served


@pytest.mark.parametrize("mode", ["chain", "fanout"])
def test_a_thread_started_from_its_page_2_is_what_extract_thread_gives(board: Board, tmp_path: Path, mode: str) -> None:
    thread = max(board.multi_page_threads(), key=lambda t: t.page_count)
    url = board.thread_url(thread.tid, 2)
    got = crawl(tmp_path, url, mode=mode)
    crawled = [h.path for h in board.hits]
    assert crawled[0] == "/robots.txt" and crawled[1] == f"/thread-{thread.tid}-1-1.html"  # page 1 first
    assert sorted(crawled[2:]) == [f"/thread-{thread.tid}-{n}-1.html" for n in range(2, thread.page_count + 1)]
    expected = extract_thread(url, delay=0, obey_robots=True).model_dump(mode="json")
    assert got.items == [expected]
    assert got.items[0]["url"] == url and got.items[0]["article"]
    assert_is_the_boards(got.items[0], Truth.of(board, thread.tid))
    assert got.stats["discuz/threads" if mode == "chain" else "item_scraped_count"] == 1
    assert not [key for key in got.stats if key.startswith(("discuz/gate", "discuz/error"))]


@pytest.mark.parametrize("mode", ["chain", "fanout"])
def test_a_forum_start_url_yields_every_thread_of_the_board_once(board: Board, tmp_path: Path, mode: str) -> None:
    got = crawl(tmp_path, board.listing_url(MAIN_FID, 1, rewrite=False), mode=mode)
    threads = board.forum_threads(MAIN_FID)
    assert sorted(got.by_tid()) == sorted(t.tid for t in threads)
    for thread in threads:
        item = got.by_tid()[thread.tid]
        assert_is_the_boards(item, Truth.of(board, thread.tid))
        assert item["url"] == board.thread_url(thread.tid, rewrite=False)  # the canonical page-1 URL
    counts = board.hit_counts()
    pages = board.listing_page_count(MAIN_FID)
    assert [counts[f"/forum.php?mod=forumdisplay&fid={MAIN_FID}&page={n}"] for n in range(1, pages + 1)] == [1] * pages
    for thread in threads:  # stickies are on every listing page and are read once all the same
        paths = [f"/forum.php?mod=viewthread&tid={thread.tid}&page={n}" for n in range(1, thread.page_count + 1)]
        assert [counts[p] for p in paths] == [1] * thread.page_count, thread.tid
    assert got.stats["discuz/listing_pages"] == pages
    # Scrapy's own middlewares did the I/O: the browser-like user agent, the board's cookie sent back
    assert {h.headers.get("User-Agent") for h in board.hits} == {DEFAULT_USER_AGENT}
    assert any(COOKIE_PREFIX in h.headers.get("Cookie", "") for h in board.hits)


def test_a_site_url_reads_the_index_then_every_board(board: Board, tmp_path: Path) -> None:
    got = crawl(tmp_path, board.base)
    assert sorted(got.by_tid()) == sorted(board.threads)
    for tid, item in got.by_tid().items():
        assert_is_the_boards(item, Truth.of(board, tid))
    counts = board.hit_counts()
    assert counts["/forum.php"] == 1 and counts[f"/forum-{SMALL_FID}-1.html"] == 1
    assert got.stats["discuz/listing_pages"] == board.listing_page_count(MAIN_FID) + 1


@pytest.mark.parametrize("mode", ["chain", "fanout"])
def test_gate_pages_are_counted_and_logged_never_items(board: Board, tmp_path: Path, mode: str) -> None:
    readperm = board.add_thread("只给老会员看的帖子", fid=SMALL_FID)
    board.gate(readperm.tid, "readperm")
    board.gate(2001, "login-redirect")  # to member.php, which robots.txt disallows: Scrapy never asks it
    board.fail(2002, 1, 503)  # retried by Scrapy, then a failure
    board.gate(2004, "cc-refresh", pages=[2])  # page 2 of a 2-page thread: named on the thread
    board.delete_thread(2003)
    gone = board.thread_url(2003)  # X3.5's 404 message page
    got = crawl(tmp_path, board.listing_url(SMALL_FID), gone, mode=mode)
    expected = extract_thread(board.thread_url(2004), delay=0).model_dump(mode="json")
    assert expected["missing_pages"] == [2] and expected["failures"][0]["error_type"] == "ChallengePage"
    assert got.items == [expected]
    stats = got.stats
    gates = {key: stats[key] for key in stats if key.startswith("discuz/gate/")}
    assert gates == {
        "discuz/gate/LoginRequired": 1,
        "discuz/gate/PermissionDenied": 1,
        "discuz/gate/ChallengePage": 1,
        "discuz/gate/ThreadNotFound": 1,
    }
    assert stats["discuz/error/FetchError"] == 1 and stats["discuz/threads/failed"] == 4
    assert stats["robotstxt/forbidden"] >= 1 and "/member.php" not in str(board.hit_counts())
    assert board.hit_counts()["/thread-2002-1-1.html"] == 4  # RETRY_TIMES 3: the spider's default
    assert "ThreadNotFound" in got.log and "LoginRequired" in got.log


def test_scrapy_crawl_discuz_exports_the_cli_json_line_for_line(board: Board, tmp_path: Path) -> None:
    """The README's recipe: a project whose SPIDER_MODULES names the contrib, ``-O out.jsonl``."""
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = discuzproject.settings\n", encoding="utf-8")
    package = tmp_path / "discuzproject"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "settings.py").write_text(PROJECT_SETTINGS, encoding="utf-8")
    multi = sorted(board.multi_page_threads(), key=lambda t: -t.page_count)
    assert multi[0].page_count > 2
    urls = [board.thread_url(multi[0].tid, 2), board.thread_url(multi[-1].tid, rewrite=False)]
    command = [sys.executable, "-m", "scrapy", "crawl", "discuz", "-a", f"start_urls={','.join(urls)}"]
    run([*command, "-a", "mode=fanout", "-a", "max_pages=2", "-O", "out.jsonl"], tmp_path)
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    expected = {
        thread.tid: extract_thread(url, delay=0, max_pages=2) for thread, url in zip((multi[0], multi[-1]), urls)
    }
    assert len(lines) == 2 and expected[multi[0].tid].skipped_ranges  # max_pages left pages out
    for line in lines:
        item = json.loads(line)
        assert item == expected[item["tid"]].model_dump(mode="json")
        assert "article" in item and "sources" not in item


def readme_spider(start_url: str) -> str:
    """The README's "your own spider", as a file for ``scrapy runspider``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("**Your own spider.**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    return code.replace('    name = "board"\n', f'    name = "board"\n    start_urls = [{start_url!r}]\n')


def test_the_readme_spider_built_on_the_page_objects(board: Board, tmp_path: Path) -> None:
    (tmp_path / "board_spider.py").write_text(readme_spider(board.listing_url(MAIN_FID)), encoding="utf-8")
    command = [sys.executable, "-m", "scrapy", "runspider", "board_spider.py", "-O", "pages.jsonl"]
    for name, value in QUICK.items():
        command += ["-s", f"{name}={value}"]
    run(command, tmp_path)
    pages = [json.loads(line) for line in (tmp_path / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {(t.tid, n) for t in board.forum_threads(MAIN_FID) for n in range(1, t.page_count + 1)}
    assert sorted((p["tid"], p["page"]) for p in pages) == sorted(expected)
    for page in pages:
        assert [p["pid"] for p in page["posts"]] == [p.pid for p in board.thread_page_posts(page["tid"], page["page"])]


def test_the_example_without_urls_crawls_its_bundled_thread(tmp_path: Path) -> None:
    result = run([sys.executable, str(EXAMPLE), "-o", "demo.jsonl", "-s", "LOG_LEVEL=WARNING"], tmp_path)
    assert "【评测】用了一年的相机" in result.stdout and "| 13 posts | pages 3" in result.stdout
    (thread,) = [json.loads(line) for line in (tmp_path / "demo.jsonl").read_text(encoding="utf-8").splitlines()]
    assert thread["url"].endswith("/thread-2048-2-1.html") and thread["missing_pages"] == []
