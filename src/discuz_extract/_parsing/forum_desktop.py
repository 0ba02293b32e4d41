"""The desktop forum listing (``forum.php?mod=forumdisplay``, ``forum-F-P.html``), X3.4 and X3.5 (pure).

Each thread is a ``tbody#stickthread_T`` / ``tbody#normalthread_T`` of ``table#threadlisttableid``
(``forumdisplay_list.htm``): the icon cell (its link's title names the sticky level, a closed
thread and the special kind), the subject cell (type, subject, moved mark, price or reward,
icons, the thread's page links), the author cell (name, start day), the counts and the last
post. The icon and ``th`` class say "lock" for closed threads unless Discuz shows the row as
new to the viewer (a guest's first visit shows every row new): then ``closed`` is ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, tid_from_url, to_int, uid_from_url
from .._time import make_timezone
from ..models import ForumPage, PageKind, ThreadSpecial, ThreadSummary
from . import chrome
from . import vocab_forum as V
from .forum_common import (
    Context,
    classes,
    context,
    forum_rows,
    href,
    labelled_numbers,
    names,
    not_a_forum_page,
    own_text,
    shown_count,
    shows_message,
    text_of,
    time_of,
)


def is_desktop_listing(tree: LexborHTMLParser) -> bool:
    return not shows_message(tree) and tree.css_first(V.DESKTOP_LISTING) is not None


def parse_forum_desktop(
    tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None, fetched_at: datetime | None
) -> ForumPage:
    if not is_desktop_listing(tree):
        not_a_forum_page(tree, raw, url=url, wanted="a forum listing")
    base = chrome.base_url(tree, url)
    site = chrome.site_info(tree, charset=charset, base=base)
    ctx = context(base, make_timezone(site.utc_offset), site.generated_at, fetched_at)
    page, page_count = chrome.pagination(tree)
    title = tree.css_first(V.FORUM_TITLE)
    link = title.css_first(V.FORUM_TITLE_LINK) if title is not None else None
    stats = labelled_numbers(text_of(title.css_first(V.FORUM_TITLE_STATS)) if title is not None else "")
    digest_filter = any(V.DIGEST_FILTER in (href(a) or "") for a in tree.css(V.ACTIVE_FILTER))
    sub_box = tree.css_first(V.SUB_FORUM_BOX)
    return ForumPage(
        kind=PageKind.DESKTOP,
        url=url,
        fid=fid_from_url(href(link)) or _summary_fid(tree) or fid_from_url(url),
        name=text_of(link) or None,
        breadcrumb=chrome.breadcrumb(tree, base),
        page=page,
        page_count=page_count,
        thread_count=stats.get("threads"),
        today_posts=stats.get("today_posts"),
        thread_types=_thread_types(tree, url),
        moderators=_moderators(tree),
        sub_forums=forum_rows(sub_box, ctx) if sub_box is not None else [],
        threads=[row for tbody in _row_nodes(tree) if (row := _row(tbody, ctx, digest_filter)) is not None],
        site=site,
    )


def _summary_fid(tree: LexborHTMLParser) -> int | None:
    table = tree.css_first(V.THREAD_TABLE)
    summary = table.attributes.get("summary") if table is not None else None
    return parse_int(summary)


def _thread_types(tree: LexborHTMLParser, url: str | None) -> dict[int, str]:
    """``ul#thread_types``: every type but "all"; the selected one links without its id."""
    types: dict[int, str] = {}
    for item in tree.css(V.THREAD_TYPE_LINKS):
        link = item.css_first(V.FORUM_TITLE_LINK)
        if link is None or item.attributes.get("id") == V.THREAD_TYPE_ALL:
            continue
        m = V.TYPE_ID.search(href(link) or "") or V.TYPE_ID.search(url or "")
        name = own_text(link) or text_of(link)
        if m and name and (type_id := to_int(m.group(1))) is not None:
            types[type_id] = name
    return types


def _moderators(tree: LexborHTMLParser) -> list[str]:
    for box in tree.css(V.MODERATOR_BOX):
        if any(own_text(box).startswith(w) for w in V.MODERATOR_WORDS):
            return names(box)
    return []  # the line is printed only when the forum has moderators


def _row_nodes(tree: LexborHTMLParser) -> list[tuple[int | None, bool, LexborNode]]:
    rows = []
    for tbody in tree.css(V.ROWS):
        m = V.TBODY_ID.match(tbody.attributes.get("id") or "")
        if m:
            rows.append((to_int(m.group(2)), m.group(1) == V.STICKY_ROW, tbody))
    return rows


@dataclass
class _Icon:
    """What the icon cell's link title and image say."""

    sticky: int = 0
    closed: bool | None = None
    special: ThreadSpecial | None = None


def _row(node: tuple[int | None, bool, LexborNode], ctx: Context, digest_filter: bool) -> ThreadSummary | None:
    tid, stuck, tbody = node
    subject = tbody.css_first(V.SUBJECT_CELL)
    if subject is None:
        return None
    icon = _icon(tbody, subject, stuck)
    row = ThreadSummary(tid=tid, sticky=icon.sticky, closed=icon.closed, special=icon.special)
    _read_subject(row, subject, ctx, digest_filter)
    cells = tbody.css(V.AUTHOR_CELLS)
    if cells:
        _read_author(row, cells[0], ctx)
    if len(cells) > 1:
        _read_last_post(row, cells[-1], ctx)
    _read_counts(row, tbody.css_first(V.NUM_CELL))
    return row


