"""The cleaner: a post's message element → the author's words, plus what was pulled out.

Pure and in-place on a selectolax node the caller owns. A pipeline of named steps, each
small: drop noise (jammer, scripts, ads, tips), take out the edit note, quotes, hidden-content
notices and attachment chrome (each kept as data), then serialise what is left to text
with the author's line structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timezone
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from .._text import normalize_block, normalize_line, parse_int, pid_from_url
from .._time import parse_absolute
from ..models import Attachment, EditInfo, Image, Quote


class Sel:
    """Selectors and UI strings the cleaner knows, in one place."""

    NOISE = (
        "script, style, font.jammer, .jammer, div.a_pr, div.attach_nopermission, "
        "div.tip, [id$='_menu'], em[onclick^='copycode'], .atips_close, div.blockcode p, form, "
        "div.guestviewthumb p, div.media_tips"
    )
    EDIT_NOTE = "i.pstatus"
    QUOTE = "div.quote, div.reply_wrap"
    QUOTE_HEADER = "font[size='2'], font[color='#999999']"
    CODE = "div.blockcode"
    HIDDEN_NOTICE = "div.locked"
    SHOWN_HIDE_HEADER = "div.showhide > h4"
    IMAGES = "img"
    FILE_ATTACH = "span[id^='attach_']"
    ATTACH_LIST_ITEM = "dl.tattl"
    ATTACH_LINK = "a[id^='aid'], p.attnm a, a[href*='mod=attachment']"
    # text Discuz puts around content; dropped when found as a whole line
    CHROME_LINES = ("复制代码", "下载附件", "保存到相册", "本帖隐藏的内容", "本帖隱藏的內容")
    EDIT_TEXT = re.compile(r"本帖最后由\s*(.+?)\s*于\s*(.+?)\s*编辑|本帖最後由\s*(.+?)\s*於\s*(.+?)\s*編輯")
    QUOTE_HEADER_TEXT = re.compile(r"^(.*?)\s*(?:发表于|發表於)\s*(.+)$")
    SIZE = re.compile(r"(\d+(?:\.\d+)?\s*(?:Bytes|KB|MB|GB|TB|B))", re.I)
    DOWNLOADS = re.compile(r"(?:下载次数|下載次數)\s*[:：]\s*(\d+)")
    DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
    PLACEHOLDER_IMAGES = ("static/image/common/none.gif", "static/image/common/", "/none.gif")
    SMILEY = "static/image/smiley/"
    # any of these means the message needs the pipeline; a plain post has none of them
    PIPELINE_TRIGGERS = (
        f"{NOISE}, span[style], {EDIT_NOTE}, {QUOTE}, {CODE}, {HIDDEN_NOTICE}, div.showhide, img, "
        f"{FILE_ATTACH}, {ATTACH_LIST_ITEM}, ignore_js_op"
    )


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title"))


@dataclass
class CleanedMessage:
    text: str = ""
    html: str = ""
    edit: EditInfo | None = None
    quotes: list[Quote] = field(default_factory=list)
    code_blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    hidden_notices: list[str] = field(default_factory=list)


# --- serialisation ---------------------------------------------------------------------


def node_text(node: LexborNode, *, keep_blank_lines: bool = False) -> str:
    """Text of ``node`` with line breaks where ``<br>`` and block elements put them."""
    parts: list[str] = []
    _collect_text(node, parts)
    return normalize_block("".join(parts), keep_blank_lines=keep_blank_lines)


def _collect_text(root: LexborNode, out: list[str]) -> None:
    """Depth-first, with an explicit stack: hostile pages nest thousands of elements deep."""
    stack: list[LexborNode | str] = []
    _push_children(root, stack)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        tag = item.tag
        if tag == "-text":
            raw = item.text_content or ""
            out.append(raw.replace("\r", " ").replace("\n", " ").replace("\t", " "))
        elif tag == "br":
            out.append("\n")
        elif tag in _SKIP_TAGS or tag in ("-comment", "_comment"):
            continue
        elif tag in _BLOCK_TAGS:
            out.append("\n")
            stack.append("\n")
            _push_children(item, stack)
        elif tag in _CELL_TAGS:
            stack.append("\t")
            _push_children(item, stack)
        else:
            _push_children(item, stack)


def _push_children(node: LexborNode, stack: list[LexborNode | str]) -> None:
    child = node.last_child
    while child is not None:
        stack.append(child)
        child = child.prev


def is_display_none(node: LexborNode) -> bool:
    style = node.attributes.get("style")
    return bool(style and Sel.DISPLAY_NONE.search(style))


# --- pipeline steps ----------------------------------------------------------------------


def drop_noise(message: LexborNode) -> None:
    """Remove the jammer, scripts, ads, hover tips and every ``display:none`` span."""
    for node in message.css(Sel.NOISE):
        node.decompose()
    for node in message.css("span[style]"):
        if is_display_none(node):
            node.decompose()


def take_edit_note(message: LexborNode, tz: timezone) -> EditInfo | None:
    note = message.css_first(Sel.EDIT_NOTE)
    if note is None:
        return None
    match = Sel.EDIT_TEXT.search(normalize_line(note.text()))
    _remove_with_following_breaks(note)
    if match is None:
        return EditInfo()
    editor = match.group(1) or match.group(3)
    when = match.group(2) or match.group(4)
    return EditInfo(editor=editor, edited_at_text=when, edited_at=parse_absolute(when, tz))


def _remove_with_following_breaks(node: LexborNode, limit: int = 2) -> None:
    sibling = node.next
    node.decompose()
    removed = 0
    while sibling is not None and removed < limit:
        following = sibling.next
        if sibling.tag == "br":
            sibling.decompose()
            removed += 1
        elif sibling.tag == "-text" and not (sibling.text_content or "").strip():
            pass
        else:
            break
        sibling = following


def take_quotes(message: LexborNode, tz: timezone) -> list[Quote]:
    quotes: list[Quote] = []
    for block in message.css(Sel.QUOTE):
        if block.parent is None:  # already removed with an outer quote
            continue
        quotes.append(_read_quote(block, tz))
        block.decompose()
    return quotes


def _read_quote(block: LexborNode, tz: timezone) -> Quote:
    header = block.css_first(Sel.QUOTE_HEADER)
    author = when = None
    pid = None
    if header is not None:
        link = header.css_first("a") or (header.parent if header.parent and header.parent.tag == "a" else None)
        pid = pid_from_url(link.attributes.get("href")) if link is not None else None
        m = Sel.QUOTE_HEADER_TEXT.match(normalize_line(header.text()))
        if m:
            author, when = m.group(1) or None, m.group(2)
        header.decompose()
    return Quote(
        author=author,
        posted_at_text=when,
        posted_at=parse_absolute(when, tz) if when else None,
        pid=pid,
        text=node_text(block),
    )


def take_code_blocks(message: LexborNode) -> list[str]:
    """Code stays in the text (it is the author's); this records each block verbatim."""
    blocks: list[str] = []
    for block in message.css(Sel.CODE):
        lines = block.css("li")
        if lines:
            code = "\n".join(_code_line(li) for li in lines)
        else:
            code = "\n".join(x.rstrip() for x in (block.text(deep=True) or "").splitlines())
        blocks.append(code.strip("\n"))
    return blocks


def _code_line(li: LexborNode) -> str:
    return (li.text(deep=True) or "").replace("\u00a0", " ").rstrip()


def take_hidden_notices(message: LexborNode) -> list[str]:
    """``[hide]`` notices (content withheld from this viewer) → their text; removed."""
    notices: list[str] = []
    for node in message.css(Sel.HIDDEN_NOTICE):
        notices.append(normalize_line(node.text()))
        node.decompose()
    for header in message.css(Sel.SHOWN_HIDE_HEADER):
        header.decompose()
    return notices


def image_url(img: LexborNode) -> str | None:
    """Discuz's lazy images keep the real URL in ``zoomfile`` or ``file``; ``src`` is a placeholder."""
    attrs = img.attributes
    for name in ("zoomfile", "file", "data-original", "src"):
        value = attrs.get(name)
        if value and not any(p in value for p in Sel.PLACEHOLDER_IMAGES):
            return value
    return None


def take_images(message: LexborNode, base_url: str | None) -> list[Image]:
    images: list[Image] = []
    for img in message.css(Sel.IMAGES):
        url = image_url(img)
        if url is None or Sel.SMILEY in url or img.attributes.get("smilieid"):
            continue
        absolute = urljoin(base_url, url) if base_url else url
        img.attrs["src"] = absolute
        images.append(Image(url=absolute, aid=_image_aid(img), alt=img.attributes.get("alt") or None))
    return images


def _image_aid(img: LexborNode) -> int | None:
    aid = img.attributes.get("aid")
    if aid and aid.isdigit():
        return int(aid)
    node_id = img.attributes.get("id") or ""
    return int(node_id[5:]) if node_id.startswith("aimg_") and node_id[5:].isdigit() else None


def read_attachments(scope: LexborNode, base_url: str | None) -> list[Attachment]:
    """Attachments listed in ``scope``: inline file links and the ``div.pattl`` list."""
    found: list[Attachment] = []
    for holder in scope.css(f"{Sel.FILE_ATTACH}, {Sel.ATTACH_LIST_ITEM}"):
        link = holder.css_first(Sel.ATTACH_LINK)
        if link is None:
            continue
        found.append(_attachment_from(holder, link, base_url))
    return found


def _attachment_from(holder: LexborNode, link: LexborNode, base_url: str | None) -> Attachment:
    href = link.attributes.get("href")
    context = normalize_line(holder.text() + " " + (holder.next.text() if holder.next is not None else ""))
    size = Sel.SIZE.search(context)
    downloads = Sel.DOWNLOADS.search(context)
    link_id = link.attributes.get("id") or holder.attributes.get("id") or ""
    digits = re.sub(r"\D", "", link_id)
    return Attachment(
        name=normalize_line(link.text()) or None,
        url=urljoin(base_url, href) if (href and base_url) else href,
        size=size.group(1) if size else None,
        aid=int(digits) if digits else None,
        downloads=int(downloads.group(1)) if downloads else None,
    )


def image_attachments(message: LexborNode, base_url: str | None) -> list[Attachment]:
    """Inline image attachments carry name and size in their hover tip (``aimg_AID_menu``)."""
    found: list[Attachment] = []
    for tip in message.css("div[id^='aimg_'][id$='_menu']"):
        digits = re.sub(r"\D", "", tip.attributes.get("id") or "")
        name_node = tip.css_first("strong")
        context = normalize_line(tip.text())
        size = Sel.SIZE.search(context)
        downloads = Sel.DOWNLOADS.search(context)
        img = message.css_first(f"#aimg_{digits}") if digits else None
        url = image_url(img) if img is not None else None
        found.append(
            Attachment(
                name=normalize_line(name_node.text()) if name_node is not None else None,
                url=urljoin(base_url, url) if (url and base_url) else url,
                size=size.group(1) if size else None,
                aid=int(digits) if digits else None,
                downloads=int(downloads.group(1)) if downloads else None,
            )
        )
    return found


def drop_file_attachment_chrome(message: LexborNode) -> None:
    """Inline file attachments: the link, its ``(SIZE, 下载次数: N)`` and the tip all go."""
    for span in message.css(Sel.FILE_ATTACH):
        if span.parent is None:
            continue
        wrapper = _ancestor(span, "ignore_js_op", stop=message)
        if wrapper is not None:
            wrapper.decompose()
            continue
        following = span.next
        while following is not None and following.tag == "-text" and not (following.text_content or "").strip():
            following = following.next
        if following is not None and following.tag == "em":
            following.decompose()
        span.decompose()


def _ancestor(node: LexborNode, tag: str, *, stop: LexborNode) -> LexborNode | None:
    current = node.parent
    while current is not None and current.mem_id != stop.mem_id:
        if current.tag == tag:
            return current
        current = current.parent
    return None


def _drop_chrome_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line not in Sel.CHROME_LINES)


