"""The page chrome every desktop Discuz page shares: head, breadcrumb, pager, footer (pure)."""

from __future__ import annotations

import base64
import binascii
import html
import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .._text import fid_from_url, normalize_line, parse_int
from .._time import make_timezone, parse_absolute, parse_gmt_offset
from ..models import ForumRef, Link, SiteInfo


class Sel:
    BASE = "base[href]"
    CANONICAL = "link[rel='canonical']"
    GENERATOR = "meta[name='generator']"
    APP_NAME = "meta[name='application-name']"
    BREADCRUMB = "#pt .z a, #pt a"
    HOME_LINK = "#pt a.nvhm"
    PAGER = "div.pg"
    PAGER_TOTAL = "span[title]"
    FOOTER_TIME = "#flk p.xs0, #ft p.xs0"
    FOOTER_SITE = "#flk strong a"
    FOOTER_POWERED = "#frt"
    FOOTER = "#ft"
    PREV_NEXT_WORDS = {
        "上一篇": "prev",
        "上一主题": "prev",
        "上一主題": "prev",
        "下一篇": "next",
        "下一主题": "next",
        "下一主題": "next",
    }
    SCRIPT_IDS = re.compile(r"fid\s*=\s*parseInt\('(\d+)'\)\s*,\s*tid\s*=\s*parseInt\('(\d+)'\)")
    PAGE_TOTAL = re.compile(r"/\s*(\d+)\s*[页頁]|共\s*(\d+)\s*[页頁]")
    VERSION = re.compile(r"Discuz!\s*(X?\d+(?:\.\d+)*)", re.I)
    PROCESSED = re.compile(r"Processed in\s*([\d.]+)\s*second", re.I)
    QUERIES = re.compile(r"(\d+)\s*quer", re.I)
    TITLE_SUFFIX = re.compile(r"\s*-\s*Powered by Discuz!.*$", re.I)
    PAGE_IN_TITLE = re.compile(r"\s*-\s*第\s*\d+\s*[页頁]\s*")


def base_url(tree: LexborHTMLParser, fallback: str | None) -> str | None:
    """Discuz sets ``<base href=SITEURL>``: relative links resolve against it, not the request URL."""
    node = tree.css_first(Sel.BASE)
    href = node.attributes.get("href") if node is not None else None
    if href and fallback:
        return urljoin(fallback, href)
    return href or fallback


def absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    if not base or url.startswith(("http://", "https://")):
        return url
    return urljoin(base, url)


REPORT_URL = re.compile(r"REPORTURL\s*=\s*'([A-Za-z0-9+/=]+)'")


def report_url(html_text: str) -> str | None:
    """The page's own URL, base64 in the ``REPORTURL`` script variable (desktop, printable)."""
    m = REPORT_URL.search(html_text[:20000])
    if m is None:
        return None
    try:
        return base64.b64decode(m.group(1)).decode("utf-8", "replace")
    except (ValueError, binascii.Error):
        return None


def script_ids(html_text: str) -> tuple[int | None, int | None]:
    """``var fid = parseInt('F'), tid = parseInt('T')`` from the inline script."""
    m = Sel.SCRIPT_IDS.search(html_text)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def breadcrumb(tree: LexborHTMLParser, base: str | None) -> list[Link]:
    bar = tree.css_first("#pt")
    if bar is None:
        return []
    links = bar.css("div.z a") or bar.css("a")
    return [
        Link(title=normalize_line(a.text()) or a.attributes.get("title"), url=absolute(a.attributes.get("href"), base))
        for a in links
    ]


def forum_from_breadcrumb(crumbs: list[Link], fid: int | None) -> ForumRef | None:
    """The forum is the last breadcrumb link to a forum listing."""
    for link in reversed(crumbs):
        link_fid = fid_from_url(link.url) if link.url and ("forumdisplay" in link.url or "forum-" in link.url) else None
        if link_fid is not None:
            return ForumRef(fid=link_fid, name=link.title, url=link.url)
    return ForumRef(fid=fid) if fid is not None else None


def pagination(tree: LexborHTMLParser) -> tuple[int, int]:
    """(current page, page count). A single-page thread has no pager at all."""
    pager = tree.css_first(Sel.PAGER)
    if pager is None:
        return 1, 1
    strong = pager.css_first("strong")
    current = parse_int(strong.text()) if strong is not None else None
    total = None
    for span in pager.css(Sel.PAGER_TOTAL):
        m = Sel.PAGE_TOTAL.search(span.attributes.get("title") or "") or Sel.PAGE_TOTAL.search(span.text())
        if m:
            total = int(m.group(1) or m.group(2))
            break
    numbers = [n for a in pager.css("a") if (n := parse_int(a.text().replace("...", ""))) is not None]
    if total is None:
        total = max([*numbers, current or 1])
    current = current or 1
    return current, max(total, current)


def title(tree: LexborHTMLParser) -> str | None:
    subject = tree.css_first("#thread_subject")
    if subject is not None and (text := normalize_line(subject.text())):
        return text
    head = tree.css_first("title")
    if head is None:
        return None
    text = Sel.TITLE_SUFFIX.sub("", normalize_line(head.text()))
    text = Sel.PAGE_IN_TITLE.sub(" - ", text)
    parts = [p for p in text.split(" - ") if p]
    # "SUBJECT - FORUM - BBNAME": the bbname and forum are the last parts
    return " - ".join(parts[:-2]) if len(parts) > 2 else (parts[0] if parts else None)


