"""What the spider yields besides ``Thread``: fanout's page items, and the merge both modes share."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from ..._parsing.merge import thread_of
from ...errors import DiscuzError
from ...links import ThreadURL
from ...models import PageFailure, PageRange, Thread, ThreadPage

__all__ = ["ThreadCrawl", "ThreadPageItem", "merge_thread", "page_failure"]


class ThreadCrawl(BaseModel):
    """A thread being read: where it was started, which page this request is, and (chain mode)
    what was read so far. Travels in ``Request.cb_kwargs``; picklable, so it survives a
    scheduler that stores requests (``JOBDIR``, scrapy-redis)."""

    model_config = ConfigDict(extra="forbid")

    thread_url: str = Field(description="the URL the thread was named by: Thread.url")
    site: str = Field(description="the site root of the thread's URLs")
    tid: int
    rewrite: bool = False
    page: int = 1
    page_count: int | None = Field(default=None, description="the pages read in all, once page 1 told")
    rest: list[int] = Field(default_factory=list, description="chain: the pages still to read, in order")
    skipped: list[PageRange] = Field(default_factory=list, description="the pages the limits leave out")
    pages: list[ThreadPage] = Field(default_factory=list, description="chain: the pages read so far")
    failures: list[PageFailure] = Field(default_factory=list, description="chain: the pages that failed")

    @classmethod
    def start(cls, target: ThreadURL, thread_url: str) -> ThreadCrawl:
        return cls(thread_url=thread_url, site=target.site, tid=target.tid, rewrite=target.rewrite)

    @property
    def target(self) -> ThreadURL:
        return ThreadURL(self.site, self.tid, rewrite=self.rewrite)

    @property
    def url(self) -> str:
        """The URL of this request's page."""
        return self.target.page_url(self.page)

    def thread(self) -> Thread:
        return merge_thread(self.thread_url, self.tid, self.pages, self.failures, self.skipped)


class ThreadPageItem(BaseModel):
    """fanout mode: one page of a thread, or the failure of one (``parsed`` is then None).

    It says its thread (``host``, ``tid``, ``thread_url``) and how many pages the crawl reads
    (``page_count``, from page 1), so ``ThreadMergePipeline`` knows when the thread is whole.
    """

    model_config = ConfigDict(extra="forbid")

    thread_url: str
    host: str
    tid: int
    page: int
    page_count: int = Field(description="the pages the crawl reads: 1..page_count (the limits' pages lie past it)")
    skipped: list[PageRange] = Field(default_factory=list, description="the pages the limits leave out")
    parsed: ThreadPage | None = None
    failure: PageFailure | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.host, self.tid)


def page_failure(page: int, url: str, error: DiscuzError) -> PageFailure:
    """As ``extract_thread`` names a failed page in ``Thread.failures``."""
    return PageFailure(page=page, url=url, error=str(error), error_type=type(error).__name__)


def merge_thread(
    thread_url: str,
    tid: int,
    pages: Iterable[ThreadPage],
    failures: Iterable[PageFailure],
    skipped: list[PageRange] | None = None,
) -> Thread:
    """The pages merged as ``extract_thread`` merges them: failed pages and limits named."""
    return thread_of(pages, url=thread_url, tid=tid, failures=failures, skipped=skipped)
