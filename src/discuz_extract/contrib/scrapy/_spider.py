"""DiscuzSpider (``name = "discuz"``): threads, forums or whole sites through Scrapy.

Scrapy does the I/O (its scheduler, throttling, retries, robots.txt and cookies); the library's
pure parsers read every page (through the page objects of ``pages.py``) and ``links.py`` says
what to request next. Start URLs may name threads (any form; page 1 is read first whatever page
the URL names), forum listings (every listing page and every thread on them, each thread once)
or sites (the forum index, then every forum and sub-forum, then their threads).

``mode="chain"`` yields one ``Thread`` per thread: its pages are read one after another, each
request carrying what was read so far (``ThreadCrawl`` in ``cb_kwargs``). ``mode="fanout"``
requests every page once page 1 gave the count and yields a ``ThreadPageItem`` per page (or per
failed page), which ``ThreadMergePipeline`` merges into the same ``Thread``.

A gate page (login, no permission, challenge, not found ...) is never an item: it is counted in
the stats (``discuz/gate/<Error>``; other failures ``discuz/error/<Error>``) and logged; a page
after the first that failed is named in the thread's ``missing_pages`` and ``failures``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, ClassVar, Literal, cast

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import load_object
from scrapy_poet import Addon
from twisted.python.failure import Failure

from ..._fetching import DEFAULT_USER_AGENT, parse_thread_url
from ...errors import DiscuzError, FetchError, GatePage, InvalidForumURL, RobotsDisallowed
from ...links import (
    UrlKind,
    index_forum_urls,
    index_url,
    listing_page_urls,
    listing_thread_urls,
    parse_forum_url,
    redirect_gate,
    remaining_pages,
    sub_forum_urls,
    url_kind,
)
from ...models import ForumIndex, ForumPage, ThreadPage
from ._exporters import FEED_EXPORTERS
from ._items import ThreadCrawl, ThreadPageItem, merge_thread, page_failure
from ._pages import DiscuzForumPage, DiscuzIndexPage, DiscuzThreadPage
from ._pipelines import ThreadMergePipeline

__all__ = ["POLITE_SETTINGS", "DiscuzSpider", "Mode"]

Mode = Literal["chain", "fanout"]
MODES: tuple[Mode, ...] = ("chain", "fanout")
# applied below a project's priority: settings.py, -s and CrawlerProcess(settings=...) win
POLITE_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 1.0,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "ROBOTSTXT_OBEY": True,
    "USER_AGENT": DEFAULT_USER_AGENT,  # a browser's: Discuz strips floors for bot user agents
    "RETRY_TIMES": 3,
    "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
}
Model = ThreadPage | ForumPage | ForumIndex


_BELOW_PROJECT = "addon"  # Scrapy's priority of add-ons: above its defaults, below a project's


def _set_merged(settings: BaseSettings, name: str, value: dict[Any, Any]) -> None:
    """A dict setting with entries added: at least add-on priority, so that a runner's defaults
    (``CrawlerProcess.crawl(crawler)`` applies them again) do not put the old dict back."""
    settings.set(name, value, priority=max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES[_BELOW_PROJECT]))


def _add_component(settings: BaseSettings, name: str, component: type, order: int) -> None:
    """``component`` in the component priority dict ``name`` unless it is there (as a class or a path)."""
    components = settings.getdict(name)
    if not any(load_object(key) is component for key in components):
        components[component] = order
    _set_merged(settings, name, components)


def _split_urls(start_urls: str | Iterable[str] | None) -> list[str]:
    values = start_urls.split(",") if isinstance(start_urls, str) else list(start_urls or ())
    return [url.strip() for url in values if url.strip()]


class DiscuzSpider(Spider):
    """``scrapy crawl discuz -a start_urls=URL,URL [-a mode=fanout] [-a max_pages=N]``.

    ``start_urls``: thread, forum or site URLs (a list, or a comma-separated string).
    ``mode``: ``chain`` (the default) or ``fanout``. ``max_pages``: read at most N pages of a
    thread (the others are named in ``Thread.skipped_pages``).
    """

    name = "discuz"
    # Discuz answers some gates with a 4xx (X3.5's 404 not-found page): callbacks read them
    handle_httpstatus_list: ClassVar[list[int]] = [status for status in range(400, 500) if status != 407]

    def __init__(
        self,
        start_urls: str | Iterable[str] | None = None,
        mode: str = "chain",
        max_pages: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_urls = _split_urls(start_urls)
        if not self.start_urls:
            raise ValueError("DiscuzSpider needs start_urls: thread, forum or site URLs")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode: Mode = mode
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.kinds = {url: url_kind(url) for url in self.start_urls}  # InvalidForumURL now, not mid-crawl

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """``POLITE_SETTINGS`` below the project's priority (its settings.py, ``-s`` and
        ``CrawlerProcess(settings)`` win), then the spider's components added to the project's:
        the scrapy-poet add-on, ``ThreadMergePipeline`` (last, 900) and the exporters of
        ``FEED_EXPORTERS`` for formats the project has no exporter for. ``custom_settings`` (a
        subclass's) apply as usual, above the project's."""
        for name, value in POLITE_SETTINGS.items():
            settings.set(name, value, priority=_BELOW_PROJECT)
        _add_component(settings, "ADDONS", Addon, 300)
        _add_component(settings, "ITEM_PIPELINES", ThreadMergePipeline, 900)
        exporters = settings.getdict("FEED_EXPORTERS")
        for fmt, path in FEED_EXPORTERS.items():
            exporters.setdefault(fmt, path)
        _set_merged(settings, "FEED_EXPORTERS", exporters)
        super().update_settings(settings)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            yield self._start_request(url)

    def _start_request(self, url: str) -> Request:
        kind = self.kinds[url]
        if kind is UrlKind.THREAD:
            return self._page_request(ThreadCrawl.start(parse_thread_url(url), url))
        if kind is UrlKind.FORUM:
            return self._listing_request(url, follow_subforums=False)
        return Request(index_url(url), callback=self.parse_index, errback=self.request_failed)

    def _listing_request(self, url: str, *, follow_subforums: bool) -> Request:
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.request_failed,
            cb_kwargs={"follow_subforums": follow_subforums},
        )

    def _page_request(self, state: ThreadCrawl) -> Request:
        return Request(state.url, callback=self.parse_thread, errback=self.thread_failed, cb_kwargs={"state": state})

    # --- callbacks -------------------------------------------------------------------------------

    async def parse_index(self, response: Response, page: DiscuzIndexPage) -> AsyncIterator[Any]:
        index = await self._read(response, page)
        if not isinstance(index, ForumIndex):
            self._note(self._not_a(index, ForumIndex, response.url), response.url)
            return
        for forum in index_forum_urls(index):
            yield self._listing_request(forum.page_url(1), follow_subforums=True)

    async def parse_listing(
        self, response: Response, page: DiscuzForumPage, follow_subforums: bool = False
    ) -> AsyncIterator[Any]:
        listing = await self._read(response, page)
        if not isinstance(listing, ForumPage):
            self._note(self._not_a(listing, ForumPage, response.url), response.url)
            return
        self._count("discuz/listing_pages")
        for request in self._listing_links(listing, response.url, follow_subforums):
            yield request

    def _listing_links(self, listing: ForumPage, url: str, follow_subforums: bool) -> Iterator[Request]:
        try:
            target = parse_forum_url(url)
        except InvalidForumURL:
            self.logger.warning("%s: not a listing URL, its other pages are not followed", url)
        else:
            for other in listing_page_urls(listing, target):
                yield self._listing_request(other, follow_subforums=follow_subforums)
        if follow_subforums:
            for forum in sub_forum_urls(listing):
                yield self._listing_request(forum.page_url(1), follow_subforums=True)
        for thread in listing_thread_urls(listing):
            yield self._page_request(ThreadCrawl.start(thread, thread.page_url(1)))

    async def parse_thread(self, response: Response, page: DiscuzThreadPage, state: ThreadCrawl) -> AsyncIterator[Any]:
        outcome = await self._read(response, page)
        for out in self._advance(state, outcome):
            yield out

    def thread_failed(self, failure: Failure) -> Iterator[Any]:
        request = cast("Request", getattr(failure, "request"))  # noqa: B009 - Scrapy sets it on errback failures
        yield from self._advance(request.cb_kwargs["state"], self._error_of(failure, request))

    def request_failed(self, failure: Failure) -> None:
        request = cast("Request", getattr(failure, "request"))  # noqa: B009
        self._note(self._error_of(failure, request), request.url)

    # --- a thread, page by page ---------------------------------------------------------------------

    def _advance(self, state: ThreadCrawl, read: Model | DiscuzError) -> Iterator[Any]:
        outcome = read if isinstance(read, ThreadPage) else self._not_a(read, ThreadPage, state.url)
        if isinstance(outcome, DiscuzError):
            self._note(outcome, state.url)
            if state.page == 1:  # without page 1 there is no thread to speak of
                self._count("discuz/threads/failed")
                return
        elif state.page == 1:
            rest, skipped = remaining_pages(outcome, max_pages=self.max_pages)
            update = {"page_count": 1 + len(rest), "rest": list(rest), "skipped": skipped}
            state = state.model_copy(update=update)
        if self.mode == "fanout":
            yield from self._fanout(state, outcome)
        else:
            yield from self._chain(state, outcome)

    def _chain(self, state: ThreadCrawl, outcome: ThreadPage | DiscuzError) -> Iterator[Any]:
        if isinstance(outcome, ThreadPage):
            state = state.model_copy(update={"pages": [*state.pages, outcome]})
        else:
            state = state.model_copy(
                update={"failures": [*state.failures, page_failure(state.page, state.url, outcome)]}
            )
        if state.rest:
            yield self._page_request(state.model_copy(update={"page": state.rest[0], "rest": state.rest[1:]}))
            return
        self._count("discuz/threads")
        yield merge_thread(state.thread_url, state.tid, state.pages, state.failures, state.skipped)

    def _fanout(self, state: ThreadCrawl, outcome: ThreadPage | DiscuzError) -> Iterator[Any]:
        parsed = outcome if isinstance(outcome, ThreadPage) else None
        failure = page_failure(state.page, state.url, outcome) if isinstance(outcome, DiscuzError) else None
        yield ThreadPageItem(
            thread_url=state.thread_url,
            host=state.target.host,
            tid=state.tid,
            page=state.page,
            page_count=state.page_count or 1,
            skipped=state.skipped,
            parsed=parsed,
            failure=failure,
        )
        if state.page == 1:
            for page in state.rest:
                yield self._page_request(state.model_copy(update={"page": page, "rest": []}))

    # --- reading, failures, stats ----------------------------------------------------------------------

    async def _read(
        self, response: Response, page: DiscuzThreadPage | DiscuzForumPage | DiscuzIndexPage
    ) -> Model | DiscuzError:
        """The page's model, or the error it is (a redirect to the login page is ``LoginRequired``)."""
        redirects = response.meta.get("redirect_urls")
        if redirects and (gate := redirect_gate(redirects[0], response.url)) is not None:
            outcome: Model | DiscuzError = gate
        else:
            try:
                outcome = await page.to_item()
            except DiscuzError as exc:
                outcome = exc
        return outcome

    @staticmethod
    def _not_a(outcome: Model | DiscuzError, wanted: type[Model], url: str) -> DiscuzError:
        """The error itself, or one saying the page was another model (never: each page object
        returns its own)."""
        if isinstance(outcome, DiscuzError):
            return outcome
        return DiscuzError(f"expected a {wanted.__name__}, read a {type(outcome).__name__}", url=url)

    @staticmethod
    def _error_of(failure: Failure, request: Request) -> DiscuzError:
        """What a failed request is in the library's terms (``Thread.failures``)."""
        error = failure.value
        redirects = request.meta.get("redirect_urls")
        if redirects and (gate := redirect_gate(redirects[0], request.url)) is not None:
            return gate  # a redirect to the login page that robots.txt then forbade (Disallow: /member.php)
        if isinstance(error, HttpError):
            status = error.response.status
            return FetchError(f"HTTP {status} after retries", url=request.url, status=status)
        if isinstance(error, IgnoreRequest) and "robots" in str(error).lower():
            return RobotsDisallowed(str(error), url=request.url)
        return FetchError(f"{type(error).__name__}: {error}", url=request.url)

    def _note(self, error: DiscuzError, url: str) -> None:
        group = "gate" if isinstance(error, GatePage) else "error"
        self._count(f"discuz/{group}/{type(error).__name__}")
        self.logger.warning("%s: %s", type(error).__name__, error if error.url else f"{error} ({url})")

    def _count(self, key: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(key)
