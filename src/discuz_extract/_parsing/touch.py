"""The touch template (``mobile=2``), always UTF-8 (pure).

Per post ``div.plc#pidPID``: the first line of ``ul.authi`` holds the floor and the author,
the second the time, with no ``title`` for relative times, and ``div.message`` the body.
Blocked posts show their notice inside the message. X3.4 and X3.5 differ only in class
names, which ``vocab_touch`` lists for both.
"""

from __future__ import annotations

from datetime import datetime, timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, tid_from_url, to_int, uid_from_url
from .._time import make_timezone
from ..models import Author, ForumRef, PageKind, Post, PostStatus, ThreadPage
from . import chrome
from . import vocab_touch as V
from .common import apply_message, floor_from_label, own_text, set_time, status_from_notice
from .gates import raise_for_gate


def parse_touch(tree: LexborHTMLParser, raw: str, *, url: str | None, reference: datetime | None) -> ThreadPage:
    nodes = [(to_int(m.group(1)), n) for n in tree.css(V.POSTS) if (m := V.POST_ID.match(n.attributes.get("id") or ""))]
    if not nodes:
        raise_for_gate(tree, raw, url=url)
    base = chrome.base_url(tree, url)
    site = chrome.site_info(tree, charset="utf-8", base=base)
    tz = make_timezone(site.utc_offset)
    page, page_count = chrome.pagination(tree)
    posts = [_post(pid, node, tz=tz, base=base, reference=reference) for pid, node in nodes]
    subject = tree.css_first(V.SUBJECT)
    first_link = tree.css_first(V.THREAD_LINK)
    href = first_link.attributes.get("href") if first_link is not None else None
    views, replies = _counters(nodes[0][1])
    return ThreadPage(
        kind=PageKind.TOUCH,
        url=url,
        tid=tid_from_url(href) or tid_from_url(url),
        title=own_text(subject) if subject is not None else chrome.title(tree),
        forum=_forum(tree, base),
        views=views,
        replies=replies,
        page=page,
        page_count=page_count,
        site=site,
        posts=posts,
    )


def _forum(tree: LexborHTMLParser, base: str | None) -> ForumRef | None:
    """X3.5 links the forum in its header; X3.4 names only its id (in the reply form)."""
    link = tree.css_first(V.HEADER_FORUM)
    href = link.attributes.get("href") if link is not None else None
    if link is not None and (fid := fid_from_url(href)) is not None:
        return ForumRef(fid=fid, name=normalize_line(link.text()) or None, url=chrome.absolute(href, base))
    form = tree.css_first(V.REPLY_FORM)
    fid = fid_from_url(form.attributes.get("action")) if form is not None else None
    return ForumRef(fid=fid) if fid is not None else None


def _counters(first: LexborNode) -> tuple[int | None, int | None]:
    """X3.5 prints views and replies beside the opening post's time; X3.4 prints none."""
    numbers = [parse_int(em.text()) for em in first.css(V.COUNTERS)]
    return (numbers[0], numbers[1]) if len(numbers) == 2 else (None, None)


def _post(pid: int | None, node: LexborNode, *, tz: timezone, base: str | None, reference: datetime | None) -> Post:
    post = Post(pid=pid)
    line = node.css_first(V.AUTHOR_LINE)
    if line is not None:
        label = line.css_first(V.FLOOR_LABEL)
        if label is not None:
            post.floor_label = normalize_line(label.text()) or None
            post.floor = floor_from_label(post.floor_label or "")
            post.is_first = post.floor == 1
        post.author = _author(line, node, base)
    when = node.css_first(V.TIME_LINE)
    if when is not None:
        set_time(post, own_text(when), tz=tz, exact=None, reference=reference)
    message = node.css_first(V.MESSAGE)
    if message is not None:
        # special threads (poll, trade...) wrap the author's words in div#postmessage_PID
        _read_message(post, message.css_first(V.POST_MESSAGE) or message, tz=tz, base=base)
    return post


def _author(line: LexborNode, node: LexborNode, base: str | None) -> Author | None:
    link = line.css_first(V.AUTHOR_LINK)
    bold = line.css_first(V.AUTHOR_BOLD)
    if link is None and bold is None:
        return None
    author = Author()
    if link is not None:
        author.name = normalize_line(link.text()) or None
        author.uid = uid_from_url(link.attributes.get("href"))
    elif bold is not None:
        author.name = normalize_line(bold.text()) or None
        author.is_anonymous = True
    avatar = node.css_first(V.AVATAR)
    if avatar is not None and author.uid is not None:
        author.avatar_url = chrome.absolute(avatar.attributes.get("src"), base)
    return author


def _read_message(post: Post, message: LexborNode, *, tz: timezone, base: str | None) -> None:
    for notice in message.css(V.NOTICE):
        if notice.css_first(V.REAL_QUOTE) is not None:
            continue  # a real quote
        text = normalize_line(notice.text())
        status = status_from_notice(text)
        if status is not None:
            post.status, post.status_text = status, text
            notice.decompose()
    own = message.tag != "div" or V.MESSAGE_CLASS in (message.attributes.get("class") or "")
    after = message.next if own else None
    while after is not None:
        if after.tag == "div" and any(w in after.text() for w in V.ATTACH_NOTICE_WORDS):
            post.attachments_restricted = True
        after = after.next
    apply_message(post, message, tz=tz, base=base)
    if post.status is PostStatus.BLOCKED:
        post.text, post.html = "", ""
