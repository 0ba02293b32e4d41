"""web-poet page objects that return the library's models: parsing stays in the pure parsers.

    page = DiscuzThreadPage(response=HttpResponse(url, body, headers=headers, status=200))
    thread_page = await page.to_item()           # a ThreadPage, or a DiscuzError raised

With scrapy-poet they are injected into callbacks (``async def parse(self, response, page:
DiscuzThreadPage)``). The body is decoded as the library decodes it (the HTTP charset, then the
page's own, then detection) and the HTTP ``Date`` resolves relative times. A Discuz gate page
raises its ``GatePage`` error; any other page that is not what was asked for raises its
``DiscuzError``, or ``FetchError`` when the HTTP status was an error (as ``extract_thread`` does).
"""

from __future__ import annotations

import re

from web_poet import HttpResponse, WebPage

from ..._fetching.responses import Model, Parser, parse_response
from ..._parsing import parse_page
from ..._parsing.forum import parse_forum_index, parse_forum_page
from ...models import ForumIndex, ForumPage, ThreadPage

__all__ = ["DiscuzForumPage", "DiscuzIndexPage", "DiscuzThreadPage", "read_response"]

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.I)


def _header_charset(response: HttpResponse) -> str | None:
    value = response.headers.get("Content-Type")
    m = _CHARSET.search(value) if value else None
    return m.group(1) if m else None


def read_response(response: HttpResponse, parser: Parser[Model]) -> Model:
    """``parser`` (``parse_page``, ``parse_forum_page``, ``parse_forum_index``) on a response:
    its bytes, URL, header charset and ``Date``. A non-gate error on an HTTP error status is a
    ``FetchError`` naming the status."""
    return parse_response(
        parser,
        bytes(response.body),
        url=str(response.url),
        charset=_header_charset(response),
        date=response.headers.get("Date"),
        status=response.status or 200,
    )


class DiscuzThreadPage(WebPage[ThreadPage]):
    """One page of a thread (any rendering ``parse_page`` reads) as a ``ThreadPage``."""

    async def to_item(self) -> ThreadPage:
        return read_response(self.response, parse_page)


class DiscuzForumPage(WebPage[ForumPage]):
    """One page of a forum's thread list as a ``ForumPage``."""

    async def to_item(self) -> ForumPage:
        return read_response(self.response, parse_forum_page)


class DiscuzIndexPage(WebPage[ForumIndex]):
    """The forum index (``forum.php``) or a category page as a ``ForumIndex``."""

    async def to_item(self) -> ForumIndex:
        return read_response(self.response, parse_forum_index)
