"""The desktop thread page (``forum.php?mod=viewthread``), X2.5 to X3.5 and skins that keep
Discuz's ids (pure).

One pass over the post roots. Every selector is scoped to the post's own table: the left
column also holds a hidden popup that repeats the author's name and credits.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..cleaning import is_display_none, node_text, read_attachments
from ..models import Author, PageKind, Post, PostStatus, ThreadPage
from ..textutil import normalize_line, parse_int, parse_shown_count, tid_from_url, uid_from_url
from ..timeutil import make_timezone
from . import chrome
from .common import Strings, apply_message, floor_from_label, own_text, set_time, status_from_notice
from .gates import raise_for_gate


class Sel:
    """Selectors and UI strings of the desktop post, in one place."""

    POST_ROOTS = "div[id^='post_']"
    POST_TABLES = "table[id^='pid']"
    MESSAGE = "[id^='postmessage_']"
    LEFT = "td.pls"
    RIGHT = "td.plc"
    FLOOR = "a[id^='postnum']"
    POSTED = "em[id^='authorposton']"
    LEFT_NAME = "div.pi div.authi a, div.pi a[href*='uid'], div.pi a[href*='space-']"
    RIGHT_NAME = "div.authi a.xi2, div.authi a.xw1, div.authi a[href*='uid'], div.authi a[href*='space-']"
    ONLY_AUTHOR = "a[href*='authorid=']"
    AVATAR = "div.avatar img, a.avtm img, img[src*='avatar']"
    STATS_CELLS = "div.tns th, div.tns td"
    GROUP = "a[href*='usergroup']"
    STARS = "img[alt^='Rank']"
    PROFILE_PAIRS = "dl.pil"
    BODY = "div.pcb"
    SUBJECT = "div.pcb > h2"
    LOCKED = "div.locked"
    PENDING = "span.xg1"
    SIGNATURE = "div.sign"
    ATTACH_LIST = "div.pattl"
    ATTACH_TIPS = "div.attach_nopermission, div.attach_tips"
    NAME_LABEL = re.compile(r"^\s*(?:作者|楼主|樓主)\s*[:：]\s*")
    GUEST_NAMES = ("匿名", "游客", "遊客", "Anonymous")


_POST_ID = re.compile(r"^post_(\d+)$")
_TABLE_ID = re.compile(r"^pid(\d+)$")


def parse_desktop(
    tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None, fetched_at: datetime | None = None
) -> ThreadPage:
    roots = post_roots(tree)
    if not roots:
        raise_for_gate(tree, raw, url=url)
    base = chrome.base_url(tree, url)
    site = chrome.site_info(tree, charset=charset, base=base)
    tz = make_timezone(site.utc_offset)
    fid, tid = chrome.script_ids(raw)
    canonical = tree.css_first(chrome.Sel.CANONICAL)
    tid = tid or tid_from_url(canonical.attributes.get("href") if canonical is not None else None) or tid_from_url(url)
    crumbs = chrome.breadcrumb(tree, base)
    page, page_count = chrome.pagination(tree)
    views, replies = chrome.thread_counters(tree)
    prev_thread, next_thread = chrome.prev_next(tree, base)
    now = site.generated_at or fetched_at
    posts = [parse_post(pid, root, tz=tz, base=base, now=now) for pid, root in roots]
    fill_missing_floors(posts)
    return ThreadPage(
        kind=PageKind.DESKTOP,
        tid=tid,
        url=url,
        title=chrome.title(tree),
        forum=chrome.forum_from_breadcrumb(crumbs, fid),
        breadcrumb=crumbs,
        views=views,
        replies=replies,
        page=page,
        page_count=page_count,
        site=site,
        prev_thread=prev_thread,
        next_thread=next_thread,
        posts=posts,
    )


def post_roots(tree: LexborHTMLParser) -> list[tuple[int, LexborNode]]:
    """Each post once, in page order: ``div#post_PID``, else ``table#pidPID``, else the message."""
    roots: list[tuple[int, LexborNode]] = []
    seen: set[int] = set()
    for selector, pattern in ((Sel.POST_ROOTS, _POST_ID), (Sel.POST_TABLES, _TABLE_ID)):
        for node in tree.css(selector):
            m = pattern.match(node.attributes.get("id") or "")
            if m and int(m.group(1)) not in seen:
                seen.add(int(m.group(1)))
                roots.append((int(m.group(1)), node))
        if roots:
            break
    # messages outside any recognised root (heavily customised skins)
    for message in tree.css(Sel.MESSAGE):
        digits = (message.attributes.get("id") or "")[len("postmessage_") :]
        if digits.isdigit() and int(digits) not in seen:
            seen.add(int(digits))
            roots.append((int(digits), message.parent or message))
    return roots


