"""Scrapy integration: web-poet page objects, a ready spider and a merge pipeline (``[scrapy]`` extra).

    scrapy crawl discuz -a start_urls=https://bbs.example.cn/forum-2-1.html -O threads.jsonl

(in a project whose ``SPIDER_MODULES`` includes ``"discuz_extract.contrib.scrapy"``), or
``CrawlerProcess(...).crawl(DiscuzSpider, start_urls=[...], mode="chain")``. Scrapy does the
I/O; the library's pure parsers read the pages (``DiscuzThreadPage``, ``DiscuzForumPage``,
``DiscuzIndexPage`` return ``ThreadPage``, ``ForumPage``, ``ForumIndex``) and
``discuz_extract.links`` says what to request next. See the README's Scrapy section.
"""

from __future__ import annotations

try:
    import scrapy as _scrapy  # noqa: F401
    import scrapy_poet as _scrapy_poet  # noqa: F401
    import web_poet as _web_poet  # noqa: F401
except ImportError as exc:  # pragma: no cover - the extra is missing
    raise ImportError(
        "contrib.scrapy needs scrapy, scrapy-poet and web-poet: pip install 'discuz-extract[scrapy]'"
    ) from exc

from ._exporters import FEED_EXPORTERS, JsonItemExporter, JsonLinesItemExporter
from ._items import ThreadCrawl, ThreadPageItem, merge_thread
from ._pages import DiscuzForumPage, DiscuzIndexPage, DiscuzThreadPage, read_response
from ._pipelines import ThreadMergePipeline
from ._spider import POLITE_SETTINGS, DiscuzSpider, Mode

__all__ = [
    "FEED_EXPORTERS",
    "POLITE_SETTINGS",
    "DiscuzForumPage",
    "DiscuzIndexPage",
    "DiscuzSpider",
    "DiscuzThreadPage",
    "JsonItemExporter",
    "JsonLinesItemExporter",
    "Mode",
    "ThreadCrawl",
    "ThreadMergePipeline",
    "ThreadPageItem",
    "merge_thread",
    "read_response",
]
