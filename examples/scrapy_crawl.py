"""Crawl Discuz threads, forums or whole sites with Scrapy, parsed by discuz-extract.

    python examples/scrapy_crawl.py                     # the bundled demo, served on 127.0.0.1
    python examples/scrapy_crawl.py URL... [--mode chain|fanout] [-o threads.jsonl] [-s NAME=VALUE]...

URLs name threads (any form), forum listings or sites (their forum index is read). Each line of
the output is one ``Thread`` as ``Thread.model_dump(mode="json")``, the JSON the CLI writes.
Scrapy's settings apply as usual (``-s DOWNLOAD_DELAY=2``); the spider's polite defaults
(``POLITE_SETTINGS``: a 1 s delay, AutoThrottle, robots.txt, a browser user agent) give way to them.

With no URL it serves the bundled 3-page GBK thread on a loopback server the way a real X3.4
site does and crawls it from its page 2 (no network beyond 127.0.0.1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from discuz_extract.contrib.scrapy import DiscuzSpider
from discuz_extract.testing import LoopbackSite, Reply

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def crawl(urls: list[str], *, mode: str, output: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Run the spider to the end; returns the crawl's stats."""
    feeds = {output: {"format": "jsonlines", "encoding": "utf-8", "overwrite": True}}
    process = CrawlerProcess(settings={"FEEDS": feeds, "LOG_LEVEL": "INFO", **settings})
    crawler = process.create_crawler(DiscuzSpider)
    process.crawl(crawler, start_urls=urls, mode=mode)
    process.start()
    assert crawler.stats is not None
    return crawler.stats.get_stats()


def demo_site(site: LoopbackSite) -> str:
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /api/\n", headers={"Content-Type": "text/plain"}))
    for page in (1, 2, 3):
        body = (FIXTURES / f"rich.desktop.p{page}.gbk.html").read_bytes()
        site.route(f"/thread-2048-{page}-1.html", Reply.html(body, "gbk"))
    return site.url("thread-2048-2-1.html")


def show(output: str) -> None:
    for line in Path(output).read_text(encoding="utf-8").splitlines():
        thread = json.loads(line)
        print(f"{thread['title']} | {len(thread['posts'])} posts | pages {thread['page_count']}", end="")
        print(f" | missing {thread['missing_pages']}" if thread["missing_pages"] else "")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*", help="thread, forum or site URLs (none: the bundled demo)")
    parser.add_argument("--mode", choices=("chain", "fanout"), default="chain")
    parser.add_argument("-o", "--output", default="threads.jsonl")
    parser.add_argument("--stats", help="write the crawl's stats to this JSON file")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    settings = dict(item.split("=", 1) for item in args.set)
    if args.urls:
        stats = crawl(args.urls, mode=args.mode, output=args.output, settings=settings)
    else:
        with LoopbackSite(max_requests=100) as site:
            url = demo_site(site)
            stats = crawl([url], mode=args.mode, output=args.output, settings={"DOWNLOAD_DELAY": 0, **settings})
    if args.stats:
        Path(args.stats).write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")
    show(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
