"""Forum listings and the forum index: bytes or text in, models out (pure).

``parse_forum_page`` reads one page of a forum's thread list in any rendering (desktop,
rewrite, touch, archiver, mobile API JSON); ``parse_forum_index`` reads the forum index or
a category page. Each recognises the rendering and dispatches to the module for it. A gate
page raises the same errors as for threads; any other page raises ``NotAForumPage``.
"""

from __future__ import annotations

from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from .._decoding import decode_html, looks_json, normalize_charset
from ..errors import NotDiscuzPage, ParseError
from ..models import ForumIndex, ForumPage, PageKind
from . import vocab_forum as V
from .boundary import typed_errors
from .forum_api import parse_forum_api, parse_index_api
from .forum_archiver import parse_forum_archiver
from .forum_desktop import parse_forum_desktop
from .forum_index import parse_index_archiver, parse_index_desktop, parse_index_touch
from .forum_touch import parse_forum_touch


def _decode(content: bytes | str, encoding: str | None, url: str | None) -> tuple[str, str | None]:
    charset: str | None
    if isinstance(content, bytes):
        decoded = decode_html(content, encoding)
        text, charset = decoded.text, decoded.charset
    elif isinstance(content, str):
        text, charset = content, normalize_charset(encoding)
    else:
        raise TypeError(f"expected bytes or str, not {type(content).__name__}")
    if not text.strip():
        raise NotDiscuzPage("empty page", url=url)
    return text, charset


def _tree(text: str, url: str | None) -> LexborHTMLParser:
    try:
        return LexborHTMLParser(text)
    except Exception as exc:  # selectolax raises plain exceptions on pathological input
        raise ParseError(f"HTML parser failed: {exc}", url=url) from exc


def detect_kind(text: str) -> PageKind:
    """Which rendering a listing or index page is, from markers in its head."""
    head = text[:4096]
    if V.ARCHIVER_MARK in head:
        return PageKind.ARCHIVER
    if head.lstrip().startswith(V.XML_PROLOG) or V.VIEWPORT in head:
        return PageKind.TOUCH
    return PageKind.DESKTOP


@typed_errors
def parse_forum_page(
    content: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
) -> ForumPage:
    """Parse one page of a forum's thread list.

    ``content`` is the response body: bytes (decoded from ``encoding``, else the page's own
    charset declaration, else detected) or text. ``fetched_at`` (the HTTP ``Date``) resolves
    relative dates on pages that print no footer time (touch). Raises the gate errors
    (``ThreadNotFound`` for a missing forum, ``PermissionDenied``, ``LoginRequired``, ...) and
    ``NotAForumPage`` for a thread page or any other page.
    """
    text, charset = _decode(content, encoding, url)
    if looks_json(text):
        return parse_forum_api(text, url=url)
    tree = _tree(text, url)
    kind = detect_kind(text)
    if kind is PageKind.ARCHIVER:
        return parse_forum_archiver(tree, text, url=url, charset=charset)
    if kind is PageKind.TOUCH:
        return parse_forum_touch(tree, text, url=url, fetched_at=fetched_at)
    return parse_forum_desktop(tree, text, url=url, charset=charset, fetched_at=fetched_at)


@typed_errors
def parse_forum_index(
    content: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
) -> ForumIndex:
    """Parse the forum index (``forum.php``) or a category page (``forum.php?gid=G``).

    The same renderings and errors as ``parse_forum_page``; a listing or thread page raises
    ``NotAForumPage``.
    """
    text, charset = _decode(content, encoding, url)
    if looks_json(text):
        return parse_index_api(text, url=url)
    tree = _tree(text, url)
    kind = detect_kind(text)
    if kind is PageKind.ARCHIVER:
        return parse_index_archiver(tree, text, url=url, charset=charset)
    if kind is PageKind.TOUCH:
        return parse_index_touch(tree, text, url=url)
    return parse_index_desktop(tree, text, url=url, charset=charset, fetched_at=fetched_at)


__all__ = ["ForumIndex", "ForumPage", "detect_kind", "parse_forum_index", "parse_forum_page"]
