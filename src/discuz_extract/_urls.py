"""Thread URLs (pure): recognise every form a user copies, build the page URLs to fetch, and
say which thread, site, page and kind a URL names (to tell a redirect that left the thread).

``DEFAULT_MAX_PAGE_COUNT`` bounds what a page count read from a page is believed to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urljoin, urlsplit

from . import _vocab_urls as V
from ._text import to_int
from .errors import InvalidThreadURL

DEFAULT_MAX_PAGE_COUNT = 10_000  # a pager claiming more pages is not believed past this
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class ThreadURL:
    """A thread on a site: the site root, the tid, and which URL form to request pages in."""

    site: str  # ends with "/"
    tid: int
    rewrite: bool = False
    pid: int | None = None  # a findpost link names a post

    def page_url(self, page: int, via: str = "desktop") -> str:
        """Page ``page`` of the thread in the rendering ``via`` (see ``FetchSettings.via``)."""
        fields = {"site": self.site, "tid": self.tid, "page": page}
        if via == "printable":
            return V.PRINTABLE_PAGE.format(**fields)
        if via == "archiver":
            return V.ARCHIVER_PAGE.format(**fields) + (V.ARCHIVER_PAGE_SUFFIX.format(**fields) if page > 1 else "")
        if via == "api":
            return V.API_PAGE.format(**fields)
        return (V.REWRITE_PAGE if self.rewrite else V.DESKTOP_PAGE).format(**fields)

    @property
    def robots_url(self) -> str:
        parts = urlsplit(self.site)
        return f"{parts.scheme}://{parts.netloc}/robots.txt"

    @property
    def host(self) -> str:
        return urlsplit(self.site).netloc


def parse_thread_url(url: str, *, base: str | None = None) -> ThreadURL:
    """Any thread URL a user copies: dynamic, rewrite, archiver, touch, findpost, relative."""
    absolute = urljoin(base, url) if base else url
    try:
        parts = urlsplit(absolute)
        parts.port  # noqa: B018  (a port out of range raises here)
    except ValueError as exc:
        raise InvalidThreadURL(f"not a valid URL: {url!r} ({exc})", url=url) from exc
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidThreadURL(f"not an absolute http(s) URL: {url!r}", url=url)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    directory = path.rsplit("/", 1)[0] + "/"
    if (m := V.REWRITE.search(path)) is not None:
        return ThreadURL(_site(parts, directory), int(m.group(1)), rewrite=True)
    if f"/{V.ARCHIVER_DIR}/" in path or path.endswith(f"/{V.ARCHIVER_DIR}"):
        m = V.ARCHIVER.search(parts.query) or V.ARCHIVER.search(path)
        tid = int(m.group(1)) if m else _int(query.get("value"))
        if tid is None:
            raise InvalidThreadURL(f"an archiver URL without a thread: {url!r}", url=url)
        return ThreadURL(_site(parts, path.split(f"/{V.ARCHIVER_DIR}")[0] + "/"), tid)
    tid = next((t for key in V.TID_KEYS if (t := _int(query.get(key))) is not None), None)
    if tid is None or not (V.ROOT_FILES.search(path) or path.endswith("/")):
        raise InvalidThreadURL(f"no thread id in {url!r}", url=url)
    return ThreadURL(_site(parts, directory), tid, pid=_int(query.get(V.PID_KEY)))


@dataclass(frozen=True)
class PageAddress:
    """What a page URL names: the site (host without ``www.``, port, directory; the scheme
    may change), the thread, the rendering kind and the page (``None``: not said)."""

    site: tuple[str, int | None, str]
    tid: int
    kind: str
    page: int | None


def page_address(url: str) -> PageAddress | None:
    """The thread page ``url`` names, or ``None`` when it names no thread page."""
    try:
        target = parse_thread_url(url)
        parts = urlsplit(url)
        port = None if parts.port == _DEFAULT_PORTS.get(parts.scheme) else parts.port  # http -> https is the same site
    except (InvalidThreadURL, ValueError):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    site = urlsplit(target.site)
    return PageAddress((host, port, site.path), target.tid, _kind(parts), _page(parts))


def _kind(parts: SplitResult) -> str:
    query = parse_qs(parts.query)
    if f"/{V.ARCHIVER_DIR}" in parts.path:
        return "archiver"
    if V.API_PATH in parts.path:
        return "api"
    if query.get(V.ACTION_KEY) == [V.PRINTABLE_ACTION]:
        return "printable"
    return "desktop"


def _page(parts: SplitResult) -> int | None:
    if (m := V.REWRITE.search(parts.path)) is not None:
        return int(m.group(2))
    values = parse_qs(parts.query).get(V.PAGE)
    return _int(values) if values else 1


def _site(parts: SplitResult, directory: str) -> str:
    return f"{parts.scheme}://{parts.netloc}{directory}"


def _int(values: list[str] | None) -> int | None:
    if not values:
        return None
    digits = values[0].strip()
    # ASCII digits only ("²".isdigit() is true), and no number longer than any real id
    return to_int(digits) if digits.isascii() and digits.isdigit() else None
