"""The parts of a desktop page worth parsing (pure string work, no tree).

lexbor's time is linear in what it is given; a desktop thread page spends a sixth of its
bytes on navigation, menus and the reply form, which no model reads. ``desktop_regions``
keeps the head, the breadcrumb through the end of the post list, and the footer, and gives
back the page unchanged when any landmark is missing or out of order (a skin that moved
them), so nothing a skin puts elsewhere is lost. Inside the posts it cuts the blocks every
post repeats and no model reads (the hidden user card, tips, link lists), each only where its
end is found close by and within the same post.
"""

from __future__ import annotations

import re

from . import vocab_desktop as V


def desktop_regions(text: str) -> str:
    """The head, the breadcrumb through the post list, and the footer, without dead blocks."""
    return _without_dead_blocks(_landmark_regions(text))


def _landmark_regions(text: str) -> str:
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


def _without_dead_blocks(text: str) -> str:
    cuts = sorted(span for pattern in V.DEAD_BLOCKS for span in _dead_spans(text, *pattern))
    if not cuts:
        return text
    kept, position = [], 0
    for start, end in cuts:
        if start >= position:
            kept.append(text[position:start])
            position = end
    kept.append(text[position:])
    return "".join(kept)


def _dead_spans(text: str, start: re.Pattern[str], end: re.Pattern[str], longest: int) -> list[tuple[int, int]]:
    spans = []
    for opened in start.finditer(text):
        closed = end.search(text, opened.end(), opened.start() + longest)
        if closed is not None and V.POST_START.search(text, opened.end(), closed.start()) is None:
            spans.append((opened.start(), closed.end()))
    return spans
