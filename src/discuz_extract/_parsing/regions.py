"""The parts of a desktop page worth parsing (pure string work, no tree).

lexbor's time is linear in what it is given; a desktop thread page spends a sixth of its
bytes on navigation, menus and the reply form, which no model reads. ``desktop_regions``
keeps the head, the breadcrumb through the end of the post list, and the footer, and gives
back the page unchanged when any landmark is missing or out of order (a skin that moved
them), so nothing a skin puts elsewhere is lost.
"""

from __future__ import annotations

from . import vocab_desktop as V


def desktop_regions(text: str) -> str:
    body = text.find(V.REGION_BODY)
    if body < 0:
        return text
    starts = []
    position = body
    for mark in V.REGION_MARKS:
        found = text.find(mark, position)
        if found < 0:
            return text
        tag = text.rfind(V.TAG_OPEN, position, found)
        if tag < 0:
            return text
        starts.append(tag)
        position = found
    breadcrumb, _, reply_form, footer = starts
    return "".join((text[:body], text[breadcrumb:reply_form], text[footer:]))
