"""What the forum listing and forum index parsers share: times, counts, forum rows, gates (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import NoReturn

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, parse_shown_count, tid_from_url, to_int
from .._time import looks_relative, parse_absolute, parse_relative
from ..errors import NotAForumPage, NotAThreadPage
from ..models import ForumLastPost, ForumSummary
from . import chrome
from . import vocab_forum as V
from .gates import classify_message, raise_for_gate


@dataclass(frozen=True)
class Context:
    """What every row needs: the base for links, the site's timezone, a time for relative dates."""

    base: str | None
    tz: timezone
    reference: datetime | None


def context(base: str | None, tz: timezone, *times: datetime | None) -> Context:
    """The first known time (the footer's, then the response ``Date``) is the reference."""
    reference = next((t for t in times if t is not None), None)
    return Context(base, tz, reference.astimezone(tz) if reference is not None else None)


def text_of(node: LexborNode | None) -> str:
    return normalize_line(node.text()) if node is not None else ""


def own_text(node: LexborNode) -> str:
    """Only the text nodes directly inside ``node``."""
    parts = []
    child = node.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text_content or "")
        child = child.next
    return normalize_line("".join(parts))


def href(node: LexborNode | None) -> str | None:
    return node.attributes.get("href") if node is not None else None


def classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def site_base(tree: LexborHTMLParser, raw: str, url: str | None) -> str | None:
    """``<base href>``, else the ``SITEURL`` script variable (touch pages), else the URL."""
    base = chrome.base_url(tree, None)
    if base is None and (m := V.SITE_URL.search(raw[:20000])):
        base = m.group(1)
    return chrome.absolute(base, url) if base else url


def shown_count(node: LexborNode | None) -> int | None:
    """A count as Discuz prints it; ``dnumber()`` keeps the exact value of a rounded one in a title."""
    if node is None:
        return None
    exact = node.css_first(V.TITLED_SPAN)
    return parse_shown_count(node.text(), exact.attributes.get("title") if exact is not None else None)


def shown_time(text: str, title: str | None, ctx: Context) -> tuple[datetime | None, date | None]:
    """(the time, where a time of day is shown; the day) of a Discuz date.

    ``title`` holds the absolute value of a relative text on desktop pages; listings print
    ``Y-n-j`` without a time for thread starts, so only the day is known there. Relative texts
    without a title (touch) resolve against the reference: their day is exact, and so is the
    time of "yesterday HH:MM".
    """
    text = normalize_line(text.replace(V.NBSP_ENTITY, " "))
    for shown in (title, text):
        if shown and (absolute := parse_absolute(shown, ctx.tz)) is not None:
            if V.CLOCK.search(shown):
                return absolute, absolute.date()
            clock = V.CLOCK.search(text)
            exact = _at_clock(absolute, clock.group()) if clock and looks_relative(text) else None
            if exact is not None:  # "yesterday 21:59" under a date-only title
                return exact, exact.date()
            return None, absolute.date()
    if ctx.reference is not None and text and looks_relative(text):
        resolved = parse_relative(text, ctx.reference)
        if resolved is not None:
            return (resolved if V.CLOCK.search(text) else None), resolved.date()
    return None, None


def time_of(node: LexborNode | None, ctx: Context) -> tuple[datetime | None, date | None]:
    """``shown_time`` of a node's text and the title of a span inside it."""
    if node is None:
        return None, None
    span = node.css_first(V.TITLED_SPAN)
    return shown_time(node.text(), span.attributes.get("title") if span is not None else None, ctx)


def names(node: LexborNode | None) -> list[str]:
    """The names of the user links in a node (moderators are listed as links)."""
    if node is None:
        return []
    return [name for a in node.css(V.MODERATOR_LINKS) if (name := text_of(a))]


def _at_clock(day: datetime, clock: str) -> datetime | None:
    """``day`` at ``HH:MM``; None for a clock no day has (``99:99``)."""
    hour, minute = (int(x) for x in clock.split(":"))
    try:
        return day.replace(hour=hour, minute=minute)
    except ValueError:
        return None


def labelled_numbers(text: str) -> dict[str, int]:
    """Labelled counts ("today: 0 | threads: 55") by field name: each label's first number."""
    found: dict[str, int] = {}
    for label, number in V.LABELLED_NUMBER.findall(text):
        if (value := to_int(number)) is not None:
            found.setdefault(V.STAT_FIELDS[label], value)
    return found


# --- forum rows: the index, and the sub-forums above a listing ------------------------------------


def forum_rows(scope: LexborNode | LexborHTMLParser, ctx: Context) -> list[ForumSummary]:
    """Every forum of the ``table.fl_tb`` tables in ``scope``, list and grid layouts alike."""
    forums: list[ForumSummary] = []
    for table in scope.css(V.FORUM_TABLE):
        for cell in table.css(V.FORUM_GRID_CELLS):
            if (forum := _grid_forum(cell, ctx)) is not None:
                forums.append(forum)
        for cell in table.css(V.FORUM_LIST_CELLS):
            if (forum := _list_forum(cell, ctx)) is not None:
                forums.append(forum)
    return forums


def _named_forum(cell: LexborNode, ctx: Context) -> ForumSummary | None:
    link = cell.css_first(V.FORUM_NAME_LINK)
    if link is None:
        return None
    url = chrome.absolute(href(link), ctx.base)
    today = cell.css_first(V.FORUM_TODAY)
    # the template prints "(N)" after the name only when N > 0
    return ForumSummary(
        fid=fid_from_url(url), name=text_of(link) or None, url=url, today_posts=parse_int(text_of(today)) or 0
    )


