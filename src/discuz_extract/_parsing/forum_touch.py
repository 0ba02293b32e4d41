"""The touch forum listing (``...&mobile=2``), always UTF-8 (pure).

X3.4 (``template/default/touch/forum/forumdisplay.htm``): ``div.threadlist li`` rows with the
subject, the author's name (no uid), the reply count and one icon: sticky (no level), else
digest (no level), else an image attachment. Stickies are listed only when the site turns
``mobiledisplayorder3`` on. A moved row links its target thread and shows ``-`` replies.
X3.5 (``div.threadlist_box``): rows with the author's link, the start day, the type, views
and replies; sticky rows (``li.list_top``) show only the subject.
"""

from __future__ import annotations

from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, tid_from_url, to_int, uid_from_url
from .._time import make_timezone
from ..models import ForumPage, ForumSummary, PageKind, ThreadSummary
from . import chrome
from . import vocab_forum as V
from .forum_common import (
    Context,
    classes,
    context,
    href,
    labelled_numbers,
    not_a_forum_page,
    own_text,
    shown_count,
    shows_message,
    site_base,
    text_of,
    time_of,
)


def parse_forum_touch(tree: LexborHTMLParser, raw: str, *, url: str | None, fetched_at: datetime | None) -> ForumPage:
    if shows_message(tree) or tree.css_first(V.TOUCH_LISTING) is None:
        not_a_forum_page(tree, raw, url=url, wanted="a forum listing")
    base = site_base(tree, raw, url)
    site = chrome.site_info(tree, charset="utf-8", base=base)
    ctx = context(base, make_timezone(site.utc_offset), site.generated_at, fetched_at)
    page, page_count = chrome.pagination(tree)
    name = tree.css_first(V.TOUCH_FORUM_NAME)
    report = chrome.report_url(raw)
    new_thread = href(tree.css_first(V.TOUCH_NEW_THREAD))
    stats = labelled_numbers(text_of(tree.css_first(V.TOUCH35_STATS)))
    threads = [row for li in tree.css(V.TOUCH_ROWS) if (row := _row(li, ctx)) is not None]
    return ForumPage(
        kind=PageKind.TOUCH,
        url=url,
        fid=fid_from_url(new_thread) or fid_from_url(report) or fid_from_url(url),
        name=(own_text(name) or text_of(name)) or None if name is not None else None,
        page=page,
        page_count=page_count,
        thread_count=stats.get("threads"),
        today_posts=stats.get("today_posts"),
        thread_types=_types(tree) if tree.css_first(V.TOUCH35_STATS) is not None else None,
        sub_forums=[_sub_forum(a, ctx) for a in tree.css(V.TOUCH_SUB_FORUMS)],
        threads=threads,
        site=site,
    )


def _sub_forum(link: LexborNode, ctx: Context) -> ForumSummary:
    url = chrome.absolute(href(link), ctx.base)
    return ForumSummary(fid=fid_from_url(url), name=text_of(link) or None, url=url)


def _types(tree: LexborHTMLParser) -> dict[int, str]:
    types: dict[int, str] = {}
    for link in tree.css(V.TOUCH35_TYPES):
        m = V.TYPE_ID.search(href(link) or "")
        if m and (name := text_of(link).lstrip(V.TYPE_HASH)) and (type_id := to_int(m.group(1))) is not None:
            types[type_id] = name
    return types


def _row(li: LexborNode, ctx: Context) -> ThreadSummary | None:
    link = li.css_first(V.TOUCH_ROW_LINK)
    if link is None:
        return None
    url = chrome.absolute(href(link), ctx.base)
    if li.css_first(V.TOUCH_BY) is not None or li.css_first(V.TOUCH_REPLIES) is not None:
        return _row34(li, link, url)
    return _row35(li, link, url, ctx)


def _row34(li: LexborNode, link: LexborNode, url: str | None) -> ThreadSummary:
    by = li.css_first(V.TOUCH_BY)
    replies = li.css_first(V.TOUCH_REPLIES)
    moved = text_of(replies) == V.NOT_A_COUNT
    top = li.css_first(V.TOUCH_TOP_ICON) is not None
    digest = li.css_first(V.TOUCH_DIGEST_ICON) is not None
    image = li.css_first(V.TOUCH_IMAGE_ICON) is not None
    return ThreadSummary(
        tid=None if moved else tid_from_url(url),
        url=url,
        title=own_text(link) or None,
        author=(text_of(by) or None) if by is not None else None,
        replies=None if moved else shown_count(replies),
        moved=moved,
        moved_to=tid_from_url(url) if moved else None,
        # one icon per row, in this order: sticky (any level), digest (any level), image
        sticky=None if top else 0,
        digest=None if (top or digest) else 0,
        has_image=True if image else None,
        has_attachment=True if image else None,
    )


def _row35(li: LexborNode, link: LexborNode, url: str | None, ctx: Context) -> ThreadSummary:
    title = link.css_first(V.TOUCH35_TITLE)
    row = ThreadSummary(tid=tid_from_url(url), url=url, title=text_of(title) or own_text(link) or None)
    if V.TOUCH35_STICKY_ROW in classes(li):
        return row  # a sticky row shows the subject only
    author = li.css_first(V.TOUCH35_AUTHOR)
    if author is not None:
        row.author, row.author_uid = text_of(author) or None, uid_from_url(href(author))
    row.created_at, row.created_on = time_of(li.css_first(V.TOUCH35_CREATED), ctx)
    type_link = li.css_first(V.TOUCH35_TYPE)
    if type_link is not None and (m := V.TYPE_ID.search(href(type_link) or "")):
        row.type_id, row.type_name = to_int(m.group(1)), text_of(type_link).lstrip(V.TYPE_HASH) or None
    for item in li.css(V.TOUCH35_FOOT_ITEMS):
        if item.css_first(V.TOUCH35_VIEWS_ICON) is not None:
            row.views = shown_count(item)
        elif item.css_first(V.TOUCH35_REPLIES_ICON) is not None:
            row.replies = shown_count(item)
    return row
