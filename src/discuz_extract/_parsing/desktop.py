"""The desktop thread page (``forum.php?mod=viewthread``), X2.5 to X3.5 and skins that keep
Discuz's ids (pure).

One pass over the post roots. Every selector is scoped to the post's own table: the left
column also holds a hidden popup that repeats the author's name and credits.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._cleaning import is_display_none, node_text, read_attachments
from .._text import normalize_line, parse_int, parse_shown_count, tid_from_url, to_int, uid_from_url
from .._time import make_timezone
from .._vocab import COLONS, DELETED_FLOOR, GUEST_NAMES, HOT_REPLY_LABELS, STAT_FIELDS, TEN_THOUSAND, contains_any
from ..models import Author, PageKind, Post, PostStatus, ThreadPage
from . import chrome
from . import vocab_chrome as C
from . import vocab_desktop as V
from .common import apply_message, complete_counts, floor_from_label, own_text, set_time, status_from_notice
from .gates import raise_for_gate
from .reading import html_tree


def parse_desktop(
    tree: LexborHTMLParser,
    raw: str,
    *,
    url: str | None,
    charset: str | None,
    fetched_at: datetime | None = None,
    whole: bool = True,
) -> ThreadPage:
    """``tree`` holds the page's regions (``whole``: the page itself); a page without posts is
    read whole to name what it is."""
    skeletons = post_skeletons(tree)
    if not skeletons:
        raise_for_gate(tree if whole else html_tree(raw, url=url), raw, url=url)
    base = chrome.base_url(tree, url)
    site = chrome.site_info(tree, charset=charset, base=base)
    tz = make_timezone(site.utc_offset)
    fid, tid = chrome.script_ids(raw)
    canonical = tree.css_first(C.CANONICAL)
    tid = tid or tid_from_url(canonical.attributes.get("href") if canonical is not None else None) or tid_from_url(url)
    crumbs = chrome.breadcrumb(tree, base)
    page, page_count = chrome.pagination(tree)
    views, replies = chrome.thread_counters(tree)
    prev_thread, next_thread = chrome.prev_next(raw, base)
    now = site.generated_at or fetched_at
    posts = [parse_post(skeleton, tz=tz, base=base, now=now) for skeleton in skeletons]
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


@dataclass
class _Parts:
    """The landmarks of one post, found by a single query over its table."""

    left: LexborNode | None = None  # td.pls, the author column
    right: LexborNode | None = None  # td.plc, the content column
    floor: LexborNode | None = None
    posted: LexborNode | None = None
    body: LexborNode | None = None  # div.pcb
    sign: LexborNode | None = None

    def take(self, node: LexborNode, tag: str) -> None:
        """Keep ``node`` as the first landmark of its kind."""
        if tag == "td":
            classes = (node.attributes.get("class") or "").split()
            if self.left is None and V.AUTHOR_COLUMN in classes:
                self.left = node
            elif self.right is None and V.CONTENT_COLUMN in classes:
                self.right = node
        elif tag == "a":
            self.floor = self.floor or node
        elif tag == "em":
            self.posted = self.posted or node
        elif tag == "div":
            classes = (node.attributes.get("class") or "").split()
            if V.POST_BODY in classes:
                self.body = self.body or node
            elif V.SIGNATURE in classes:
                self.sign = self.sign or node


@dataclass
class _Skeleton:
    """One post: its pid (None when too long to be one), its table (or its root where it has
    none) and its landmarks."""

    pid: int | None
    table: LexborNode
    parts: _Parts = field(default_factory=_Parts)
    has_table: bool = False


@dataclass
class _Scan:
    """What one query over the page finds, read in page order."""

    roots: list[_Skeleton] = field(default_factory=list)  # div#post_PID
    tables: list[_Skeleton] = field(default_factory=list)  # table#pidPID
    messages: list[tuple[int | None, LexborNode]] = field(default_factory=list)
    parts: _Parts | None = None  # where the landmarks seen now belong

    def take(self, node: LexborNode) -> None:
        tag, node_id = node.tag or "", node.id or ""
        if tag == "div" and (m := V.POST_ID.match(node_id)):
            self.roots.append(_Skeleton(to_int(m.group(1)), node))
            self.parts = self.roots[-1].parts
        elif tag == "table" and (m := V.TABLE_ID.match(node_id)):
            self._take_table(to_int(m.group(1)), node)
        elif node_id.startswith(V.MESSAGE_ID_PREFIX) and node_id[len(V.MESSAGE_ID_PREFIX) :].isdigit():
            self.messages.append((to_int(node_id[len(V.MESSAGE_ID_PREFIX) :]), node))
        elif self.parts is not None:
            self.parts.take(node, tag)

    def _take_table(self, pid: int | None, table: LexborNode) -> None:
        skeleton = _Skeleton(pid, table, has_table=True)
        root = self.roots[-1] if self.roots else None
        if root is not None and not root.has_table:  # the first post table inside div#post_PID
            root.table, root.has_table, skeleton.parts = table, True, root.parts
            root.pid = root.pid if root.pid is not None else pid
        self.tables.append(skeleton)
        self.parts = skeleton.parts


def post_skeletons(tree: LexborHTMLParser) -> list[_Skeleton]:
    """Each post once, in page order: ``div#post_PID``, else ``table#pidPID``, else the message
    (heavily customised skins), with its landmarks: one query over the page finds them all."""
    scan = _Scan()
    for node in tree.css(V.LANDMARKS):
        scan.take(node)
    chosen: list[_Skeleton] = []
    seen: set[int] = set()
    for skeleton in scan.roots or scan.tables:
        if skeleton.pid is not None:  # (an unreadable pid is still a post)
            if skeleton.pid in seen:
                continue
            seen.add(skeleton.pid)
        chosen.append(skeleton)
    for pid, message in scan.messages:  # messages outside any recognised root
        if pid in seen if pid is not None else any(_contains(s.table, message) for s in chosen):
            continue
        if pid is not None:
            seen.add(pid)
        root = message.parent or message
        table = root.css_first(V.POST_TABLES) or root
        chosen.append(_Skeleton(pid, table, _collect_parts(table)))
    return chosen


def _collect_parts(table: LexborNode) -> _Parts:
    parts = _Parts()
    for node in table.css(V.POST_PARTS):
        parts.take(node, node.tag or "")
    return parts


def parse_post(skeleton: _Skeleton, *, tz: timezone, base: str | None, now: datetime | None) -> Post:
    table, parts = skeleton.table, skeleton.parts
    post = Post(pid=skeleton.pid)
    if _is_deleted_placeholder(table, parts):
        notice = table.css_first(V.DELETED_NOTICE) or table
        post.status, post.status_text = PostStatus.DELETED, normalize_line(notice.text())
        _read_floor(table, parts, post)
        return post
    post.author = read_author(parts, base)
    _read_floor(table, parts, post)
    _read_time(parts.posted, post, tz, now)
    _read_body(parts.body or table, post, tz=tz, base=base)
    if parts.sign is not None:
        post.signature = node_text(parts.sign) or None
    return post


def _is_deleted_placeholder(table: LexborNode, parts: _Parts) -> bool:
    """``无效楼层`` rows: a floor number and a notice, with no author time, body or message."""
    if V.SHOWN_POST in (table.attributes.get("class") or ""):
        return False
    if contains_any(table.text(), DELETED_FLOOR):
        return table.css_first(V.MESSAGE) is None
    no_message = table.css_first(V.MESSAGE) is None
    return parts.posted is None and parts.body is None and no_message and table.css_first(V.LEFT_NAME) is None


# --- author ----------------------------------------------------------------------------


def read_author(parts: _Parts, base: str | None) -> Author | None:
    author = Author()
    left = parts.left
    link = _read_left_column(left, author, base) if left is not None else None
    if link is None and parts.right is not None:
        link = _first_right_name(parts.right)
    if link is not None:
        author.name = V.NAME_LABEL.sub("", own_text(link) or normalize_line(link.text())) or None
        author.uid = uid_from_url(link.attributes.get("href"))
    else:
        _read_nameless_author(left, author)
    if author.uid is None and not (author.is_guest or author.is_anonymous) and parts.right is not None:
        only = parts.right.css_first(V.ONLY_AUTHOR)  # rare: no uid on the name link
        author.uid = _authorid(only.attributes.get("href")) if only is not None else None
    if author.name is None and author.uid is None and not (author.is_guest or author.is_anonymous):
        return None
    return author


def _read_left_column(left: LexborNode, author: Author, base: str | None) -> LexborNode | None:
    """One pass over the author column. The hidden popups repeat the name (``strong > a``) and
    credits (``dl.cl``); no selector here reaches into them."""
    link: LexborNode | None = None
    for node in left.css(V.LEFT_PARTS):
        tag = node.tag
        if tag == "a":
            href = node.attributes.get("href") or ""
            if V.USERGROUP_LINK in href:
                if author.group is None:
                    author.group = normalize_line(node.text()) or None
                    gid = V.GROUP_ID.search(href)
                    author.group_id = to_int(gid.group(1)) if gid else None
            elif link is None and _is_name_link(node, href):
                link = node
        elif tag in ("th", "td"):
            _read_stat_cell(node, author)
        elif tag == "img":
            _read_image(node, author, base)
        elif tag == "i":
            _read_rank_icon(node, author)
        elif tag == "dt":
            _read_profile_pair(node, author)
    complete_counts(author)
    return link


def _is_name_link(node: LexborNode, href: str) -> bool:
    parent = node.parent
    if any(marker in href for marker in V.PROFILE_LINK_MARKERS):
        return True
    return parent is not None and V.NAME_LINK_PARENT in (parent.attributes.get("class") or "")


def _first_right_name(right: LexborNode) -> LexborNode | None:
    for node in right.css(V.RIGHT_NAME):
        if not _in_hidden(node, right):
            return node
    return None


def _read_rank_icon(node: LexborNode, author: Author) -> None:
    """X3.5 draws the stars as icon fonts, each titled ``Rank: N``."""
    label = node.attributes.get("title") or ""
    if author.rank is None and label.startswith(V.RANK_ALT_PREFIX):
        author.rank = parse_int(label)


def _read_image(node: LexborNode, author: Author, base: str | None) -> None:
    attrs = node.attributes
    alt = attrs.get("alt") or ""
    if alt.startswith(V.RANK_ALT_PREFIX):
        if author.rank is None:
            author.rank = parse_int(alt)
    elif author.avatar_url is None and V.AVATAR_MARKER in (src := attrs.get("src") or ""):
        author.avatar_url = chrome.absolute(src, base)


def _read_nameless_author(left: LexborNode | None, author: Author) -> None:
    """Guests (``匿名 <em>1.2.3.x</em>``), anonymous members, deleted members."""
    box = left.css_first(V.NAMELESS_BOX) if left is not None else None
    text = normalize_line(box.text()) if box is not None else ""
    if not text:
        return
    ip = box.css_first(V.GUEST_IP) if box is not None else None
    name = normalize_line(text.replace(ip.text(), "")) if ip is not None else text
    author.name = name or None
    if any(name.startswith(g) for g in GUEST_NAMES):
        author.is_guest = ip is not None
        author.is_anonymous = ip is None
        if ip is not None:
            author.profile["ip"] = normalize_line(ip.text())


def _authorid(href: str | None) -> int | None:
    m = V.AUTHOR_ID.search(href or "")
    return (to_int(m.group(1)) or None) if m else None  # authorid=0 names nobody


def _read_stat_cell(cell: LexborNode, author: Author) -> None:
    """``<th><p><a>3031</a></p>主题</th>``; big numbers are ``<span title="99099082">9909万</span>``."""
    value_node = cell.child
    while value_node is not None and value_node.tag not in V.STAT_VALUE_TAGS:
        value_node = value_node.next
    if value_node is None:
        return
    shown = normalize_line(value_node.text())
    label = own_text(cell)
    exact = V.EXACT_COUNT.search(value_node.html or "") if contains_any(shown, TEN_THOUSAND) else None
    author.profile[label] = shown
    field = STAT_FIELDS.get(label)
    if field is not None:
        setattr(author, field, parse_shown_count(shown, exact.group(1) if exact else None))


def _read_profile_pair(dt: LexborNode, author: Author) -> None:
    dd = dt.next
    while dd is not None and dd.tag != "dd":
        dd = dd.next
    label = normalize_line(dt.text()).rstrip(COLONS)
    if not label or dd is None:
        return
    value = normalize_line(dd.text())
    author.profile.setdefault(label, value)
    if STAT_FIELDS.get(label) == "credits" and author.credits is None:
        author.credits = parse_shown_count(value)


# --- floor and time ---------------------------------------------------------------------


def _read_floor(table: LexborNode, parts: _Parts, post: Post) -> None:
    anchor = parts.floor or table.css_first(V.FLOOR_FALLBACK)
    if anchor is None:
        return
    label = normalize_line(anchor.text())
    number = V.FLOOR_NUMBER.search(anchor.html or "")
    post.floor_label = label or None
    post.floor = floor_from_label(label, number.group(1) if number else None)
    href = anchor.attributes.get("href") or ""
    post.is_first = post.floor == 1 and V.FINDPOST not in href
    if post.floor is None and href and V.FINDPOST not in href and V.JAVASCRIPT_LINK not in href:
        # the opening post links to the thread itself; replies link to findpost
        post.floor, post.is_first = 1, True


def fill_missing_floors(posts: list[Post]) -> None:
    """Some pages omit a floor (robot UAs, skins); count from the neighbour that has one."""
    for previous, current in itertools.pairwise(posts):
        if current.floor_label in HOT_REPLY_LABELS or previous.floor_label in HOT_REPLY_LABELS:
            continue
        if current.floor is None and previous.floor is not None and previous.floor > 0:
            current.floor = previous.floor + 1
    for current, following in zip(reversed(posts[:-1]), reversed(posts[1:])):
        if current.floor_label in HOT_REPLY_LABELS:
            continue
        if current.floor is None and following.floor is not None and following.floor > 1:
            current.floor = following.floor - 1
            current.is_first = current.floor == 1


def _read_time(node: LexborNode | None, post: Post, tz: timezone, now: datetime | None) -> None:
    if node is None:
        return
    markup = node.html or ""
    exact = V.EXACT_TIME.search(markup)
    plain = markup.count("<") == 2  # just <em ...>TEXT</em>: nothing hidden to strip
    shown = node.text() if plain else _strip_hidden_labels(node)
    set_time(post, shown, tz=tz, exact=exact.group(1) if exact else None, reference=now)


def _strip_hidden_labels(node: LexborNode) -> str:
    """Skins hide labels like ``时间：`` in classed elements; the text is what is visible."""
    parts: list[str] = []
    child = node.child
    while child is not None:
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif V.HIDDEN_LABEL_CLASS not in (child.attributes.get("class") or "") and not is_display_none(child):
            parts.append(child.text())
        child = child.next
    return "".join(parts)


# --- body ---------------------------------------------------------------------------------


def _read_body(scope: LexborNode, post: Post, *, tz: timezone, base: str | None) -> None:
    """One query over ``div.pcb``: subject, gate notices, the message, attachment lists and tips."""
    message: LexborNode | None = None
    tips: list[LexborNode] = []
    pending: LexborNode | None = None
    notices: list[LexborNode] = []
    for node in scope.css(V.BODY_PARTS):
        tag, direct = node.tag, node.parent is not None and node.parent.mem_id == scope.mem_id
        classes = (node.attributes.get("class") or "").split() if tag in ("div", "span") else []
        if tag == V.REPLY_SUBJECT_TAG and direct and post.subject is None:
            post.subject = normalize_line(node.text()) or None
        elif (node.id or "").startswith(V.MESSAGE_ID_PREFIX):
            message = message or node
        elif V.GATE_NOTICE in classes and direct:
            notices.append(node)
        elif V.ATTACHMENT_LIST in classes:
            post.attachments.extend(read_attachments(node, base))
        elif any(c in classes for c in V.ATTACHMENT_TIPS):
            tips.append(node)
        elif tag == "span" and pending is None:
            pending = node
    for notice in notices:
        _read_gate_notice(notice, post, has_message=message is not None)
    if message is not None:
        apply_message(post, message, tz=tz, base=base)
    elif (
        post.status is PostStatus.NORMAL
        and pending is not None
        and status_from_notice(pending.text()) is PostStatus.PENDING
    ):
        post.status, post.status_text = PostStatus.PENDING, normalize_line(pending.text())
    post.attachments_restricted = any(message is None or not _contains(message, tip) for tip in tips)


def _contains(outer: LexborNode, inner: LexborNode) -> bool:
    node: LexborNode | None = inner
    while node is not None:
        if node.mem_id == outer.mem_id:
            return True
        node = node.parent
    return False


def _read_gate_notice(locked: LexborNode, post: Post, *, has_message: bool) -> None:
    """``div.locked`` directly in ``div.pcb`` replaces the message: blocked, paid, password, ..."""
    if post.status is not PostStatus.NORMAL:
        return
    text = normalize_line(locked.text())
    status = status_from_notice(text)
    if status is None and not has_message:
        status = PostStatus.BLOCKED  # a notice in place of the message, in a language we lack
    if status is not None:
        post.status, post.status_text = status, text


# --- small node helpers -------------------------------------------------------------------


def _in_hidden(node: LexborNode, scope: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.mem_id != scope.mem_id:
        classes = current.attributes.get("class") or ""
        if is_display_none(current) or any(c in classes for c in V.HIDDEN_CLASSES):
            return True
        if any(c in classes.split() for c in V.HIDDEN_CLASS_WORDS):
            return True
        current = current.parent
    return False
