"""The archiver forum listing (``archiver/?fid-F.html[&page=P]``), no meta charset (pure).

``source/archiver/forum/forumdisplay.php``: the sub-forums (links), then ``ul[type=1]`` with
one ``li`` per thread, ``<a href="?tid-T.html">SUBJECT</a> (N篇回复)``, and ``div.page`` from
``arch_multi()``, which links at most ten pages either side of the current one. Moved rows
keep their own tid and print ``-`` replies; nothing else of a thread is shown.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, to_int
from .._time import make_timezone
from ..models import ForumPage, ForumSummary, Link, PageKind, SiteInfo, ThreadSummary
from . import chrome
from . import vocab_forum as V
from .forum_common import Context, context, href, not_a_forum_page, own_text, text_of


def parse_forum_archiver(tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None) -> ForumPage:
    content = tree.css_first(V.ARCHIVER_CONTENT)
    thread_list = content.css_first(V.ARCHIVER_THREAD_LIST) if content is not None else None
    if content is None or thread_list is None:
        not_a_forum_page(tree, raw, url=url, wanted="a forum listing")
    base = chrome.base_url(tree, url)
    ctx = context(base, make_timezone(None))
    page, page_count = _pagination(tree)
    end = tree.css_first(V.ARCHIVER_END)
    nav = tree.css_first(V.ARCHIVER_NAV)
    return ForumPage(
        kind=PageKind.ARCHIVER,
        url=url,
        fid=fid_from_url(href(end)) or fid_from_url(url),
        name=text_of(end) or (own_text(nav).strip(V.ARCHIVER_NAV_SEPARATORS) if nav is not None else None) or None,
        breadcrumb=chrome.breadcrumb(tree, base) or _nav_links(nav, ctx),
        page=page,
        page_count=page_count,
        sub_forums=_sub_forums(content, thread_list, ctx),
        threads=[_row(li, ctx) for li in thread_list.css(V.ARCHIVER_ITEM)],
        site=archiver_site(tree, charset, base),
    )


def _nav_links(nav: LexborNode | None, ctx: Context) -> list[Link]:
    if nav is None:
        return []
    return [Link(title=text_of(a) or None, url=chrome.absolute(href(a), ctx.base)) for a in nav.css(V.ARCHIVER_LINK)]


def _sub_forums(content: LexborNode, thread_list: LexborNode, ctx: Context) -> list[ForumSummary]:
    forums: list[ForumSummary] = []
    for ul in content.css(V.ARCHIVER_LIST):
        if ul == thread_list:
            break
        for a in ul.css(V.ARCHIVER_LINK):
            link = chrome.absolute(href(a), ctx.base)
            m = V.ARCHIVER_FORUM_LINK.search(href(a) or "")
            forums.append(
                ForumSummary(fid=to_int(m.group(1)) if m else fid_from_url(link), name=text_of(a) or None, url=link)
            )
    return forums


def _row(li: LexborNode, ctx: Context) -> ThreadSummary:
    link = li.css_first(V.ARCHIVER_LINK)
    m = V.ARCHIVER_THREAD_LINK.search(href(link) or "")
    replies = V.ARCHIVER_REPLIES.search(text_of(li))
    moved = replies is not None and replies.group(1) == V.NOT_A_COUNT
    return ThreadSummary(
        tid=to_int(m.group(1)) if m else None,
        url=chrome.absolute(href(link), ctx.base),
        title=text_of(link) or None,
        replies=None if moved or replies is None else to_int(replies.group(1)),
        moved=moved if replies is not None else None,
    )


def _pagination(tree: LexborHTMLParser) -> tuple[int, int | None]:
    """(current page, page count); ten pages past the current one the count is not shown."""
    pager = tree.css_first(V.ARCHIVER_PAGER)
    if pager is None:
        return 1, 1
    strong = pager.css_first(V.ARCHIVER_CURRENT)
    current = parse_int(text_of(strong)) or 1
    numbers = [n for a in pager.css(V.ARCHIVER_LINK) if (n := parse_int(text_of(a))) is not None]
    last = max([*numbers, current])
    return current, None if last >= current + V.ARCHIVER_PAGE_WINDOW - 1 else last


def archiver_site(tree: LexborHTMLParser, charset: str | None, base: str | None) -> SiteInfo:
    header, footer = tree.css_first(V.ARCHIVER_HEADER), tree.css_first(V.ARCHIVER_FOOTER)
    footer_text = text_of(footer)
    version = V.VERSION.search(footer_text)
    site_url = base[: -len(V.ARCHIVER_DIR)] if base and base.endswith(V.ARCHIVER_DIR) else base
    name = normalize_line(V.ARCHIVER_SITE_SUFFIX.sub("", text_of(header))) if header is not None else ""
    return SiteInfo(
        name=name or None,
        url=site_url,
        software=V.SOFTWARE if V.SOFTWARE in footer_text else None,
        version=version.group(1) if version else None,
        charset=charset,
    )
