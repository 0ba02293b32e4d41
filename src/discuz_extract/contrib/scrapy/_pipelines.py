"""ThreadMergePipeline: fanout's page items become one ``Thread`` each, nothing dropped silently.

A page item is held until every page 1..page_count of its thread has come (read, or failed);
the item that completes the thread is replaced by the merged ``Thread``, the held ones are
dropped at DEBUG level (``item_dropped_count`` counts them). At ``close_spider`` the threads
still incomplete are merged anyway, with the pages that never came named in
``missing_pages`` and ``failures`` (``IncompleteThread``), logged, counted
(``discuz/threads/incomplete``) and sent to the feeds (``item_scraped``): keep this pipeline
last. Items that are not ``ThreadPageItem`` pass through untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ..._urls import parse_thread_url
from ...errors import IncompleteThread
from ...models import PageFailure, Thread, ThreadPage
from ._items import ThreadPageItem, merge_thread

__all__ = ["ThreadMergePipeline"]

_log = logging.getLogger(__name__)
NOT_RECEIVED = "page not received before the crawl closed"


@dataclass
class _Pending:
    first: ThreadPageItem
    pages: dict[int, ThreadPage] = field(default_factory=dict)
    failures: dict[int, PageFailure] = field(default_factory=dict)

    def add(self, item: ThreadPageItem) -> None:
        if item.parsed is not None:
            self.pages[item.page] = item.parsed
        elif item.failure is not None:
            self.failures[item.page] = item.failure
        if item.page == 1:
            self.first = item

    @property
    def expected(self) -> set[int]:
        return set(range(1, self.first.page_count + 1))  # the limits' pages lie past page_count

    @property
    def absent(self) -> list[int]:
        return sorted(self.expected - set(self.pages) - set(self.failures))

    def thread(self, *, closing: bool = False) -> Thread:
        """The thread merged; ``closing``: the pages that never came are named as failures too."""
        first = self.first
        failures = dict(self.failures)
        if closing:
            target = parse_thread_url(first.thread_url)
            for page in self.absent:
                failures[page] = PageFailure(
                    page=page, url=target.page_url(page), error=NOT_RECEIVED, error_type=IncompleteThread.__name__
                )
        return merge_thread(first.thread_url, first.tid, self.pages.values(), failures.values(), first.skipped)


class ThreadMergePipeline:
    """Merge ``ThreadPageItem``s into ``Thread`` items (see the module's docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pending: dict[tuple[str, int], _Pending] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ThreadMergePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ThreadPageItem):
            return item
        pending = self.pending.setdefault(item.key, _Pending(item))
        pending.add(item)
        if pending.absent:
            raise DropItem(f"page {item.page} of thread {item.tid} held until the thread is whole", log_level="DEBUG")
        del self.pending[item.key]
        return pending.thread()

    async def close_spider(self) -> None:
        stats = self.crawler.stats
        for pending in self.pending.values():
            thread = pending.thread(closing=True)
            _log.warning("thread %s incomplete at close: pages %s never came", thread.url, pending.absent)
            if stats is not None:
                stats.inc_value("discuz/threads/incomplete")
            await self.crawler.signals.send_catch_log_async(
                signal=signals.item_scraped, item=thread, response=None, spider=self.crawler.spider
            )
        self.pending.clear()
