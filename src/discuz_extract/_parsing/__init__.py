"""Parsing: bytes or text in, models out. No I/O here, so it runs inside any engine.

``parse_page`` recognises the page kind (desktop, touch, archiver, printable, mobile API
JSON) and dispatches to the module for that kind; each returns the same ``ThreadPage``.
"""

from __future__ import annotations

from datetime import datetime

from .._decoding import looks_json
from ..errors import NotDiscuzPage
from ..models import PageKind, Thread, ThreadPage
from . import vocab_archiver, vocab_chrome, vocab_desktop, vocab_touch
from .api import parse_api
from .archiver import parse_archiver
from .boundary import typed_errors
from .common import mark_truncated
from .desktop import parse_desktop
from .limits import is_truncated
from .merge import merge_pages
from .printable import looks_printable, parse_printable
from .reading import html_tree, page_text, refuse_what_is_no_page
from .regions import desktop_regions
from .sniff import Sniff, SniffKind, could_be_discuz, sniff
from .text import clean_text, parse_text
from .touch import parse_touch


def detect_kind(raw: str) -> PageKind:
    """Which rendering this is, from markers each template alone has (string tests: no tree walk)."""
    head = raw[:4096]
    if any(marker in raw for marker in vocab_desktop.POSTLIST_MARKERS):
        return PageKind.DESKTOP
    if head.lstrip().startswith(vocab_touch.XML_PROLOG) or vocab_touch.POST_MARKER in raw:
        return PageKind.TOUCH
    archiver = vocab_archiver.MARKER in head or vocab_archiver.MARKER_SHORT in head
    if archiver and (vocab_archiver.MARKER in head or vocab_archiver.AUTHOR_CLASS_ATTR in raw):
        return PageKind.ARCHIVER
    if looks_printable(raw):
        return PageKind.PRINTABLE
    return PageKind.DESKTOP


@typed_errors
def parse_page(
    content: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
) -> ThreadPage:
    """Parse one page of a thread.

    ``content`` is the response body: bytes (decoded from ``encoding``, else the page's own
    charset declaration, else detected) or already-decoded text. ``fetched_at`` (the HTTP
    ``Date``) resolves relative times on pages that print no footer time (touch). Raises a
    ``DiscuzError`` subclass for anything that is not a readable thread page. A page cut off
    before its closing markup comes back with ``truncated`` set (and its last post marked).
    """
    text, charset = _text_of(content, encoding, url)
    if looks_json(text):
        return parse_api(text, url=url)
    kind = detect_kind(text)
    page = _parse_kind(kind, text, url=url, charset=charset, fetched_at=fetched_at)
    if is_truncated(text, vocab_chrome.DOCUMENT_END):
        mark_truncated(page)
    return page


def _text_of(content: bytes | str, encoding: str | None, url: str | None) -> tuple[str, str | None]:
    """The page's text and charset, after the checks that need no decoding (sniff first)."""
    refuse_what_is_no_page(content, url, "parse_page")
    if not could_be_discuz(content, url=url):  # before any decoding: ordinary pages stop here
        raise NotDiscuzPage("no Discuz markers on this page", url=url)
    return page_text(content, encoding)


def _parse_kind(
    kind: PageKind, text: str, *, url: str | None, charset: str | None, fetched_at: datetime | None
) -> ThreadPage:
    if kind is PageKind.DESKTOP:
        region = desktop_regions(text)
        whole = region is text
        tree = html_tree(region, url=url)
        return parse_desktop(tree, text, url=url, charset=charset, fetched_at=fetched_at, whole=whole)
    tree = html_tree(text, url=url)
    if kind is PageKind.TOUCH:
        return parse_touch(tree, text, url=url, reference=fetched_at)
    if kind is PageKind.ARCHIVER:
        return parse_archiver(tree, text, url=url, charset=charset)
    if kind is PageKind.PRINTABLE:
        return parse_printable(tree, text, url=url, charset=charset)
    raise AssertionError(f"no parser for {kind}")  # pragma: no cover - detect_kind gives the kinds above


__all__ = [
    "Sniff",
    "SniffKind",
    "Thread",
    "ThreadPage",
    "clean_text",
    "detect_kind",
    "merge_pages",
    "parse_page",
    "parse_text",
    "sniff",
]
