"""The forum index (``forum.php``, ``forum.php?gid=G``): desktop, touch and archiver (pure).

Desktop (``template/default/forum/discuz.htm``): the ``#chart`` line of site figures (index
only), then per category ``div#category_G`` with a ``table.fl_tb`` of forums, in the list or
the grid layout (``forumcolumns``). Counts include the sub-forums'. Touch X3.4
(``touch/forum/discuz.htm``) lists each category's forum names and today's posts; X3.5 adds
the descriptions. The archiver (``source/archiver/forum/discuz.php``) lists the names.
"""

from __future__ import annotations

from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, parse_int, to_int
from .._time import make_timezone
from ..models import ForumCategory, ForumIndex, ForumSummary, PageKind
from . import chrome
from . import vocab_forum as V
from .forum_archiver import archiver_site
from .forum_common import (
    Context,
    body_class,
    context,
    forum_rows,
    href,
    labelled_numbers,
    not_a_forum_page,
    own_text,
    shows_message,
    site_base,
    text_of,
)

WANTED = "a forum index"


def parse_index_desktop(
    tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None, fetched_at: datetime | None
) -> ForumIndex:
    if shows_message(tree) or V.INDEX_BODY_CLASS not in body_class(tree):
        not_a_forum_page(tree, raw, url=url, wanted=WANTED)
    base = chrome.base_url(tree, url)
    site = chrome.site_info(tree, charset=charset, base=base)
    ctx = context(base, make_timezone(site.utc_offset), site.generated_at, fetched_at)
    index = ForumIndex(kind=PageKind.DESKTOP, url=url, breadcrumb=chrome.breadcrumb(tree, base), site=site)
    chart = tree.css_first(V.INDEX_CHART)
    if chart is not None:
        for field, value in labelled_numbers(text_of(chart)).items():
            setattr(index, field, value)
        newest = chart.css(V.INDEX_NEW_MEMBER)
        index.newest_member = text_of(newest[-1]) or None if newest else None
    index.categories = [cat for box in tree.css(V.CATEGORY_BOXES) if (cat := _category(box, ctx)) is not None]
    return index


def _category(box: LexborNode, ctx: Context) -> ForumCategory | None:
    m = V.CATEGORY_ID.match(box.attributes.get("id") or "")
    if m is None or box.tag != V.CATEGORY_TAG or not to_int(m.group(1)):
        return None  # category_0 is a member's favourite forums, category_-1/-2 collections
    head = box.parent.css_first(V.CATEGORY_HEAD) if box.parent is not None else None
    link = chrome.absolute(href(head), ctx.base)
    return ForumCategory(gid=to_int(m.group(1)), name=text_of(head) or None, url=link, forums=forum_rows(box, ctx))


def parse_index_touch(tree: LexborHTMLParser, raw: str, *, url: str | None) -> ForumIndex:
    heads = tree.css(V.TOUCH_CATEGORY_HEADS)
    if shows_message(tree) or not heads:
        not_a_forum_page(tree, raw, url=url, wanted=WANTED)
    base = site_base(tree, raw, url)
    ctx = context(base, make_timezone(None))
    categories = []
    for head in heads:
        m = V.SUB_FORUM_TARGET.search(head.attributes.get(V.TOUCH_CATEGORY_TARGET) or "")
        box = tree.css_first(m.group(0)) if m else None
        forums = [f for li in box.css(V.TOUCH_FORUM_LINKS) if (f := _touch_forum(li, ctx))] if box is not None else []
        name = text_of(head.css_first(V.TOUCH_CATEGORY_NAME))
        categories.append(ForumCategory(gid=to_int(m.group(1)) if m else None, name=name or None, forums=forums))
    return ForumIndex(
        kind=PageKind.TOUCH, url=url, categories=categories, site=chrome.site_info(tree, charset="utf-8", base=base)
    )


def _touch_forum(li: LexborNode, ctx: Context) -> ForumSummary | None:
    link = li.css_first(V.TOUCH_FORUM_LINK)
    if link is None:
        return None
    url = chrome.absolute(href(link), ctx.base)
    name = li.css_first(V.TOUCH_FORUM_NAME35)
    if name is not None:  # X3.5: a name and a description, no counts
        description = text_of(li.css_first(V.TOUCH_FORUM_DESCRIPTION35))
        shown = None if description in V.NO_DESCRIPTION_WORDS else description or None
        return ForumSummary(fid=fid_from_url(url), name=text_of(name) or None, url=url, description=shown)
    today = link.css_first(V.TOUCH_TODAY)  # X3.4: today's posts before the name, when any
    return ForumSummary(
        fid=fid_from_url(url), name=own_text(link) or None, url=url, today_posts=parse_int(text_of(today)) or 0
    )


def parse_index_archiver(tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None) -> ForumIndex:
    content = tree.css_first(V.ARCHIVER_CONTENT)
    heads = content.css(V.ARCHIVER_CATEGORY) if content is not None else []
    if not heads or tree.css_first(V.THREAD_MARKERS) is not None or tree.css_first(V.ARCHIVER_INDEX) is None:
        not_a_forum_page(tree, raw, url=url, wanted=WANTED)
    base = chrome.base_url(tree, url)
    categories = []
    for head in heads:
        category = ForumCategory(name=text_of(head) or None)
        sibling = head.next
        while sibling is not None and sibling.tag != head.tag:
            for a in sibling.css(V.ARCHIVER_LINK) if sibling.tag == V.ARCHIVER_LIST else ():
                m = V.ARCHIVER_FORUM_LINK.search(href(a) or "")
                link = chrome.absolute(href(a), base)
                category.forums.append(
                    ForumSummary(fid=to_int(m.group(1)) if m else None, name=text_of(a) or None, url=link)
                )
            sibling = sibling.next
        categories.append(category)
    return ForumIndex(kind=PageKind.ARCHIVER, url=url, categories=categories, site=archiver_site(tree, charset, base))
