"""The plain-text rendering of a desktop thread page (WET files, copy-paste dumps) (pure).

Text has no tags, so the page is segmented by the lines Discuz always prints: the header
(``查看: N|回复: N``), each post's ``发表于 DATE [| 只看该作者 ...]`` line, the post footer
(``回复`` then ``使用道具 举报``) and the page footer (``GMT+8, ...``, ``Powered by Discuz!``).
Between a post footer and the next ``发表于`` line sits the author block (name, ``N 主题``,
``N 回帖``, ``N 积分``, group, ``Rank: N``); after it, the body. A line counts as chrome only
when it is exactly a chrome line in a chrome position: author lines that mention ``回复`` or
``发表于`` stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .._text import normalize_line, parse_shown_count, to_int, to_seconds
from .._time import make_timezone, parse_absolute, parse_gmt_offset
from .._vocab import COPY_CODE, COUNTERS, STAT_CREDITS, STAT_FIELDS
from ..errors import NotDiscuzPage
from ..models import (
    Attachment,
    Author,
    EditInfo,
    ForumRef,
    Link,
    PageKind,
    Post,
    PostStatus,
    Quote,
    SiteInfo,
    ThreadPage,
)
from . import vocab_chrome as C
from . import vocab_text as V
from .boundary import typed_errors
from .common import complete_counts, floor_from_label, mark_truncated, set_time, status_from_notice


@dataclass
class _Segment:
    header: int  # index of the 发表于 line, or of the 无效楼层 line for a deleted floor
    header_line: str
    author_lines: list[str]
    body_lines: list[str]
    deleted: bool = False


@dataclass
class _Layout:
    lines: list[str]
    counters: int | None = None
    footer: int = 0
    segments: list[_Segment] = field(default_factory=list)


@typed_errors
def parse_text(text: str, *, url: str | None = None) -> ThreadPage:
    """Read a plain-text rendering of a Discuz thread page into a ``ThreadPage``."""
    lines = [_clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    layout = _layout(lines)
    if not layout.segments:
        raise NotDiscuzPage("no Discuz post header (a posted-on line) in the text", url=url)
    site = _site(lines[layout.footer :], lines[: layout.segments[0].header])
    tz = make_timezone(site.utc_offset)
    posts = [_post(seg, tz=tz, reference=site.generated_at) for seg in layout.segments]
    _number_floors(posts)
    _take_signatures(posts)
    title, forum, crumbs = _header(lines, layout)
    prev_thread, next_thread = _prev_next(posts)
    views, replies = _counters(lines, layout)
    page_count = _page_count(lines)
    page = _page(lines)
    result = ThreadPage(
        kind=PageKind.TEXT,
        url=url,
        title=title,
        forum=forum,
        breadcrumb=crumbs,
        views=views,
        replies=replies,
        page=page,
        page_count=max(page_count or page, page),
        site=site,
        prev_thread=prev_thread,
        next_thread=next_thread,
        posts=posts,
    )
    if layout.footer >= len(lines):  # no page footer: the text stops before the page did
        mark_truncated(result)
    return result


def clean_text(text: str) -> str:
    """The article only: the cleaned text of floor 1 of a text rendering (``""`` if absent)."""
    page = parse_text(text)
    first = next((p for p in page.posts if p.is_first), None)
    return first.text if first is not None else ""


# --- lines ------------------------------------------------------------------------------------


def _clean_line(line: str) -> str:
    return V.BULLET.sub("", normalize_line(line))


def strip_jammer(line: str) -> str:
    """Drop Discuz's anti-copy noise: runs of 1-2 character ASCII tokens glued to CJK text."""
    return normalize_line(V.ASCII_RUN.sub(_jammer_or_keep, line))


def _jammer_or_keep(match: re.Match[str]) -> str:
    run = match.group()
    tokens = run.split()
    if len(tokens) < 5 or any(len(t) > 2 for t in tokens) or not any(len(t) == 2 for t in tokens):
        return run
    if sum(t.isdigit() for t in tokens) == len(tokens):
        return run  # "1 2 3 4 5" is the author's
    start, end = match.start(), match.end()
    text = match.string
    at_edge = start == 0 or end == len(text) or _is_cjk(text[start - 1]) or _is_cjk(text[end : end + 1])
    return " " if at_edge else run


def _is_cjk(char: str) -> bool:
    code = ord(char) if char else 0
    return 0x3000 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF


# --- layout -----------------------------------------------------------------------------------


