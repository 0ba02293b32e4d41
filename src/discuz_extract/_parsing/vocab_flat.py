"""What the flat kinds (archiver, printable) leave of BBCode: attachment tags and bare image URLs."""

from __future__ import annotations

import re

ATTACH_TAG = re.compile(r"\[attach\](\d+)\[/attach\]", re.I)
BARE_IMAGE_LINE = re.compile(
    r"(?:(?<=>)|^)\s*(https?://[^\s<>\"']+?\.(?:jpe?g|png|gif|webp|bmp)(?:\?[^\s<>\"']*)?)\s*(?=<br|$)", re.I
)
# flat pages are cut into posts as HTML strings; each chunk is parsed inside this wrapper
FRAGMENT_ID = "dx-fragment"
