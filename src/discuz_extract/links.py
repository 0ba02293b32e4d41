"""What to read next, from a URL or a parsed page (pure): the steps of a crawl of a Discuz site.

A crawl goes forum index -> forums -> listing pages -> threads -> thread pages. These helpers
give each step's URLs from what the step before read, in the URL form the site was entered
with (rewrite or dynamic), so a crawler never spells a Discuz URL itself; the Scrapy spider in
``discuz_extract.contrib.scrapy`` is built on them. Thread URLs are ``parse_thread_url``'s
``ThreadURL`` (``.page_url(n)``); forum listings are ``ForumURL`` (``.page_url(n)``).

    kind = url_kind(start)                          # THREAD, FORUM or SITE
    index = parse_forum_index(body, url=index_url(start))
    for forum in index_forum_urls(index): ...       # ForumURL, each forum once
    page = parse_forum_page(body, url=forum.page_url(1))
    listing_page_urls(page, forum)                  # every other page of the listing
    listing_thread_urls(page)                       # ThreadURL of each row, each tid once
    rest, skipped = remaining_pages(first_page, max_pages=None)   # a range; Thread.skipped_ranges
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import SplitResult, parse_qs, urljoin, urlsplit

from . import _vocab_urls as V
from ._text import to_int
from ._urls import DEFAULT_MAX_PAGE_COUNT, ThreadURL, parse_thread_url
from .errors import GatePage, InvalidForumURL, InvalidThreadURL, LoginRequired, PermissionDenied
from .models import ForumIndex, ForumPage, ForumSummary, PageRange, ThreadPage, ThreadSummary

__all__ = [
    "ForumURL",
    "ThreadURL",
    "UrlKind",
    "index_forum_urls",
    "index_url",
    "last_page",
    "listing_page_urls",
    "listing_thread_urls",
    "parse_forum_url",
    "redirect_gate",
    "remaining_pages",
    "row_thread_url",
    "skipped_ranges",
    "sub_forum_urls",
    "url_kind",
]


class UrlKind(str, Enum):
    """What a URL a crawl starts from names."""

    THREAD = "thread"  # any thread URL form parse_thread_url reads
    FORUM = "forum"  # a forum listing: forum-F-P.html, forum.php?mod=forumdisplay&fid=F, archiver/?fid-F.html
    SITE = "site"  # anything else on the site: its forum index is read


@dataclass(frozen=True)
class ForumURL:
    """A forum's listing on a site: the site root, the fid, and the URL form to request pages in."""

    site: str  # ends with "/"
    fid: int
    rewrite: bool = False
    page: int = 1  # the page the URL named

    def page_url(self, page: int) -> str:
        """Page ``page`` of the listing, in the URL form the forum was named with."""
        form = V.LISTING_REWRITE_URL if self.rewrite else V.LISTING_DYNAMIC_URL
        return self.site + form.format(fid=self.fid, page=page)

    @property
    def host(self) -> str:
        return urlsplit(self.site).netloc

    @property
    def robots_url(self) -> str:
        parts = urlsplit(self.site)
        return f"{parts.scheme}://{parts.netloc}/robots.txt"


def _split(url: str, base: str | None = None) -> SplitResult:
    absolute = urljoin(base, url) if base else url
    parts = urlsplit(absolute)
    if parts.scheme not in V.SCHEMES or not parts.netloc:
        raise InvalidForumURL(f"not an absolute http(s) URL: {url!r}", url=url)
    return parts


def _root(parts: SplitResult, directory: str) -> str:
    return f"{parts.scheme}://{parts.netloc}{directory}"


def _number(query: dict[str, list[str]], name: str) -> int | None:
    values = query.get(name)
    return to_int(values[0]) if values and values[0].strip().isdigit() else None


def parse_forum_url(url: str, *, base: str | None = None) -> ForumURL:
    """A forum listing URL in any form: ``forum-F-P.html``, ``forum.php?mod=forumdisplay&fid=F
    [&page=P]`` (touch's ``&mobile=2`` too), ``archiver/?fid-F.html``; relative to ``base``.
    Raises ``InvalidForumURL`` for anything else."""
    parts = _split(url, base)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    directory = path.rsplit("/", 1)[0] + "/"
    page = _number(query, V.PAGE) or 1
    if (m := V.LISTING_REWRITE.search(path)) is not None:
        return ForumURL(_root(parts, directory), int(m.group(1)), rewrite=True, page=int(m.group(2)))
    if f"/{V.ARCHIVER_DIR}" in path:
        found = V.ARCHIVER_LISTING.search(parts.query) or V.ARCHIVER_LISTING.search(path)
        if found is not None:
            return ForumURL(_root(parts, path.split(f"/{V.ARCHIVER_DIR}")[0] + "/"), int(found.group(1)), page=page)
    fid = _number(query, V.FID)
    if path.endswith("/" + V.FORUM_SCRIPT) and query.get(V.MOD) == [V.MOD_LISTING] and fid is not None:
        return ForumURL(_root(parts, directory), fid, page=page)
    raise InvalidForumURL(f"not a forum listing URL: {url!r}", url=url)


def url_kind(url: str) -> UrlKind:
    """Whether ``url`` names a thread, a forum listing, or (anything else on the site) the site.

    Raises ``InvalidForumURL`` for a URL that is not absolute http(s)."""
    _split(url)
    try:
        parse_thread_url(url)
        return UrlKind.THREAD
    except InvalidThreadURL:
        pass
    try:
        parse_forum_url(url)
        return UrlKind.FORUM
    except InvalidForumURL:
        return UrlKind.SITE