def _layout(lines: list[str]) -> _Layout:
    layout = _Layout(lines)
    layout.counters = next((i for i, line in enumerate(lines) if COUNTERS.search(line)), None)
    anchors = [i for i, line in enumerate(lines) if _is_header(line) or V.DELETED.match(line)]
    layout.footer = _footer_start(lines, anchors[-1] if anchors else 0)
    start = _first_author_block(lines, layout.counters, anchors[0] if anchors else 0)
    for n, index in enumerate(anchors):
        limit = anchors[n + 1] if n + 1 < len(anchors) else layout.footer
        end, after = _post_end(lines, index, limit)
        layout.segments.append(
            _Segment(
                index,
                lines[index],
                lines[start:index],
                lines[index + 1 : end],
                deleted=bool(V.DELETED.match(lines[index])),
            )
        )
        start = after
    return layout


def _first_author_block(lines: list[str], counters: int | None, first_anchor: int) -> int:
    """After the thread header: the ``[复制链接]`` line, else the title under the counters."""
    for i in range(first_anchor - 1, -1, -1):
        if lines[i] in V.COPY_LINK:
            return i + 1
    return counters + 2 if counters is not None else 0


def _is_header(line: str) -> bool:
    m = V.HEADER.match(line)
    if m is None:
        return False
    return all(part in V.HEADER_TAIL for part in V.TAIL_SPLIT.split(m.group("tail")) if part)


def _footer_start(lines: list[str], last_anchor: int) -> int:
    for i in range(last_anchor + 1, len(lines)):
        line = lines[i]
        if any(line.startswith(m) for m in V.FOOTER_START) or V.GMT.match(line) or V.POWERED.search(line):
            return i
    return len(lines)


def _post_end(lines: list[str], header: int, limit: int) -> tuple[int, int]:
    """(end of the body, start of the next author block): the last post footer before ``limit``."""
    for i in range(limit - 1, header, -1):
        if lines[i] in V.POST_END and i + 1 < len(lines) and any(w in lines[i + 1] for w in V.POST_END_NEXT):
            after = i + 1
            while after < limit and any(w == lines[after] or lines[after].startswith(w) for w in V.POST_END_NEXT):
                after += 1
            return i, after
    return limit, limit


# --- posts ------------------------------------------------------------------------------------


def _post(segment: _Segment, *, tz: timezone, reference: datetime | None) -> Post:
    post = Post()
    if segment.deleted:
        post.status, post.status_text = PostStatus.DELETED, segment.header_line
    post.author, post.floor_label = _author(segment.author_lines)
    post.floor = floor_from_label(post.floor_label) if post.floor_label else None
    if not segment.deleted:
        m = V.HEADER.match(segment.header_line)
        if m is not None:
            set_time(post, m.group("when"), tz=tz, exact=None, reference=reference)
            if m.group("anon"):
                post.author = _anonymous(post.author, m.group("anon"), m.group("ip"))
        _body(post, segment.body_lines, tz)
    return post


def _anonymous(author: Author | None, word: str, ip: str | None) -> Author:
    result = author or Author()
    result.name = result.name or word
    result.is_guest = result.is_guest or ip is not None
    result.is_anonymous = not result.is_guest
    if ip:
        result.profile["ip"] = ip
    return result


def _author(lines: list[str]) -> tuple[Author | None, str | None]:
    author = Author()
    floor_label: str | None = None
    others: list[str] = []
    i = 0
    while i < len(lines):
        line, following = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
        if V.NUMBER.match(line) and following in STAT_FIELDS:
            _stat(author, following, line)
            i += 2
            continue
        if line in STAT_CREDITS and V.INTEGER.fullmatch(following):
            author.credits = to_int(following)
            author.profile.setdefault(line, following)
            i += 2
            continue
        i += 1
        floor_label = _author_line(author, line, others) or floor_label
    _name_and_group(author, others)
    complete_counts(author)
    has_data = author.name or author.threads is not None or author.credits is not None or author.profile
    return (author if has_data else None), floor_label


def _stat(author: Author, label: str, shown: str) -> None:
    author.profile[label] = shown
    setattr(author, STAT_FIELDS[label], parse_shown_count(shown))


def _author_line(author: Author, line: str, others: list[str]) -> str | None:
    """One line of the author block; returns a floor label when the line is one."""
    if V.FLOOR_LABEL.match(line):
        return line.replace(" ", "")
    if (m := V.STAT_INLINE.match(line)) is not None:
        _stat(author, m.group("label"), m.group("value"))
    elif (m := V.PAIR_INLINE.match(line)) is not None:
        author.profile.setdefault(m.group("label"), m.group("value"))
        if m.group("label") in STAT_CREDITS:
            author.credits = to_int(m.group("value"))
    elif (m := V.GROUP_TIP.match(line)) is not None:
        author.group = author.group or m.group("group")
        author.credits = to_int(m.group("credits"))
    elif (m := V.RANK.search(line)) is not None:
        author.rank = to_int(m.group(1))
    elif (m := V.GUEST.match(line)) is not None:
        author.name, author.is_guest = m.group("name"), True
        author.profile["ip"] = m.group("ip")
    elif (m := V.ONLINE.match(line)) is not None:
        author.name = author.name or m.group("name")
    elif line not in V.AUTHOR_NOISE and not COUNTERS.search(line) and line not in STAT_FIELDS:
        others.append(line)
    return None