def parse_post(pid: int, root: LexborNode, *, tz: timezone, base: str | None, now: datetime | None) -> Post:
    table = root.css_first(Sel.POST_TABLES) or root
    post = Post(pid=pid)
    if _is_deleted_placeholder(table):
        notice = table.css_first("div.pct") or table
        post.status, post.status_text = PostStatus.DELETED, normalize_line(notice.text())
        _read_floor(table, post)
        return post
    left = table.css_first(Sel.LEFT)
    post.author = read_author(left, table, base)
    _read_floor(table, post)
    _read_time(table, post, tz, now)
    _read_body(table, post, tz=tz, base=base)
    return post


def _is_deleted_placeholder(table: LexborNode) -> bool:
    """``无效楼层`` rows: a floor number and a notice, with no author time, body or message."""
    if any(w in table.text() for w in Strings.DELETED_FLOOR):
        return table.css_first(Sel.MESSAGE) is None
    return all(table.css_first(s) is None for s in (Sel.POSTED, Sel.MESSAGE, Sel.BODY, Sel.LEFT_NAME))


# --- author ----------------------------------------------------------------------------


def read_author(left: LexborNode | None, table: LexborNode, base: str | None) -> Author | None:
    link = _visible_first(left, Sel.LEFT_NAME) if left is not None else None
    if link is None:
        link = _visible_first(table.css_first(Sel.RIGHT), Sel.RIGHT_NAME)
    author = Author()
    if link is not None:
        author.name = Sel.NAME_LABEL.sub("", own_text(link) or normalize_line(link.text())) or None
        author.uid = uid_from_url(link.attributes.get("href"))
    else:
        _read_nameless_author(left, author)
    if author.uid is None and not (author.is_guest or author.is_anonymous):
        only = table.css_first(Sel.ONLY_AUTHOR)
        author.uid = _authorid(only.attributes.get("href")) if only is not None else None
    if left is not None:
        _read_profile(left, author, base)
    if author.name is None and author.uid is None and not (author.is_guest or author.is_anonymous):
        return None
    return author


def _read_nameless_author(left: LexborNode | None, author: Author) -> None:
    """Guests (``匿名 <em>1.2.3.x</em>``), anonymous members, deleted members."""
    box = left.css_first("div.pi") if left is not None else None
    text = normalize_line(box.text()) if box is not None else ""
    if not text:
        return
    ip = box.css_first("em") if box is not None else None
    name = normalize_line(text.replace(ip.text(), "")) if ip is not None else text
    author.name = name or None
    if any(name.startswith(g) for g in Sel.GUEST_NAMES):
        author.is_guest = ip is not None
        author.is_anonymous = ip is None
        if ip is not None:
            author.profile["ip"] = normalize_line(ip.text())


def _authorid(href: str | None) -> int | None:
    m = re.search(r"authorid=(\d+)", href or "")
    return int(m.group(1)) if m and m.group(1) != "0" else None


def _read_profile(left: LexborNode, author: Author, base: str | None) -> None:
    for cell in left.css(Sel.STATS_CELLS):
        _read_stat_cell(cell, author)
    group = _visible_first(left, Sel.GROUP)
    if group is not None:
        author.group = normalize_line(group.text()) or None
        gid = re.search(r"gid=(\d+)", group.attributes.get("href") or "")
        author.group_id = int(gid.group(1)) if gid else None
    star = left.css_first(Sel.STARS)
    if star is not None:
        author.rank = parse_int(star.attributes.get("alt"))
    avatar = left.css_first(Sel.AVATAR)
    if avatar is not None and (src := avatar.attributes.get("src")):
        author.avatar_url = chrome.absolute(src, base)
    for pair in left.css(Sel.PROFILE_PAIRS):
        _read_profile_pairs(pair, author)


def _read_stat_cell(cell: LexborNode, author: Author) -> None:
    value_node = cell.css_first("p") or cell.css_first("a")
    if value_node is None:
        return
    shown = normalize_line(value_node.text())
    label = normalize_line(cell.text()).replace(shown, "", 1).strip()
    exact = value_node.css_first("span[title]")
    author.profile[label] = shown
    field = Strings.STAT_FIELDS.get(label)
    if field is not None:
        setattr(author, field, parse_shown_count(shown, exact.attributes.get("title") if exact is not None else None))


def _read_profile_pairs(pair: LexborNode, author: Author) -> None:
    for dt in pair.css("dt"):
        dd = dt.next
        while dd is not None and dd.tag != "dd":
            dd = dd.next
        label = normalize_line(dt.text()).rstrip(":：")
        if not label or dd is None:
            continue
        value = normalize_line(dd.text())
        author.profile.setdefault(label, value)
        if Strings.STAT_FIELDS.get(label) == "credits" and author.credits is None:
            author.credits = parse_shown_count(value)


