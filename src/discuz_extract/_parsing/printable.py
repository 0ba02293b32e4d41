"""The printable view (``action=printable``): the first 100 posts on one flat page (pure).

Posts are separated by ``<hr noshade>``; each starts ``<b>作者: </b>NAME <b>时间: </b>DATE<br />``
and, for the first, ``<b>标题: </b>SUBJECT<br />``. Times have no seconds. No pids, uids or
floors are shown: ``floor`` is the post's ordinal, the number Discuz gives it.
"""

from __future__ import annotations

from datetime import timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import normalize_line, tid_from_url
from .._time import make_timezone
from ..models import Author, PageKind, Post, SiteInfo, ThreadPage
from . import chrome
from . import vocab_chrome as C
from . import vocab_printable as V
from .common import apply_message, fragment, set_time, status_from_notice, take_flat_media
from .gates import raise_for_gate


def looks_printable(raw: str) -> bool:
    head = raw[:20000]
    return V.HR_MARKER in head and any(
        f"<b>{label} </b>" in head or f"<b>{label}</b>" in head for label in V.AUTHOR_LABELS
    )


def parse_printable(tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None) -> ThreadPage:
    body = tree.body
    chunks = V.SEPARATOR.split(body.inner_html or "") if body is not None else []
    heads, footer = chunks[:1], chunks[-1] if len(chunks) > 1 else ""
    tz = make_timezone(None)  # printable pages print no offset; Discuz's default is GMT+8
    base = chrome.base_url(tree, url)
    posts = [p for p in (_post(chunk, tz=tz, base=base) for chunk in chunks[1:]) if p is not None]
    if not posts:
        raise_for_gate(tree, raw, url=url)
    for index, post in enumerate(posts, start=1):
        post.floor, post.is_first = index, index == 1
    title = _labelled_value(fragment(heads[0]) if heads else None, V.TITLE_LABELS)
    own_url = chrome.report_url(raw)
    return ThreadPage(
        kind=PageKind.PRINTABLE,
        url=url,
        tid=tid_from_url(own_url) or tid_from_url(url),
        title=title or chrome.title(tree),
        page=1,
        page_count=1,
        site=_site(tree, footer, charset),
        posts=posts,
    )


def _post(chunk: str, *, tz: timezone, base: str | None) -> Post | None:
    post = Post()
    node = fragment(take_flat_media(chunk, post))
    labels = [b for b in node.css(V.LABEL_TAG) if normalize_line(b.text()) in (*V.AUTHOR_LABELS, *V.TIME_LABELS)]
    if not labels:
        return None
    post.author = Author(name=_labelled_value(node, V.AUTHOR_LABELS))
    exact = node.css_first(V.EXACT_TIME)
    when = _labelled_value(node, V.TIME_LABELS) or ""
    set_time(post, when, tz=tz, exact=exact.attributes.get("title") if exact is not None else None, reference=None)
    post.subject = _labelled_value(node, V.TITLE_LABELS)
    _drop_header(node)
    status = status_from_notice(normalize_line(node.text()))
    if status is not None and node.css_first(V.BODY_MARKERS) is None and len(node.text()) < 200:
        post.status, post.status_text = status, normalize_line(node.text())
        return post
    apply_message(post, node, tz=tz, base=base)
    return post


def _labelled_value(node: LexborNode | None, labels: tuple[str, ...]) -> str | None:
    """The text after ``<b>LABEL</b>`` up to the next ``b`` or ``br``."""
    if node is None:
        return None
    for b in node.css(V.LABEL_TAG):
        if normalize_line(b.text()) not in labels:
            continue
        parts: list[str] = []
        sibling = b.next
        while sibling is not None and sibling.tag not in (V.LABEL_TAG, V.LINE_BREAK):
            parts.append(sibling.text() if sibling.tag != "-text" else sibling.text_content or "")
            sibling = sibling.next
        return normalize_line("".join(parts)) or None
    return None


def _drop_header(node: LexborNode) -> None:
    """Remove the 作者/时间/标题 lines, leaving only the message."""
    for b in node.css(V.LABEL_TAG):
        if normalize_line(b.text()) not in V.HEADER_LABELS:
            continue
        sibling = b.next
        while sibling is not None and sibling.tag not in (V.LABEL_TAG, V.LINE_BREAK):
            following = sibling.next
            sibling.decompose()
            sibling = following
        if sibling is not None and sibling.tag == V.LINE_BREAK:
            sibling.decompose()
        b.decompose()


def _site(tree: LexborHTMLParser, footer: str, charset: str | None) -> SiteInfo:
    heading = tree.css_first(V.SITE_HEADING)
    text = normalize_line(fragment(footer).text()) if footer else ""
    welcome = V.WELCOME.search(text)
    version = V.VERSION.search(text)
    return SiteInfo(
        name=normalize_line(heading.text()) if heading is not None else (welcome.group(1) if welcome else None),
        url=welcome.group(2) if welcome else None,
        software=C.SOFTWARE if C.SOFTWARE_MARK in text else None,
        version=version.group(1) if version else None,
        charset=charset,
    )