def _name_and_group(author: Author, others: list[str]) -> None:
    """The name comes before the stats, the group after them; the text keeps their order."""
    if author.group is not None:
        others = [o for o in others if o != author.group]
    if author.name is None and others and (len(others) > 1 or author.group is not None or not author.profile):
        author.name = others[0]
        others = others[1:]
    if author.group is None and others:
        author.group = others[-1]


def _body(post: Post, lines: list[str], tz: timezone) -> None:
    lines = [strip_jammer(line) for line in lines]
    lines = [line for line in lines if line]
    lines = _take_notices(post, lines)
    if post.status is PostStatus.BLOCKED:
        post.text = ""
        return
    lines = _take_edit(post, lines, tz)
    lines = _take_quote(post, lines, tz)
    lines = _take_attachments(post, _unnumber_code(lines))
    post.text = "\n".join(line for line in lines if line not in V.BODY_CHROME)


def _take_notices(post: Post, lines: list[str]) -> list[str]:
    kept: list[str] = []
    in_poll = False
    for line in lines:
        if V.MODACT.match(line) or V.POLL.match(line):
            in_poll = in_poll or bool(V.POLL.match(line))
            continue
        if in_poll and V.POLL_OPTION.match(line):
            continue  # the poll's options and results, outside the message on the page
        in_poll = False
        if line in V.CLOSE_BUTTON and post.attachments_restricted:
            continue  # the close button of the attachment tip
        status = status_from_notice(line) if len(line) < 80 else None
        if status is not None and status is not PostStatus.PENDING:
            post.status, post.status_text = status, line
        elif V.HIDDEN.search(line) and len(line) < 80:
            post.status, post.status_text = PostStatus.HIDDEN, line
        elif V.ATTACH_LOGIN.search(line):
            post.attachments_restricted = True
        else:
            kept.append(line)
    return kept


def _take_edit(post: Post, lines: list[str], tz: timezone) -> list[str]:
    for i, line in enumerate(lines[:2]):
        m = V.EDIT.match(line)
        if m is not None:
            when = m.group("when")
            post.edit = EditInfo(editor=m.group("editor"), edited_at_text=when, edited_at=parse_absolute(when, tz))
            if i == 1:
                post.subject = lines[0]  # only a reply subject (h2) can stand before the edit note
            return lines[i + 1 :]
    return lines


def _take_quote(post: Post, lines: list[str], tz: timezone) -> list[str]:
    if len(lines) < 2 or (m := V.QUOTE_HEADER.match(lines[0])) is None:
        return lines
    when = m.group("when")
    post.quotes.append(
        Quote(author=m.group("author"), posted_at_text=when, posted_at=parse_absolute(when, tz), text=lines[1])
    )
    return lines[2:]


def _unnumber_code(lines: list[str]) -> list[str]:
    """Renderers number the ``<li>`` lines of a code block; Discuz ends each with 复制代码."""
    out = list(lines)
    for i, line in enumerate(lines):
        if line not in COPY_CODE:
            continue
        numbered = []
        j = i - 1
        while j >= 0 and (m := V.NUMBERED.match(lines[j])) is not None:
            numbered.append((j, to_int(m.group(1)), m.end()))
            j -= 1
        numbered.reverse()
        if numbered and [n for _, n, _ in numbered][-len(numbered) :] == list(range(1, len(numbered) + 1)):
            for k, _, cut in numbered:
                out[k] = lines[k][cut:]
    return out


def _take_attachments(post: Post, lines: list[str]) -> list[str]:
    kept: list[str] = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if (m := V.FILE_WITH_SIZE.match(line)) is not None:
            post.attachments.append(
                Attachment(name=m.group("name"), size=m.group("size"), downloads=to_int(m.group("downloads")))
            )
        elif V.FILE_NAME.match(line) and (V.UPLOADED_LINE.match(following) or V.SIZE.match(following)):
            post.attachments.append(Attachment(name=line))
        elif V.UPLOADED_LINE.match(line) or V.SIZE.match(line):
            _attach_size(post, line)
        else:
            kept.append(line)
    return kept


def _attach_size(post: Post, line: str) -> None:
    m = V.ATTACH_SIZE.search(line)
    if m is None or not post.attachments or post.attachments[-1].size is not None:
        return
    post.attachments[-1].size = m.group(1)
    post.attachments[-1].downloads = to_int(m.group(2))


