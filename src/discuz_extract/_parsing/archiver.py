"""The archiver (``archiver/?tid-T.html``): no meta charset, BBCode stripped to escaped text (pure).

``div#content`` is flat: each post is a ``p.author`` (``strong`` name, ``发表于`` time), an
``h3`` subject, then the message up to the next ``p.author`` or ``div.page``. It shows no
pids, uids, floors or author stats: those fields stay ``None``; ``floor`` is the post's
ordinal, which is what Discuz numbers it.
"""

from __future__ import annotations

from datetime import timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, tid_from_url
from .._time import make_timezone, parse_absolute
from ..models import Author, EditInfo, ForumRef, Link, PageKind, Post, PostStatus, Quote, SiteInfo, ThreadPage
from . import chrome
from . import vocab_archiver as V
from . import vocab_chrome as C
from .common import apply_message, fragment, set_time, take_flat_media
from .gates import raise_for_gate


def parse_archiver(tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None) -> ThreadPage:
    content = tree.css_first(V.CONTENT)
    segments = _segments(content) if content is not None else []
    if not segments:
        raise_for_gate(tree, raw, url=url)
    base = chrome.base_url(tree, url)
    tz = make_timezone(None)  # the archiver prints no offset; Discuz's default is GMT+8
    page, page_count = _pagination(tree)
    posts = [_post(head, body, tz=tz, base=base) for head, body in segments]
    offset = (page - 1) * len(posts) if page < page_count else None
    for index, post in enumerate(posts):
        if page == 1 or offset is not None:
            post.floor = (offset or 0) + index + 1
            post.is_first = post.floor == 1
    end = tree.css_first(V.END)
    canonical = tree.css_first(C.CANONICAL)
    href = canonical.attributes.get("href") if canonical is not None else None
    return ThreadPage(
        kind=PageKind.ARCHIVER,
        url=url,
        tid=tid_from_url(href) or tid_from_url(_href(end)) or tid_from_url(url),
        title=normalize_line(end.text()) if end is not None else chrome.title(tree),
        forum=_forum(tree, base),
        breadcrumb=[
            Link(title=normalize_line(a.text()), url=chrome.absolute(a.attributes.get("href"), base))
            for a in tree.css(V.NAV_LINKS)
        ],
        page=page,
        page_count=page_count,
        site=_site(tree, charset, base),
        posts=posts,
    )


def _segments(content: LexborNode) -> list[tuple[LexborNode, list[str]]]:
    """(``p.author``, html of what follows it) for each post."""
    segments: list[tuple[LexborNode, list[str]]] = []
    child = content.child
    while child is not None:
        classes = (child.attributes.get("class") or "").split() if child.tag != "-text" else []
        if child.tag == "p" and V.POST_HEAD_CLASS in classes:
            segments.append((child, []))
        elif child.tag == "div" and V.PAGER_CLASS in classes:
            break
        elif segments and child.tag != V.SUBJECT_TAG:
            segments[-1][1].append(child.html or "")
        child = child.next
    return segments


def _post(head: LexborNode, body: list[str], *, tz: timezone, base: str | None) -> Post:
    post = Post()
    name = head.css_first(V.AUTHOR_NAME)
    if name is not None:
        anonymous = name.css_first(V.ANONYMOUS_MARK) is not None
        post.author = Author(name=normalize_line(name.text()) or None, is_anonymous=anonymous)
        name.decompose()
    exact = head.css_first(V.EXACT_TIME)
    set_time(
        post, head.text(), tz=tz, exact=exact.attributes.get("title") if exact is not None else None, reference=None
    )
    html = V.LIST_MARKER.sub("", "".join(body))
    post.edit, html = _take_flat_edit(html, tz)
    quote, html = _take_flat_quote(html, tz)
    html = take_flat_media(html, post)
    if any(h in html for h in V.HIDDEN):
        post.status, post.status_text = PostStatus.HIDDEN, V.HIDDEN_MESSAGE
        html = html.replace(V.HIDDEN_MESSAGE_HTML, "")
    edit = post.edit
    apply_message(post, fragment(html), tz=tz, base=base)
    post.edit = edit or post.edit
    if quote is not None:
        post.quotes.insert(0, quote)
    return post


def _take_flat_edit(html: str, tz: timezone) -> tuple[EditInfo | None, str]:
    m = V.FLAT_EDIT.match(html)
    if m is None:
        return None, html
    when = m.group("when").strip()
    return EditInfo(editor=m.group("editor"), edited_at_text=when, edited_at=parse_absolute(when, tz)), html[m.end() :]


def _take_flat_quote(html: str, tz: timezone) -> tuple[Quote | None, str]:
    m = V.FLAT_QUOTE.match(html)
    if m is None:
        return None, html
    excerpt = normalize_line(fragment(m.group("excerpt")).text()) if m.group("excerpt") else ""
    quote = Quote(
        author=normalize_line(m.group("author")) or None,
        posted_at_text=m.group("when"),
        posted_at=parse_absolute(m.group("when"), tz),
        text=excerpt,
    )
    return quote, html[m.end() :]


def _href(node: LexborNode | None) -> str | None:
    return node.attributes.get("href") if node is not None else None


def _pagination(tree: LexborHTMLParser) -> tuple[int, int]:
    pager = tree.css_first(V.PAGER)
    if pager is None:
        return 1, 1
    strong = pager.css_first(V.PAGER_CURRENT)
    current = parse_int(strong.text()) if strong is not None else 1
    numbers = [n for a in pager.css(V.PAGER_LINKS) if (n := parse_int(a.text())) is not None]
    current = current or 1
    return current, max([*numbers, current])


def _forum(tree: LexborHTMLParser, base: str | None) -> ForumRef | None:
    for a in tree.css(V.NAV_LINKS):
        href = a.attributes.get("href")
        if (fid := fid_from_url(href)) is not None:
            return ForumRef(fid=fid, name=normalize_line(a.text()) or None, url=chrome.absolute(href, base))
    return None


def _site(tree: LexborHTMLParser, charset: str | None, base: str | None) -> SiteInfo:
    header = tree.css_first(V.HEADER)
    footer = tree.css_first(V.FOOTER)
    footer_text = normalize_line(footer.text()) if footer is not None else ""
    version = V.VERSION.search(footer_text)
    site_url = base[: -len(V.ARCHIVER_DIR)] if base and base.endswith(V.ARCHIVER_DIR) else base
    return SiteInfo(
        name=V.SITE_SUFFIX.sub("", normalize_line(header.text())) or None if header is not None else None,
        url=site_url,
        software=C.SOFTWARE if C.SOFTWARE_MARK in footer_text else None,
        version=version.group(1) if version else None,
        charset=charset,
    )