def _list_forum(cell: LexborNode, ctx: Context) -> ForumSummary | None:
    forum = _named_forum(cell, ctx)
    if forum is None:
        return None
    forum.description = text_of(cell.css_first(V.FORUM_DESCRIPTION)) or None
    forum.moderators = []  # the template prints the line only when there are moderators
    for paragraph in cell.css(V.FORUM_PARAGRAPHS):
        label = own_text(paragraph)
        if any(label.startswith(w) for w in V.MODERATOR_WORDS):
            forum.moderators = names(paragraph)
        elif any(label.startswith(w) for w in V.SUB_FORUM_WORDS):
            forum.sub_forums = [_sub_forum(a, ctx) for a in paragraph.css(V.MODERATOR_LINKS)]
    counts = next_cell(cell)
    if counts is not None and V.FORUM_COUNTS_CLASS in classes(counts):
        forum.threads = shown_count(counts.css_first(V.FORUM_THREADS))
        forum.posts = shown_count(counts.css_first(V.FORUM_POSTS))
        last = next_cell(counts)
        forum.last_post = _last_post(last.css_first(V.FORUM_LAST) if last is not None else None, ctx)
    return forum


def next_cell(node: LexborNode) -> LexborNode | None:
    """The next element sibling."""
    sibling = node.next
    while sibling is not None and sibling.tag in ("-text", "_comment"):
        sibling = sibling.next
    return sibling


def _grid_forum(cell: LexborNode, ctx: Context) -> ForumSummary | None:
    forum = _named_forum(cell, ctx)
    if forum is None:
        return None
    counts = cell.css(V.FORUM_GRID_COUNTS)
    if len(counts) >= 2:
        forum.threads = parse_shown_count(_after_colon(counts[0]), _title(counts[0]))
        forum.posts = parse_shown_count(_after_colon(counts[1]), _title(counts[1]))
    details = cell.css(V.FORUM_LAST)
    forum.last_post = _last_post(details[-1] if details else None, ctx)
    return forum


def _after_colon(node: LexborNode) -> str:
    m = V.AFTER_COLON.search(text_of(node))
    return m.group(1) if m else ""


def _title(node: LexborNode) -> str | None:
    span = node.css_first(V.TITLED_SPAN)
    return span.attributes.get("title") if span is not None else None


def _sub_forum(link: LexborNode, ctx: Context) -> ForumSummary:
    url = chrome.absolute(href(link), ctx.base)
    return ForumSummary(fid=fid_from_url(url), name=text_of(link) or None, url=url)


def _last_post(node: LexborNode | None, ctx: Context) -> ForumLastPost | None:
    """The subject link and a ``cite`` (time, author); wide grids print only a labelled time link."""
    link = node.css_first(V.FORUM_LAST_LINK) if node is not None else None
    if node is None or link is None:
        return None
    url = chrome.absolute(href(link), ctx.base)
    cite = node.css_first(V.CITE)
    if cite is None:  # wide grids: only the time, in the link
        posted_at, _ = time_of(link, ctx)
        return ForumLastPost(tid=tid_from_url(url), url=url, posted_at=posted_at)
    posted_at, _ = time_of(cite, ctx)
    author = cite.css_first(V.MODERATOR_LINKS)  # a guest's post shows the anonymous text, unlinked
    return ForumLastPost(
        tid=tid_from_url(url), title=text_of(link) or None, url=url, posted_at=posted_at, author=text_of(author) or None
    )


# --- pages that are not what the caller asked for ---------------------------------------------------


def not_a_forum_page(tree: LexborHTMLParser, raw: str, *, url: str | None, wanted: str) -> NoReturn:
    """Raise what the page is: a gate's error, or ``NotAForumPage`` naming the page's kind."""
    if tree.css_first(V.THREAD_MARKERS) is not None:
        raise NotAForumPage(f"a Discuz thread page, not {wanted}", url=url, page_kind=V.KIND_THREAD)
    kind = _page_kind(tree)
    if kind is not None and not shows_message(tree):
        raise NotAForumPage(f"a Discuz {kind} page, not {wanted}", url=url, page_kind=kind)
    try:
        raise_for_gate(tree, raw, url=url)
    except NotAThreadPage as exc:
        message = text_of(tree.css_first(V.MESSAGE_BOX))
        if message:  # X3.5 touch prints its message in div.jump_c > div
            raise classify_message(message, url=url) from None
        kind = exc.page_kind or kind
        raise NotAForumPage(f"a Discuz {kind or 'page'}, not {wanted}", url=url, page_kind=kind) from None
    raise NotAForumPage(f"not {wanted}", url=url)  # pragma: no cover - raise_for_gate always raises


def _page_kind(tree: LexborHTMLParser) -> str | None:
    classes = body_class(tree)
    if V.THREAD_BODY_CLASS in classes:
        return V.KIND_THREAD
    if V.LISTING_BODY_CLASS in classes or tree.css_first(V.LISTING_MARKERS) is not None:
        return V.KIND_LISTING
    if V.INDEX_BODY_CLASS in classes or tree.css_first(V.INDEX_MARKERS) is not None:
        return V.KIND_INDEX
    return None


def shows_message(tree: LexborHTMLParser) -> bool:
    """A message page (``showmessage()``) keeps the body class of the page that raised it."""
    return tree.css_first(V.MESSAGE_BOX) is not None


def body_class(tree: LexborHTMLParser) -> str:
    body = tree.body
    return (body.attributes.get("class") or "") if body is not None else ""
