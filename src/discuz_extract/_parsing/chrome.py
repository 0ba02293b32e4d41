"""The page chrome every desktop Discuz page shares: head, breadcrumb, pager, footer (pure)."""

from __future__ import annotations

import base64
import binascii
import html
import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int, to_int, to_seconds
from .._time import make_timezone, parse_absolute, parse_gmt_offset
from .._vocab import COUNTERS
from ..models import ForumRef, Link, SiteInfo
from . import vocab_chrome as V


def base_url(tree: LexborHTMLParser, fallback: str | None) -> str | None:
    """Discuz sets ``<base href=SITEURL>``: relative links resolve against it, not the request URL."""
    node = tree.css_first(V.BASE)
    href = node.attributes.get("href") if node is not None else None
    if href and fallback:
        return urljoin(fallback, href)
    return href or fallback


def absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    if not base or url.startswith(("http://", "https://")):
        return url
    simple = _SIMPLE_RELATIVE.match(url) is not None and "/." not in url and "//" not in url
    if simple and base.endswith("/") and "?" not in base and "#" not in base:
        return base + url  # what urljoin gives for a plain relative path, without its cost
    return urljoin(base, url)


# a relative URL with no scheme and no leading slash or dot (dot segments are checked apart)
_SIMPLE_RELATIVE = re.compile(r"^[A-Za-z0-9_][^:\s\\]*$")


def report_url(html_text: str) -> str | None:
    """The page's own URL, base64 in the ``REPORTURL`` script variable (desktop, printable)."""
    m = V.REPORT_URL.search(html_text[:20000])
    if m is None:
        return None
    try:
        return base64.b64decode(m.group(1)).decode("utf-8", "replace")
    except (ValueError, binascii.Error):
        return None


def script_ids(html_text: str) -> tuple[int | None, int | None]:
    """``var fid = parseInt('F'), tid = parseInt('T')`` from the inline script."""
    m = V.SCRIPT_IDS.search(html_text)
    return (to_int(m.group(1)), to_int(m.group(2))) if m else (None, None)


def breadcrumb(tree: LexborHTMLParser, base: str | None) -> list[Link]:
    bar = tree.css_first(V.BREADCRUMB_BAR)
    if bar is None:
        return []
    links = bar.css(V.BREADCRUMB_LINKS) or bar.css(V.ANY_LINK)
    return [
        Link(title=normalize_line(a.text()) or a.attributes.get("title"), url=absolute(a.attributes.get("href"), base))
        for a in links
    ]


def forum_from_breadcrumb(crumbs: list[Link], fid: int | None) -> ForumRef | None:
    """The forum is the last breadcrumb link to a forum listing."""
    for link in reversed(crumbs):
        is_forum = link.url is not None and any(m in link.url for m in V.FORUM_LINK_MARKERS)
        link_fid = fid_from_url(link.url) if is_forum else None
        if link_fid is not None:
            return ForumRef(fid=link_fid, name=link.title, url=link.url)
    return ForumRef(fid=fid) if fid is not None else None


def pagination(tree: LexborHTMLParser) -> tuple[int, int]:
    """(current page, page count). A single-page thread has no pager at all."""
    pager = tree.css_first(V.PAGER)
    if pager is None:
        return 1, 1
    strong = pager.css_first(V.PAGER_CURRENT)
    current = parse_int(strong.text()) if strong is not None else None
    total = None
    for span in pager.css(V.PAGER_TOTAL):
        m = V.PAGE_TOTAL.search(span.attributes.get("title") or "") or V.PAGE_TOTAL.search(span.text())
        if m:
            total = to_int(m.group(1) or m.group(2))
            break
    if total is None:
        numbers = [parse_int(a.text().replace(V.PAGER_ELLIPSIS, "")) for a in pager.css(V.ANY_LINK)]
        total = max([*(n for n in numbers if n is not None), current or 1])
    current = current or 1
    return current, max(total, current)


def title(tree: LexborHTMLParser) -> str | None:
    subject = tree.css_first(V.THREAD_SUBJECT)
    if subject is not None and (text := normalize_line(subject.text())):
        return text
    head = tree.css_first(V.TITLE)
    if head is None:
        return None
    text = V.TITLE_SUFFIX.sub("", normalize_line(head.text()))
    text = V.PAGE_IN_TITLE.sub(V.TITLE_SEPARATOR, text)
    parts = [p for p in text.split(V.TITLE_SEPARATOR) if p]
    # "SUBJECT - FORUM - BBNAME": the bbname and forum are the last parts
    return V.TITLE_SEPARATOR.join(parts[:-2]) if len(parts) > 2 else (parts[0] if parts else None)


def prev_next(raw: str, base: str | None) -> tuple[Link | None, Link | None]:
    """Previous/next thread: ``PREV: <a>TITLE</a>`` lines, else the header's arrow links.

    Both sit between the postlist's start and the second post, so only that slice of the
    page is searched (the whole page where a skin has no postlist).
    """
    region = _prev_next_region(raw)
    found: dict[str, Link] = {}
    for anchor in V.PREV_NEXT_ANCHOR.finditer(region):
        m = V.PREV_NEXT_LINE.match(region, max(anchor.start() - 1, 0))
        text = normalize_line(html.unescape(V.TAGS.sub("", m.group(3)))) if m is not None else ""
        if m is not None and text:
            link = Link(title=text, url=absolute(html.unescape(m.group(2)), base))
            found.setdefault(V.PREV_NEXT_WORDS[m.group(1)], link)
    for which, link in _arrow_links(region, base):
        found.setdefault(which, link)
    return found.get("prev"), found.get("next")


