"""The archiver (``archiver/?tid-T.html``): no meta charset, BBCode stripped to escaped text (pure).

``div#content`` is flat: each post is a ``p.author`` (``strong`` name, ``发表于`` time), an
``h3`` subject, then the message up to the next ``p.author`` or ``div.page``. It shows no
pids, uids, floors or author stats: those fields stay ``None``; ``floor`` is the post's
ordinal, which is what Discuz numbers it.
"""

from __future__ import annotations

import re
from datetime import timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, tid_from_url
from .._time import make_timezone, parse_absolute
from ..models import Author, EditInfo, ForumRef, Link, PageKind, Post, PostStatus, Quote, SiteInfo, ThreadPage
from . import chrome
from .common import apply_message, fragment, set_time, take_flat_media
from .gates import raise_for_gate


class Sel:
    CONTENT = "#content"
    PAGER = "div.page"
    END = "#end a"
    HEADER = "#header h2"
    FOOTER = "#footer"
    HIDDEN = ("**** Hidden Message *****", "Hidden Message")
    FLAT_EDIT = re.compile(
        r"^\s*(?:本帖最后由|本帖最後由)\s*(?P<editor>\S.{0,60}?)\s*(?:于|於)\s*"
        r"(?P<when>[\d\-/: ]{8,20}?)\s*(?:编辑|編輯)\s*(?:<br\s*/?>\s*){0,2}",
    )
    LIST_MARKER = re.compile(r"\[\*\]")
    SITE_SUFFIX = re.compile(r"'s Archiver\s*$")
    VERSION = re.compile(r"Discuz!\s*(X?\d+(?:\.\d+)*)")
    # a reply-with-quote flattened to text: "AUTHOR 发表于 Y-n-j H:i<br />EXCERPT <br />"
    # (Discuz ends the excerpt with a space before [/quote]; quote times have no seconds)
    FLAT_QUOTE = re.compile(
        r"^\s*(?P<author>[^<\n]{1,60}?) (?:发表于|發表於) (?P<when>\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2})\s*<br\s*/?>"
        r"(?P<excerpt>(?:(?!<br).){0,600}?(?:<br\s*/?>(?:(?!<br).){0,600}?){0,2}) <br\s*/?>",
        re.S,
    )


def parse_archiver(tree: LexborHTMLParser, raw: str, *, url: str | None, charset: str | None) -> ThreadPage:
    content = tree.css_first(Sel.CONTENT)
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
    end = tree.css_first(Sel.END)
    canonical = tree.css_first(chrome.Sel.CANONICAL)
    href = canonical.attributes.get("href") if canonical is not None else None
    return ThreadPage(
        kind=PageKind.ARCHIVER,
        url=url,
        tid=tid_from_url(href) or tid_from_url(_href(end)) or tid_from_url(url),
        title=normalize_line(end.text()) if end is not None else chrome.title(tree),
        forum=_forum(tree, base),
        breadcrumb=[
            Link(title=normalize_line(a.text()), url=chrome.absolute(a.attributes.get("href"), base))
            for a in tree.css("#nav a")
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
        if child.tag == "p" and "author" in classes:
            segments.append((child, []))
        elif child.tag == "div" and "page" in classes:
            break
        elif segments and child.tag != "h3":
            segments[-1][1].append(child.html or "")
        child = child.next
    return segments


def _post(head: LexborNode, body: list[str], *, tz: timezone, base: str | None) -> Post:
    post = Post()
    name = head.css_first("strong")
    if name is not None:
        anonymous = name.css_first("i") is not None
        post.author = Author(name=normalize_line(name.text()) or None, is_anonymous=anonymous)
        name.decompose()
    exact = head.css_first("span[title]")
    set_time(
        post, head.text(), tz=tz, exact=exact.attributes.get("title") if exact is not None else None, reference=None
    )
    html = Sel.LIST_MARKER.sub("", "".join(body))
    post.edit, html = _take_flat_edit(html, tz)
    quote, html = _take_flat_quote(html, tz)
    html = take_flat_media(html, post)
    if any(h in html for h in Sel.HIDDEN):
        post.status, post.status_text = PostStatus.HIDDEN, "**** Hidden Message *****"
        html = html.replace("<b>**** Hidden Message *****</b>", "")
    edit = post.edit
    apply_message(post, fragment(html), tz=tz, base=base)
    post.edit = edit or post.edit
    if quote is not None:
        post.quotes.insert(0, quote)
    return post


def _take_flat_edit(html: str, tz: timezone) -> tuple[EditInfo | None, str]:
    m = Sel.FLAT_EDIT.match(html)
    if m is None:
        return None, html
    when = m.group("when").strip()
    return EditInfo(editor=m.group("editor"), edited_at_text=when, edited_at=parse_absolute(when, tz)), html[m.end() :]


def _take_flat_quote(html: str, tz: timezone) -> tuple[Quote | None, str]:
    m = Sel.FLAT_QUOTE.match(html)
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
    pager = tree.css_first(Sel.PAGER)
    if pager is None:
        return 1, 1
    strong = pager.css_first("strong")
    current = parse_int(strong.text()) if strong is not None else 1
    numbers = [n for a in pager.css("a") if (n := parse_int(a.text())) is not None]
    current = current or 1
    return current, max([*numbers, current])


def _forum(tree: LexborHTMLParser, base: str | None) -> ForumRef | None:
    for a in tree.css("#nav a"):
        href = a.attributes.get("href")
        if (fid := fid_from_url(href)) is not None:
            return ForumRef(fid=fid, name=normalize_line(a.text()) or None, url=chrome.absolute(href, base))
    return None


def _site(tree: LexborHTMLParser, charset: str | None, base: str | None) -> SiteInfo:
    header = tree.css_first(Sel.HEADER)
    footer = tree.css_first(Sel.FOOTER)
    footer_text = normalize_line(footer.text()) if footer is not None else ""
    version = Sel.VERSION.search(footer_text)
    site_url = base[: -len("archiver/")] if base and base.endswith("archiver/") else base
    return SiteInfo(
        name=Sel.SITE_SUFFIX.sub("", normalize_line(header.text())) or None if header is not None else None,
        url=site_url,
        software="Discuz!" if "Discuz" in footer_text else None,
        version=version.group(1) if version else None,
        charset=charset,
    )
