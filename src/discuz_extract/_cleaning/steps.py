"""The cleaning steps, each small and in place on the message element (pure)."""

from __future__ import annotations

import re
from datetime import timezone
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from .._text import normalize_line, pid_from_url, to_int
from .._time import parse_absolute
from .._vocab import DOWNLOADS, EDIT_NOTE
from ..models import Attachment, EditInfo, Image, Quote
from . import vocab as V
from .serialize import is_display_none, node_text


def drop_noise(message: LexborNode) -> None:
    """Remove the jammer, scripts, ads, hover tips and every ``display:none`` span."""
    for node in message.css(V.NOISE):
        node.decompose()
    for node in message.css(V.STYLED_SPANS):
        if is_display_none(node):
            node.decompose()


def take_edit_note(message: LexborNode, tz: timezone) -> EditInfo | None:
    note = message.css_first(V.EDIT_NOTE)
    if note is None:
        return None
    match = EDIT_NOTE.search(normalize_line(note.text()))
    _remove_with_following_breaks(note)
    if match is None:
        return EditInfo()
    when = match.group("when")
    return EditInfo(editor=match.group("editor"), edited_at_text=when, edited_at=parse_absolute(when, tz))


def _remove_with_following_breaks(node: LexborNode, limit: int = 2) -> None:
    sibling = node.next
    node.decompose()
    removed = 0
    while sibling is not None and removed < limit:
        following = sibling.next
        if sibling.tag == "br":
            sibling.decompose()
            removed += 1
        elif sibling.tag != "-text" or (sibling.text_content or "").strip():
            break
        sibling = following


def take_quotes(message: LexborNode, tz: timezone) -> list[Quote]:
    quotes: list[Quote] = []
    for block in message.css(V.QUOTE):
        if block.parent is None:  # already removed with an outer quote
            continue
        quotes.append(_read_quote(block, tz))
        block.decompose()
    return quotes


def _read_quote(block: LexborNode, tz: timezone) -> Quote:
    header = block.css_first(V.QUOTE_HEADER)
    author = when = None
    pid = None
    if header is not None:
        link = header.css_first(V.QUOTE_LINK) or (header.parent if header.parent and header.parent.tag == "a" else None)
        pid = pid_from_url(link.attributes.get("href")) if link is not None else None
        m = V.QUOTE_HEADER_TEXT.match(normalize_line(header.text()))
        if m:
            author, when = m.group(1) or None, m.group(2)
        header.decompose()
    return Quote(
        author=author,
        posted_at_text=when,
        posted_at=parse_absolute(when, tz) if when else None,
        pid=pid,
        text=V.QUOTE_LABEL.sub("", node_text(block)),
    )


def take_code_blocks(message: LexborNode) -> list[str]:
    """Code stays in the text (it is the author's); this records each block verbatim."""
    blocks: list[str] = []
    for block in message.css(V.CODE):
        lines = block.css(V.CODE_LINES)
        if lines:
            code = "\n".join(_code_line(li) for li in lines)
        else:
            code = "\n".join(x.rstrip() for x in (block.text(deep=True) or "").splitlines())
        blocks.append(code.strip("\n"))
    return blocks


def _code_line(li: LexborNode) -> str:
    return (li.text(deep=True) or "").replace("\u00a0", " ").rstrip()


def take_hidden_notices(message: LexborNode) -> list[str]:
    """``[hide]`` notices (content withheld from this viewer) -> their text; removed."""
    notices: list[str] = []
    for node in message.css(V.HIDDEN_NOTICE):
        notices.append(normalize_line(node.text()))
        node.decompose()
    for header in message.css(V.SHOWN_HIDE_HEADER):
        header.decompose()
    return notices


def image_url(img: LexborNode) -> str | None:
    """Discuz's lazy images keep the real URL in ``zoomfile`` or ``file``; ``src`` is a placeholder."""
    attrs = img.attributes
    for name in V.IMAGE_URL_ATTRIBUTES:
        value = attrs.get(name)
        if value and not any(p in value for p in V.PLACEHOLDER_IMAGES):
            return value
    return None


