"""What a board crawl returns: per thread, per forum, per host (typed, JSON-ready)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..models import PageFailure, PageRange

ThreadStatus = Literal["new", "changed", "resumed", "unchanged", "older", "seen"]
GoneReason = Literal["not listed", "not found"]
FETCHED: frozenset[str] = frozenset({"new", "changed", "resumed"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ThreadRun(_Model):
    """One listed thread in a board crawl: what the archive's rule decided, and what was read.

    ``status``: ``new`` (not in the archive), ``changed`` (its row differs from the one
    recorded), ``resumed`` (pages recorded but no row: an interrupted or another forum's run),
    ``unchanged`` (the same row: not fetched), ``older`` (last post before ``since``: not
    fetched), ``seen`` (read whole earlier in this run, through another forum).
    """

    tid: int = Field(description="the thread id")
    key: str = Field(description="the thread's key in the archive and the output: its site URL, '#', its tid")
    url: str = Field(description="page 1 of the thread")
    title: str | None = Field(default=None, description="the title as listed")
    listing_page: int = Field(description="the listing page it was found on")
    status: ThreadStatus = Field(description="what the archive's rule decided")
    pages_read: list[int] = Field(default_factory=list, description="the pages fetched in this run")
    posts_written: int = Field(default=0, description="posts written to the output in this run")
    page_count: int | None = Field(default=None, description="the page count as last read")
    failures: list[PageFailure] = Field(default_factory=list, description="pages that failed after retries")
    truncated_pages: list[int] = Field(default_factory=list, description="pages cut off before their end")
    error: str | None = Field(default=None, description="why the thread could not be read at all")
    error_type: str | None = Field(default=None, description="the error's type")
    read_to_end: bool = Field(default=False, description="every page up to the last is read")

    @property
    def fetched(self) -> bool:
        return self.status in FETCHED

    @property
    def complete(self) -> bool:
        """Nothing failed, and a fetched thread was read to its last page."""
        whole = not (self.failures or self.truncated_pages) and self.error is None
        return whole and (self.read_to_end or not self.fetched)

    @property
    def limited(self) -> bool:
        """Fetched without failing, but a limit (``max_pages``) stopped before the last page."""
        return self.fetched and self.error is None and not self.failures and not self.read_to_end


class GoneThread(_Model):
    """A thread the archive knew in this forum that is gone: no longer listed, or not found."""

    tid: int = Field(description="the thread id")
    key: str = Field(description="the thread's key")
    forum: str = Field(description="the forum's key")
    title: str | None = Field(default=None, description="its title as last listed")
    reason: GoneReason = Field(description="how it was noticed")


class ForumRun(_Model):
    """One forum's crawl: the listing read, every thread's fate, the threads gone."""

    url: str = Field(description="page 1 of the listing")
    forum: str = Field(description="the forum's key: its site URL, '#forum-', its fid")
    fid: int = Field(description="the forum id")
    name: str | None = Field(default=None, description="the forum's name")
    listing_pages: list[int] = Field(default_factory=list, description="listing pages read")
    listing_failures: list[PageFailure] = Field(default_factory=list, description="listing pages that failed")
    skipped_listing_pages: list[PageRange] = Field(
        default_factory=list, description="listing pages left out by max_listing_pages"
    )
    rechecked: bool = Field(default=False, description="page 1 was read again to confirm threads gone")
    gone_checked: bool = Field(
        default=False, description="the whole listing was read, so threads not listed could be judged gone"
    )
    threads: list[ThreadRun] = Field(default_factory=list, description="every listed thread, in listing order")
    gone: list[GoneThread] = Field(default_factory=list, description="threads gone since the last run")
    sub_forums: list[str] = Field(default_factory=list, description="the sub-forums listed on page 1 (their URLs)")

    @property
    def complete(self) -> bool:
        return not self.listing_failures and all(t.complete or t.limited for t in self.threads)

    @property
    def fetched(self) -> list[ThreadRun]:
        return [t for t in self.threads if t.fetched]


class CrawlFailure(_Model):
    """A start URL, an index or a forum that could not be read at all."""

    url: str = Field(description="what could not be read: a start URL, an index or a forum's listing")
    error: str = Field(description="the error's message")
    error_type: str = Field(description="the error's type (a DiscuzError subclass)")
    _exception: BaseException | None = PrivateAttr(default=None)

    @classmethod
    def of(cls, url: str, error: BaseException) -> CrawlFailure:
        failure = cls(url=url, error=str(error), error_type=type(error).__name__)
        failure._exception = error
        return failure

    @property
    def exception(self) -> BaseException | None:
        """The error itself, in the process that met it (not serialised)."""
        return self._exception


class HostRun(_Model):
    """One host of a site crawl: its forums, read one after another, paced on their own."""

    host: str = Field(description="the host (and port) crawled")
    starts: list[str] = Field(default_factory=list, description="the start URLs given for it")
    forums: list[ForumRun] = Field(default_factory=list, description="the forums crawled, in order")
    failures: list[CrawlFailure] = Field(default_factory=list, description="what could not be read at all")


class SiteRun(_Model):
    """A site crawl: one entry per host, in the order the hosts were first named."""

    hosts: list[HostRun] = Field(default_factory=list, description="each host's crawl")

    @property
    def forums(self) -> list[ForumRun]:
        return [forum for host in self.hosts for forum in host.forums]

    @property
    def failures(self) -> list[CrawlFailure]:
        return [failure for host in self.hosts for failure in host.failures]

    @property
    def complete(self) -> bool:
        return not self.failures and all(forum.complete for forum in self.forums)