PREV_NEXT_LINE = re.compile(
    r"(上一篇|下一篇|上一主题|下一主题|上一主題|下一主題)\s*(?:&nbsp;|\s)*[:：]\s*(?:&nbsp;|\s)*"
    r"<a\b[^>]*?href=[\"']([^\"']*)[\"'][^>]*>(.{0,400}?)</a>",
    re.S,
)
TAGS = re.compile(r"<[^>]+>")


def prev_next(tree: LexborHTMLParser, raw: str, base: str | None) -> tuple[Link | None, Link | None]:
    """Previous/next thread: ``上一篇：<a>TITLE</a>`` lines, else the header's arrow links."""
    found: dict[str, Link] = {}
    labelled = "上一篇" in raw or "下一篇" in raw or "主题：" in raw or "主題：" in raw or "主题:" in raw
    for m in PREV_NEXT_LINE.finditer(raw) if labelled else ():
        which = Sel.PREV_NEXT_WORDS[m.group(1)]
        title = normalize_line(html.unescape(TAGS.sub("", m.group(3))))
        if which not in found and title:
            found[which] = Link(title=title, url=absolute(html.unescape(m.group(2)), base))
    if len(found) < 2:
        for anchor in tree.css("a[title]"):
            arrow = _prev_next_label(anchor)
            if arrow is not None and arrow not in found:
                text = normalize_line(anchor.text()) or None
                found[arrow] = Link(title=text, url=absolute(anchor.attributes.get("href"), base))
    return found.get("prev"), found.get("next")


def _prev_next_label(anchor: LexborNode) -> str | None:
    title = anchor.attributes.get("title") or ""
    if title in Sel.PREV_NEXT_WORDS:
        return Sel.PREV_NEXT_WORDS[title]
    before = anchor.prev
    while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
        before = before.prev
    if before is None or before.tag != "-text":
        return None
    label = normalize_line(before.text_content or "").rstrip(":：").strip()
    return Sel.PREV_NEXT_WORDS.get(label)


def site_info(tree: LexborHTMLParser, *, charset: str | None, base: str | None) -> SiteInfo:
    info = SiteInfo(charset=charset, url=base)
    generator = tree.css_first(Sel.GENERATOR)
    gen = generator.attributes.get("content") or "" if generator is not None else ""
    footer = tree.css_first(Sel.FOOTER)
    powered = footer.css_first(Sel.FOOTER_POWERED) if footer is not None else tree.css_first(Sel.FOOTER_POWERED)
    powered_text = normalize_line(powered.text()) if powered is not None else ""
    for source in (gen, powered_text):
        m = Sel.VERSION.search(source)
        if m:
            info.software, info.version = "Discuz!", m.group(1)
            break
    if info.software is None and ("Discuz" in gen or "Discuz" in powered_text):
        info.software = "Discuz!"
    info.name = _site_name(tree, footer)
    _read_footer_time(footer or tree, info)
    copyright_node = powered.css("p.xs0") if powered is not None else []
    if copyright_node:
        info.copyright = normalize_line(copyright_node[-1].text()) or None
    return info


def _site_name(tree: LexborHTMLParser, footer: LexborNode | None) -> str | None:
    for selector, attr in ((Sel.FOOTER_SITE, None), (Sel.APP_NAME, "content"), (Sel.HOME_LINK, None)):
        scope = footer if (footer is not None and selector == Sel.FOOTER_SITE) else tree
        node = scope.css_first(selector)
        if node is None:
            continue
        value = node.attributes.get(attr) if attr else normalize_line(node.text())
        if value:
            return value
    return _site_name_from_title(tree)


def _site_name_from_title(tree: LexborHTMLParser) -> str | None:
    """``SUBJECT - FORUM - BBNAME [- 手机版] - Powered by Discuz!``: the part before the suffix."""
    head = tree.css_first("title")
    text = normalize_line(head.text()) if head is not None else ""
    if "Powered by Discuz" not in text:
        return None
    parts = [p.strip() for p in Sel.TITLE_SUFFIX.sub("", text).split(" - ") if p.strip()]
    parts = [p for p in parts if p not in ("手机版", "手機版", "触屏版", "觸屏版")]
    return parts[-1] if len(parts) >= 2 else None


def _read_footer_time(scope: LexborHTMLParser | LexborNode, info: SiteInfo) -> None:
    node = scope.css_first(Sel.FOOTER_TIME)
    if node is None:
        return
    text = normalize_line(node.text())
    info.utc_offset = parse_gmt_offset(text)
    if info.utc_offset is not None:
        info.generated_at = parse_absolute(text, make_timezone(info.utc_offset))
    m = Sel.PROCESSED.search(text)
    info.processing_seconds = float(m.group(1)) if m else None
    q = Sel.QUERIES.search(text)
    info.queries = int(q.group(1)) if q else None


def thread_counters(tree: LexborHTMLParser) -> tuple[int | None, int | None]:
    """``查看: N | 回复: N``; only page 1 prints them."""
    box = tree.css_first("#postlist div.hm") or tree.css_first("div.hm.ptn")
    if box is not None:
        numbers = [parse_int(s.text()) for s in box.css("span.xi1")]
        if len(numbers) >= 2:
            return numbers[0], numbers[1]
        m = COUNTERS.search(normalize_line(box.text()))
        if m:
            return int(m.group(1)), int(m.group(2))
    return None, None


COUNTERS = re.compile(r"(?:查看|查閱|阅读|閱讀)\s*[:：]\s*(\d+)\s*\|?\s*(?:回复|回覆|回復)\s*[:：]\s*(\d+)")
