"""A response body through a parser, the same for the fetcher, the listing reader and Scrapy.

The HTTP ``Date`` resolves relative times ("3 days ago"); a Discuz gate page raises its
``GatePage`` error whatever the status, and any other page the parser refuses becomes a
``FetchError`` naming the status when the status was an HTTP error.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from ..errors import DiscuzError, FetchError, GatePage
from ..models import ForumIndex, ForumPage, ThreadPage

Model = TypeVar("Model", ThreadPage, ForumPage, ForumIndex)
Parser = Callable[..., Model]


def parse_response(
    parser: Parser[Model], content: bytes, *, url: str, charset: str | None, date: str | None, status: int
) -> Model:
    """``parser`` on a body with its URL, header charset and ``Date``; see the module's rule."""
    try:
        return parser(content, url=url, encoding=charset, fetched_at=http_date(date))
    except GatePage:
        raise
    except DiscuzError as exc:
        if status >= 400:
            raise FetchError(f"HTTP {status}", url=url, status=status) from exc
        raise


def http_date(value: str | None) -> datetime | None:
    """An HTTP ``Date`` header as a datetime; None when absent or unreadable."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