def clean_message(message: LexborNode, *, tz: timezone, base_url: str | None = None) -> CleanedMessage:
    """Run the whole pipeline on one message element (mutates it)."""
    result = CleanedMessage()
    if not _is_plain(message) and message.css_first(Sel.PIPELINE_TRIGGERS) is not None:
        _run_pipeline(message, result, tz, base_url)
    else:
        result.html = (message.inner_html or "").strip()
    result.text = _drop_chrome_lines(node_text(message))
    return result


_PLAIN_CHILDREN = frozenset(("-text", "br", "strong", "b", "u", "a"))


def _is_plain(message: LexborNode) -> bool:
    """Text, line breaks and simple inline tags only: nothing for the cleaning steps to do."""
    child = message.child
    while child is not None:
        tag = child.tag
        if tag not in _PLAIN_CHILDREN:
            return False
        if tag not in ("-text", "br"):
            inner = child.child  # an inline tag holding one text node and nothing else
            if inner is None or inner.tag != "-text" or inner.next is not None:
                return False
        child = child.next
    return True


def _run_pipeline(message: LexborNode, result: CleanedMessage, tz: timezone, base_url: str | None) -> None:
    result.attachments = image_attachments(message, base_url) + read_attachments(message, base_url)
    drop_noise(message)
    result.edit = take_edit_note(message, tz)
    result.images = take_images(message, base_url)
    result.code_blocks = take_code_blocks(message)
    result.html = (message.inner_html or "").strip()
    result.quotes = take_quotes(message, tz)
    result.hidden_notices = take_hidden_notices(message)
    drop_file_attachment_chrome(message)


__all__ = ["CleanedMessage", "clean_message", "image_url", "node_text", "parse_int", "read_attachments"]