def _arrow_links(region: str, base: str | None) -> list[tuple[str, Link]]:
    """Links whose title says previous or next thread, in page order."""
    links = []
    for m in V.PREV_NEXT_ARROW_TITLE.finditer(region):
        start = region.rfind(V.LINK_START, 0, m.start())
        end = region.find(V.TAG_END, m.end())
        if start < 0 or end < 0:
            continue
        href = V.LINK_HREF.search(region, start, end)
        close = region.find(V.LINK_CLOSE, end)
        text = normalize_line(html.unescape(V.TAGS.sub("", region[end + 1 : close]))) if close > 0 else ""
        url = absolute(html.unescape(href.group(1)), base) if href is not None else None
        links.append((V.PREV_NEXT_WORDS[m.group(1)], Link(title=text or None, url=url)))
    return links


def _prev_next_region(raw: str) -> str:
    start = raw.find(V.PREV_NEXT_REGION_START)
    if start < 0:
        return raw
    first = V.PREV_NEXT_REGION_END.search(raw, start)
    second = V.PREV_NEXT_REGION_END.search(raw, first.end()) if first is not None else None
    return raw[start : second.start()] if second is not None else raw[start:]


def site_info(tree: LexborHTMLParser, *, charset: str | None, base: str | None) -> SiteInfo:
    info = SiteInfo(charset=charset, url=base)
    generator = tree.css_first(V.GENERATOR)
    gen = generator.attributes.get("content") or "" if generator is not None else ""
    footer = tree.css_first(V.FOOTER)
    powered = footer.css_first(V.FOOTER_POWERED) if footer is not None else tree.css_first(V.FOOTER_POWERED)
    powered_text = normalize_line(powered.text()) if powered is not None else ""
    for source in (gen, powered_text):
        m = V.VERSION.search(source)
        if m:
            info.software, info.version = V.SOFTWARE, m.group(1)
            break
    if info.software is None and (V.SOFTWARE_MARK in gen or V.SOFTWARE_MARK in powered_text):
        info.software = V.SOFTWARE
    info.name = _site_name(tree, footer)
    _read_footer_time(footer or tree, info)
    copyright_node = powered.css(V.FOOTER_COPYRIGHT) if powered is not None else []
    if copyright_node:
        info.copyright = normalize_line(copyright_node[-1].text()) or None
    return info


def _site_name(tree: LexborHTMLParser, footer: LexborNode | None) -> str | None:
    for selector, attr in ((V.FOOTER_SITE, None), (V.APP_NAME, "content"), (V.HOME_LINK, None)):
        scope = footer if (footer is not None and selector == V.FOOTER_SITE) else tree
        node = scope.css_first(selector)
        if node is None:
            continue
        value = node.attributes.get(attr) if attr else normalize_line(node.text())
        if value:
            return value
    return _site_name_from_title(tree)


def _site_name_from_title(tree: LexborHTMLParser) -> str | None:
    """``SUBJECT - FORUM - BBNAME [- mobile] - Powered by Discuz!``: the part before the suffix."""
    head = tree.css_first(V.TITLE)
    text = normalize_line(head.text()) if head is not None else ""
    if V.POWERED_BY not in text:
        return None
    parts = [p.strip() for p in V.TITLE_SUFFIX.sub("", text).split(V.TITLE_SEPARATOR) if p.strip()]
    parts = [p for p in parts if p not in V.MOBILE_TITLE_PARTS]
    return parts[-1] if len(parts) >= 2 else None


def _read_footer_time(scope: LexborHTMLParser | LexborNode, info: SiteInfo) -> None:
    node = scope.css_first(V.FOOTER_TIME)
    if node is None:
        return
    text = normalize_line(node.text())
    info.utc_offset = parse_gmt_offset(text)
    if info.utc_offset is not None:
        info.generated_at = parse_absolute(text, make_timezone(info.utc_offset))
    m = V.PROCESSED.search(text)
    info.processing_seconds = to_seconds(m.group(1)) if m else None
    q = V.QUERIES.search(text)
    info.queries = to_int(q.group(1)) if q else None


def thread_counters(tree: LexborHTMLParser) -> tuple[int | None, int | None]:
    """``VIEWS: N | REPLIES: N``; only page 1 prints them."""
    box = next((b for s in V.COUNTER_BOXES if (b := tree.css_first(s)) is not None), None)
    if box is not None:
        numbers = [parse_int(s.text()) for s in box.css(V.COUNTER_NUMBERS)]
        if len(numbers) >= 2:
            return numbers[0], numbers[1]
        m = COUNTERS.search(normalize_line(box.text()))
        if m:
            return to_int(m.group(1)), to_int(m.group(2))
    return None, None
