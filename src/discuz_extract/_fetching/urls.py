"""Thread URLs (pure): recognise every form a user copies, and build the page URLs to fetch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urljoin, urlsplit

from ..errors import InvalidThreadURL

_REWRITE = re.compile(r"thread-(\d+)-(\d+)-(\d+)\.html$")
_ARCHIVER = re.compile(r"tid-(\d+)\.html")
_ROOT_FILES = re.compile(r"(?:forum|index|portal|home|member|misc)\.php$")


@dataclass(frozen=True)
class ThreadURL:
    """A thread on a site: the site root, the tid, and which URL form to request pages in."""

    site: str  # ends with "/"
    tid: int
    rewrite: bool = False
    pid: int | None = None  # a findpost link names a post

    def page_url(self, page: int, via: str = "desktop") -> str:
        """Page ``page`` of the thread in the rendering ``via`` (see ``FetchSettings.via``)."""
        if via == "printable":
            return f"{self.site}forum.php?mod=viewthread&action=printable&tid={self.tid}"
        if via == "archiver":
            return f"{self.site}archiver/?tid-{self.tid}.html" + (f"&page={page}" if page > 1 else "")
        if via == "api":
            return f"{self.site}api/mobile/index.php?version=4&module=viewthread&tid={self.tid}&page={page}"
        if self.rewrite:
            return f"{self.site}thread-{self.tid}-{page}-1.html"
        return f"{self.site}forum.php?mod=viewthread&tid={self.tid}&page={page}"

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
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidThreadURL(f"not an absolute http(s) URL: {url!r}", url=url)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    directory = path.rsplit("/", 1)[0] + "/"
    if (m := _REWRITE.search(path)) is not None:
        return ThreadURL(_site(parts, directory), int(m.group(1)), rewrite=True)
    if "/archiver/" in path or path.endswith("/archiver"):
        m = _ARCHIVER.search(parts.query) or _ARCHIVER.search(path)
        tid = int(m.group(1)) if m else _int(query.get("value"))
        if tid is None:
            raise InvalidThreadURL(f"an archiver URL without a thread: {url!r}", url=url)
        return ThreadURL(_site(parts, path.split("/archiver")[0] + "/"), tid)
    tid = _int(query.get("tid")) or _int(query.get("ptid"))
    if tid is None or not (_ROOT_FILES.search(path) or path.endswith("/")):
        raise InvalidThreadURL(f"no thread id in {url!r}", url=url)
    return ThreadURL(_site(parts, directory), tid, pid=_int(query.get("pid")))


def _site(parts: SplitResult, directory: str) -> str:
    return f"{parts.scheme}://{parts.netloc}{directory}"


def _int(values: list[str] | None) -> int | None:
    if not values:
        return None
    digits = values[0].strip()
    return int(digits) if digits.isdigit() else None