# --- floor and time ---------------------------------------------------------------------


def _read_floor(table: LexborNode, post: Post) -> None:
    anchor = table.css_first(Sel.FLOOR) or table.css_first("div.pi strong a, div.pi strong")
    if anchor is None:
        return
    label = normalize_line(anchor.text())
    number = anchor.css_first("em")
    post.floor_label = label or None
    post.floor = floor_from_label(label, number.text() if number is not None else None)
    href = anchor.attributes.get("href") or ""
    post.is_first = post.floor == 1 and "findpost" not in href
    if post.floor is None and href and "findpost" not in href and "javascript" not in href:
        # the opening post links to the thread itself; replies link to findpost
        post.floor, post.is_first = 1, True


def fill_missing_floors(posts: list[Post]) -> None:
    """Some pages omit a floor (robot UAs, skins); count from the neighbour that has one."""
    for previous, current in itertools.pairwise(posts):
        if current.floor is None and previous.floor is not None and previous.floor > 0:
            current.floor = previous.floor + 1
    for current, following in zip(reversed(posts[:-1]), reversed(posts[1:])):
        if current.floor is None and following.floor is not None and following.floor > 1:
            current.floor = following.floor - 1
            current.is_first = current.floor == 1


def _read_time(table: LexborNode, post: Post, tz: timezone, now: datetime | None) -> None:
    node = table.css_first(Sel.POSTED)
    if node is None:
        return
    exact = node.css_first("span[title]")
    title = exact.attributes.get("title") if exact is not None else None
    set_time(post, _strip_hidden_labels(node), tz=tz, exact=title, reference=now)


def _strip_hidden_labels(node: LexborNode) -> str:
    """Skins hide labels like ``时间：`` in classed elements; the text is what is visible."""
    parts: list[str] = []
    child = node.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif "display_none" not in (child.attributes.get("class") or "") and not is_display_none(child):
            parts.append(child.text())
        child = child.next
    return "".join(parts)


# --- body ---------------------------------------------------------------------------------


def _read_body(table: LexborNode, post: Post, *, tz: timezone, base: str | None) -> None:
    body = table.css_first(Sel.BODY)
    scope = body or table
    subject = table.css_first(Sel.SUBJECT)
    post.subject = normalize_line(subject.text()) or None if subject is not None else None
    _read_gate_status(scope, post)
    message = scope.css_first(Sel.MESSAGE)
    if message is not None:
        apply_message(post, message, tz=tz, base=base)
    elif post.status is PostStatus.NORMAL:
        pending = scope.css_first(Sel.PENDING)
        if pending is not None and status_from_notice(pending.text()) is PostStatus.PENDING:
            post.status, post.status_text = PostStatus.PENDING, normalize_line(pending.text())
    for listing in scope.css(Sel.ATTACH_LIST):
        post.attachments.extend(read_attachments(listing, base))
    post.attachments_restricted = scope.css_first(Sel.ATTACH_TIPS) is not None and _tip_outside(scope, message)
    sign = table.css_first(Sel.SIGNATURE)
    if sign is not None:
        post.signature = node_text(sign) or None


def _tip_outside(scope: LexborNode, message: LexborNode | None) -> bool:
    """A guest tip inside the first post's message is an ad, not an attachment notice."""
    return any(message is None or not _contains(message, tip) for tip in scope.css(Sel.ATTACH_TIPS))


def _contains(outer: LexborNode, inner: LexborNode) -> bool:
    node: LexborNode | None = inner
    while node is not None:
        if node.mem_id == outer.mem_id:
            return True
        node = node.parent
    return False


def _read_gate_status(scope: LexborNode, post: Post) -> None:
    """``div.locked`` directly in ``div.pcb`` replaces the message: blocked, paid, password, ..."""
    for locked in scope.css(Sel.LOCKED):
        if locked.parent is None or locked.parent.mem_id != scope.mem_id:
            continue
        text = normalize_line(locked.text())
        status = status_from_notice(text)
        if status is None and scope.css_first(Sel.MESSAGE) is None:
            status = PostStatus.BLOCKED  # a notice in place of the message, in a language we lack
        if status is not None:
            post.status, post.status_text = status, text
            return


# --- small node helpers -------------------------------------------------------------------


def _visible_first(scope: LexborNode | None, selector: str) -> LexborNode | None:
    """The first match not inside a hidden popup (``display:none`` / ``p_pop`` / ``tip``)."""
    if scope is None:
        return None
    for node in scope.css(selector):
        if not _in_hidden(node, scope):
            return node
    return None


def _in_hidden(node: LexborNode, scope: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.mem_id != scope.mem_id:
        classes = current.attributes.get("class") or ""
        if is_display_none(current) or "p_pop" in classes or "tip" in classes.split():
            return True
        current = current.parent
    return False