def take_images(message: LexborNode, base_url: str | None) -> list[Image]:
    images: list[Image] = []
    for img in message.css(V.IMAGES):
        url = image_url(img)
        if url is None or V.SMILEY in url or img.attributes.get("smilieid"):
            continue
        absolute = urljoin(base_url, url) if base_url else url
        img.attrs["src"] = absolute
        images.append(Image(url=absolute, aid=_image_aid(img), alt=img.attributes.get("alt") or None))
    return images


def _image_aid(img: LexborNode) -> int | None:
    aid = img.attributes.get("aid")
    if aid and aid.isdigit():
        return to_int(aid)
    node_id = img.attributes.get("id") or ""
    digits = node_id[len(V.IMAGE_ID_PREFIX) :]
    return to_int(digits) if node_id.startswith(V.IMAGE_ID_PREFIX) and digits.isdigit() else None


def read_attachments(scope: LexborNode, base_url: str | None) -> list[Attachment]:
    """Attachments listed in ``scope``: inline file links and the ``div.pattl`` list."""
    found: list[Attachment] = []
    for holder in scope.css(V.ATTACH_HOLDERS):
        link = holder.css_first(V.ATTACH_LINK)
        if link is not None:
            found.append(_attachment_from(holder, link, base_url))
    return found


def _next_element(node: LexborNode) -> LexborNode | None:
    """The sibling after ``node``, past whitespace (templates put line breaks between tags)."""
    following = node.next
    while following is not None and following.tag == "-text" and not (following.text_content or "").strip():
        following = following.next
    return following


def _size_note(span: LexborNode) -> LexborNode | None:
    """The ``em`` after an attachment link that says its size and downloads, if that is what it says."""
    following = _next_element(span)
    if following is None or following.tag != "em" or not V.SIZE.search(following.text()):
        return None
    return following


def _attachment_from(holder: LexborNode, link: LexborNode, base_url: str | None) -> Attachment:
    href = link.attributes.get("href")
    note = _size_note(holder)
    context = normalize_line(holder.text() + " " + (note.text() if note is not None else ""))
    link_id = link.attributes.get("id") or holder.attributes.get("id") or ""
    return _attachment(normalize_line(link.text()), href, context, link_id, base_url)


def _attachment(name: str | None, url: str | None, context: str, node_id: str, base_url: str | None) -> Attachment:
    size = V.SIZE.search(context)
    downloads = DOWNLOADS.search(context)
    digits = re.sub(r"\D", "", node_id)
    return Attachment(
        name=name or None,
        url=urljoin(base_url, url) if (url and base_url) else url,
        size=size.group(1) if size else None,
        aid=to_int(digits),
        downloads=to_int(downloads.group(1)) if downloads else None,
    )


def image_attachments(message: LexborNode, base_url: str | None) -> list[Attachment]:
    """Inline image attachments carry name and size in their hover tip (``aimg_AID_menu``)."""
    found: list[Attachment] = []
    for tip in message.css(V.IMAGE_TIP):
        tip_id = tip.attributes.get("id") or ""
        digits = re.sub(r"\D", "", tip_id)
        name_node = tip.css_first(V.IMAGE_TIP_NAME)
        img = message.css_first(f"#{V.IMAGE_ID_PREFIX}{digits}") if digits else None
        url = image_url(img) if img is not None else None
        name = normalize_line(name_node.text()) if name_node is not None else None
        found.append(_attachment(name, url, normalize_line(tip.text()), tip_id, base_url))
    return found


def drop_file_attachment_chrome(message: LexborNode) -> None:
    """Inline file attachments: the link, its ``(SIZE, downloads: N)`` and the tip all go."""
    for span in message.css(V.FILE_ATTACH):
        if span.parent is None:
            continue
        wrapper = _ancestor(span, V.ATTACHMENT_WRAPPER, stop=message)
        if wrapper is not None:
            wrapper.decompose()
            continue
        note = _size_note(span)
        if note is not None:
            note.decompose()
        span.decompose()


def _ancestor(node: LexborNode, tag: str, *, stop: LexborNode) -> LexborNode | None:
    current = node.parent
    while current is not None and current.mem_id != stop.mem_id:
        if current.tag == tag:
            return current
        current = current.parent
    return None


def drop_chrome_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line not in V.CHROME_LINES)