def _icon(tbody: LexborNode, subject: LexborNode, stuck: bool) -> _Icon:
    link = tbody.css_first(V.ICON_LINK)
    title = (link.attributes.get("title") or "") if link is not None else ""
    tokens = [normalize_line(t) for t in title.split(V.TITLE_SEPARATOR)]
    icon = _Icon()
    for token in tokens:
        icon.sticky = V.STICKY_WORDS.get(token, icon.sticky)
        if token in V.SPECIAL_WORDS:
            icon.special = ThreadSpecial(V.SPECIAL_WORDS[token])
        if token in V.CLOSED_WORDS:
            icon.closed = True
    images = " ".join(
        (n.attributes.get("src") or "") + " " + (n.attributes.get("class") or "") for n in tbody.css(V.ICON_IMAGE)
    )
    if icon.special is None:
        icon.special = next((ThreadSpecial(v) for k, v in V.SPECIAL_IMAGES.items() if k in images), None)
    if icon.sticky == 0 and stuck and (m := V.PIN_IMAGE.search(images)):
        icon.sticky = int(m.group(1) or m.group(2))
    folder = classes(subject)
    if icon.closed is None and (V.LOCKED_FOLDER in folder or V.LOCK_IMAGE.search(images)):
        icon.closed = True
    elif icon.closed is None and V.COMMON_FOLDER in folder:
        icon.closed = False  # "new" hides the lock: then the state is not shown
    return icon


def _read_subject(row: ThreadSummary, subject: LexborNode, ctx: Context, digest_filter: bool) -> None:
    link = subject.css_first(V.SUBJECT_LINK)
    row.url = chrome.absolute(href(link), ctx.base)
    row.title = text_of(link) or None
    row.moved = bool(V.MOVED_MARK.search(own_text(subject)))
    if row.moved:
        row.moved_to = tid_from_url(row.url)
        row.moved_to = row.moved_to if row.moved_to != row.tid else None
    type_link = subject.css_first(V.TYPE_LINK)
    if type_link is not None:
        m = V.TYPE_ID.search(href(type_link) or "")
        row.type_id = to_int(m.group(1)) if m else None
        row.type_name = text_of(type_link) or type_link.attributes.get("title") or None
    text = text_of(subject)
    row.price, row.reward = _number(V.PRICE, text), _number(V.REWARD, text)
    row.reward_solved = bool(V.REWARD_SOLVED.search(text)) if row.special is ThreadSpecial.REWARD else None
    row.read_permission, row.reply_credit = _number(V.READ_PERMISSION, text), _number(V.REPLY_CREDIT, text)
    _read_row_images(row, subject, digest_filter)
    pages = [n for a in subject.css(V.ROW_PAGES) if (n := parse_int(a.text())) is not None]
    row.page_count = max(pages) if pages else (None if row.moved else 1)


def _number(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    return to_int(m.group(1)) if m else None


def _read_row_images(row: ThreadSummary, subject: LexborNode, digest_filter: bool) -> None:
    row.digest = None if digest_filter else 0
    row.has_attachment, row.has_image, row.rush_reply = False, False, False
    for image in subject.css(V.ROW_IMAGES):
        src, title = image.attributes.get("src") or "", image.attributes.get("title") or ""
        if m := V.DIGEST_IMAGE.search(src):
            row.digest = int(m.group(1))
        elif V.IMAGE_ATTACHMENT.search(src):
            row.has_attachment = row.has_image = True
        elif V.FILE_ATTACHMENT.search(src):
            row.has_attachment = True
        elif V.HEAT_IMAGE.search(src):
            row.heats = _number(V.HEAT, title)
        elif V.RECOMMEND_IMAGE.search(src):
            row.recommends = _number(V.RECOMMEND, title)
        elif V.STAMP_IMAGE in src:
            row.stamp = image.attributes.get("alt") or None
        elif V.RUSH_REPLY_IMAGE in src:
            row.rush_reply = True
    badge = subject.css_first(V.DIGEST_BADGE)  # X3.5: <span class="tbox tdigest">精华1</span>
    if badge is not None:
        row.digest = _number(V.DIGEST_LEVEL, text_of(badge)) or 1


def _read_author(row: ThreadSummary, cell: LexborNode, ctx: Context) -> None:
    link = cell.css_first(V.CITE_LINK)
    row.anonymous = link is None  # the template prints the anonymous text without a link
    if link is not None:
        row.author = text_of(link) or None
        row.author_uid = uid_from_url(href(link))
    row.created_at, row.created_on = time_of(cell.css_first(V.TIME_NODE), ctx)


def _read_last_post(row: ThreadSummary, cell: LexborNode, ctx: Context) -> None:
    poster = cell.css_first(V.CITE_LINK)
    row.last_poster = text_of(poster) or None
    row.last_post_at, _ = time_of(cell.css_first(V.LAST_POST_LINK) or cell.css_first(V.TIME_NODE), ctx)


def _read_counts(row: ThreadSummary, cell: LexborNode | None) -> None:
    if cell is None:
        return
    replies, views = cell.css_first(V.NUM_REPLIES), cell.css_first(V.NUM_VIEWS)
    row.replies = shown_count(replies) if text_of(replies) != V.NOT_A_COUNT else None
    row.views = shown_count(views) if text_of(views) != V.NOT_A_COUNT else None