def index_url(url: str) -> str:
    """The forum index to read for a site URL: the URL itself when it is ``forum.php`` with no
    ``mod`` (``forum.php?gid=G``, a category page, is kept), else ``forum.php`` in its folder."""
    parts = _split(url)
    path = parts.path or "/"
    directory, name = path.rsplit("/", 1)
    if name == V.FORUM_SCRIPT and V.MOD not in parse_qs(parts.query):
        return url
    return _root(parts, directory + "/") + V.FORUM_SCRIPT


def listing_page_urls(page: ForumPage, target: ForumURL, *, max_pages: int | None = None) -> list[str]:
    """Every page of the listing but the one read (``page.page``), in page order, in the form
    of ``target`` (the URL the page was read from); at most ``max_pages`` pages in all."""
    count = max(page.page_count or 1, 1)
    last = count if max_pages is None else min(count, max(max_pages, 1))
    return [target.page_url(n) for n in range(1, last + 1) if n != page.page]


def listing_thread_urls(page: ForumPage) -> list[ThreadURL]:
    """The thread of each row, in page order, each tid once. A moved row gives its target; a row
    with no link (the mobile API's) is built from the site's URL and its tid."""
    seen: set[int] = set()
    found: list[ThreadURL] = []
    for row in page.threads:
        target = row_thread_url(row, page)
        if target is not None and target.tid not in seen:
            seen.add(target.tid)
            found.append(target)
    return found


def row_thread_url(row: ThreadSummary, page: ForumPage) -> ThreadURL | None:
    """The thread a listing row stands for: its link (a moved row links its target), else the
    site's URL and the row's tid (or a moved row's target tid); ``None`` when neither is there."""
    if row.url:
        try:
            return parse_thread_url(row.url, base=page.url)
        except InvalidThreadURL:
            return None
    site, tid = page.site.url, row.moved_to if row.moved_to is not None else row.tid
    if tid is not None and site and site.endswith("/"):
        return ThreadURL(site, tid)
    return None


def index_forum_urls(index: ForumIndex) -> list[ForumURL]:
    """Every forum and sub-forum the index lists, in order, each fid once."""
    return _forum_urls([f for category in index.categories for f in category.forums], index.url)


def sub_forum_urls(page: ForumPage) -> list[ForumURL]:
    """The sub-forums a listing page shows above its threads (and theirs), each fid once."""
    return _forum_urls(page.sub_forums, page.url)


def _forum_urls(forums: Iterable[ForumSummary], base: str | None) -> list[ForumURL]:
    seen: set[int] = set()
    found: list[ForumURL] = []
    pending = list(forums)
    while pending:
        forum = pending.pop(0)
        pending[:0] = forum.sub_forums
        if not forum.url:
            continue
        try:
            target = parse_forum_url(forum.url, base=base)
        except InvalidForumURL:
            continue
        if target.fid not in seen:
            seen.add(target.fid)
            found.append(target)
    return found


def remaining_pages(
    first: ThreadPage, *, max_pages: int | None = None, max_page_count: int = DEFAULT_MAX_PAGE_COUNT
) -> tuple[range, list[PageRange]]:
    """After page 1 of a thread: the pages to read next, and the ranges the limits leave out
    (``Thread.skipped_ranges``), from page 1's page count. Nothing is sized by that count: a
    pager claiming 10^9 pages gives one range, not a list of pages."""
    count = max(first.page_count or 1, 1)
    return range(2, last_page(count, max_pages, max_page_count) + 1), skipped_ranges(count, max_pages, max_page_count)


def last_page(count: int, max_pages: int | None, max_page_count: int = DEFAULT_MAX_PAGE_COUNT) -> int:
    """The last page to read of a ``count``-page thread."""
    return max(min(count, max_page_count, max_pages if max_pages is not None else count), 1)


def skipped_ranges(count: int, max_pages: int | None, max_page_count: int = DEFAULT_MAX_PAGE_COUNT) -> list[PageRange]:
    """The pages of a ``count``-page thread the limits leave out, as ranges with the limit's name."""
    ranges = []
    believed = min(count, max_page_count)
    if max_pages is not None and max_pages < believed:
        ranges.append(PageRange(first=max_pages + 1, last=believed, reason=V.LIMIT_MAX_PAGES))
    if count > max_page_count:
        ranges.append(PageRange(first=max_page_count + 1, last=count, reason=V.LIMIT_MAX_PAGE_COUNT))
    return ranges


def redirect_gate(requested: str, landed: str) -> GatePage | None:
    """The gate a redirect stands for, or None: landing on the login page is ``LoginRequired``;
    a thread that lands on a forum listing (a password or paid forum) is ``PermissionDenied``."""
    target = urlsplit(landed)
    query = parse_qs(target.query)
    if target.path.endswith("/" + V.LOGIN_SCRIPT) and query.get(V.MOD) == [V.LOGIN_MOD]:
        return LoginRequired("redirected to the login page", url=requested)
    if query.get(V.MOD) == [V.MOD_LISTING] and _names_thread(requested):
        return PermissionDenied("redirected to the forum (password or paid forum)", url=requested)
    return None


def _names_thread(url: str) -> bool:
    try:
        parse_thread_url(url)
    except InvalidThreadURL:
        return False
    return True
