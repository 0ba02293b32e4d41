"""Forum listings and the forum index: bytes or text in, models out (pure).

``parse_forum_page`` reads one page of a forum's thread list in any rendering (desktop,
rewrite, touch, archiver, mobile API JSON); ``parse_forum_index`` reads the forum index or
a category page. Each recognises the rendering and dispatches to the module for it. A gate
page raises the same errors as for threads; any other page raises ``NotAForumPage``.
"""

from __future__ import annotations

from datetime import datetime

from .._decoding import looks_json
from ..models import ForumIndex, ForumPage, PageKind
from . import vocab_forum as V
from .boundary import typed_errors
from .forum_api import parse_forum_api, parse_index_api
from .forum_archiver import parse_forum_archiver
from .forum_desktop import parse_forum_desktop
from .forum_index import parse_index_archiver, parse_index_desktop, parse_index_touch
from .forum_touch import parse_forum_touch
from .reading import html_tree, page_text, refuse_what_is_no_page


def _decode(content: bytes | str, encoding: str | None, url: str | None, caller: str) -> tuple[str, str | None]:
    refuse_what_is_no_page(content, url, caller)
    return page_text(content, encoding)


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
    text, charset = _decode(content, encoding, url, "parse_forum_page")
    if looks_json(text):
        return parse_forum_api(text, url=url)
    tree = html_tree(text, url=url)
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
    text, charset = _decode(content, encoding, url, "parse_forum_index")
    if looks_json(text):
        return parse_index_api(text, url=url)
    tree = html_tree(text, url=url)
    kind = detect_kind(text)
    if kind is PageKind.ARCHIVER:
        return parse_index_archiver(tree, text, url=url, charset=charset)
    if kind is PageKind.TOUCH:
        return parse_index_touch(tree, text, url=url)
    return parse_index_desktop(tree, text, url=url, charset=charset, fetched_at=fetched_at)


__all__ = ["ForumIndex", "ForumPage", "detect_kind", "parse_forum_index", "parse_forum_page"]