def _number_floors(posts: list[Post]) -> None:
    """Floors from labels where the rendering kept them, else counted on (robot renderings)."""
    previous: int | None = None
    for index, post in enumerate(posts):
        if post.floor is None:
            post.floor = (
                (previous + 1) if previous is not None else (index + 1 if all(p.floor is None for p in posts) else None)
            )
        previous = post.floor
    for post in posts:
        post.is_first = post.floor == 1


def _take_signatures(posts: list[Post]) -> None:
    """A signature repeats under every post of its author on a page: the same last line twice."""
    by_author: dict[str, list[Post]] = {}
    for post in posts:
        if post.author is not None and post.author.name and post.text:
            by_author.setdefault(post.author.name, []).append(post)
    for group in by_author.values():
        lasts = {p.text.rsplit("\n", 1)[-1] for p in group}
        if len(group) > 1 and len(lasts) == 1 and all("\n" in p.text for p in group):
            signature = lasts.pop()
            for post in group:
                post.signature = signature
                post.text = post.text.rsplit("\n", 1)[0]


def _prev_next(posts: list[Post]) -> tuple[Link | None, Link | None]:
    found: dict[str, Link] = {}
    for post in posts:
        kept = []
        for line in post.text.split("\n") if post.text else []:
            m = V.PREV_NEXT.match(line)
            if m is not None:
                found["prev" if m.group("which").startswith(V.PREV_MARK) else "next"] = Link(title=m.group("title"))
            elif not V.BUTTONS.match(line):
                kept.append(line)
        post.text = "\n".join(kept)
    return found.get("prev"), found.get("next")


# --- thread and site ---------------------------------------------------------------------------


def _header(lines: list[str], layout: _Layout) -> tuple[str | None, ForumRef | None, list[Link]]:
    title = _title(lines, layout)
    crumbs: list[Link] = []
    for line in lines[: layout.counters or layout.segments[0].header]:
        if any(mark in line for mark in V.BREADCRUMB_MARKS):
            crumbs = [Link(title=part) for part in V.BREADCRUMB.split(line) if part]
            break
    forum = ForumRef(name=crumbs[-2].title) if len(crumbs) >= 3 else None
    return title, forum, crumbs


def _title(lines: list[str], layout: _Layout) -> str | None:
    if layout.counters is not None:
        for line in lines[layout.counters + 1 : layout.counters + 4]:
            if not _chrome_near_title(line):
                return line
    first = lines[0] if lines else ""
    if V.POWERED_BY in first:
        return C.TITLE_SUFFIX.sub("", first).split(V.TITLE_SEPARATOR)[0] or None
    for i, line in enumerate(lines[: layout.segments[0].header]):
        if line in V.COPY_LINK and i > 0:
            return lines[i - 1]
    return None


def _chrome_near_title(line: str) -> bool:
    return any(w in line for w in V.NEAR_TITLE_CHROME) and len(line) < 40


def _counters(lines: list[str], layout: _Layout) -> tuple[int | None, int | None]:
    if layout.counters is None:
        return None, None
    m = COUNTERS.search(lines[layout.counters])
    return (to_int(m.group(1)), to_int(m.group(2))) if m else (None, None)


def _page_count(lines: list[str]) -> int | None:
    for line in lines:
        m = V.PAGER_TOTAL.search(line)
        if m and len(line) < 60:
            return to_int(m.group(1))
    return None


def _page(lines: list[str]) -> int:
    m = V.PAGE_IN_TITLE.search(lines[0]) if lines else None
    page = to_int(m.group(1)) if m else None
    return page if page is not None else 1


def _site(footer: list[str], head: list[str]) -> SiteInfo:
    site = SiteInfo(software=None)
    for line in footer:
        if V.GMT.match(line):
            site.utc_offset = parse_gmt_offset(line)
            site.generated_at = parse_absolute(line, make_timezone(site.utc_offset))
        if (m := C.PROCESSED.search(line)) is not None:
            site.processing_seconds = to_seconds(m.group(1))
            q = C.QUERIES.search(line)
            site.queries = to_int(q.group(1)) if q else None
        if (m := V.POWERED.search(line)) is not None:
            site.software, site.version = C.SOFTWARE, m.group("version")
        if V.COPYRIGHT.match(line):
            site.copyright = line
        if "|" in line and any(nav in line for nav in V.FOOTER_NAV) and site.name is None:
            site.name = _site_name(line)
    if site.name is None:
        site.name = next((V.BREADCRUMB.split(line)[0] for line in head if V.BREADCRUMB_MARKS[0] in line), None)
    return site


def _site_name(line: str) -> str | None:
    for part in (p.strip() for p in line.split("|")):
        name = V.PARENTHESISED.sub("", part).strip()
        if name and name not in V.FOOTER_NAV:
            return name
    return None
