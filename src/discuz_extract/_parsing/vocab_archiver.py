"""The archiver (``archiver/?tid-T.html``): a flat ``div#content`` of ``p.author`` heads and bodies."""

from __future__ import annotations

import re

from .._vocab import EDITED, EDITED_AT, EDITED_BY, POSTED_ON, one_of

MARKER = "Discuz! Archiver"
MARKER_SHORT = "Archiver"
AUTHOR_CLASS_ATTR = 'class="author"'
CONTENT = "#content"
POST_HEAD_CLASS = "author"  # p.author
PAGER_CLASS = "page"  # div.page ends the posts
SUBJECT_TAG = "h3"
AUTHOR_NAME = "strong"
ANONYMOUS_MARK = "i"
EXACT_TIME = "span[title]"
PAGER = "div.page"
PAGER_CURRENT = "strong"
PAGER_LINKS = "a"
END = "#end a"
NAV_LINKS = "#nav a"
HEADER = "#header h2"
FOOTER = "#footer"
ARCHIVER_DIR = "archiver/"
HIDDEN_MESSAGE = "**** Hidden Message *****"
HIDDEN_MESSAGE_HTML = f"<b>{HIDDEN_MESSAGE}</b>"
HIDDEN = (HIDDEN_MESSAGE, "Hidden Message")
LIST_MARKER = re.compile(r"\[\*\]")
SITE_SUFFIX = re.compile(r"'s Archiver\s*$")
VERSION = re.compile(r"Discuz!\s*(X?\d+(?:\.\d+)*)")
FLAT_EDIT = re.compile(
    rf"^\s*{one_of(EDITED_BY)}\s*(?P<editor>\S.{{0,60}}?)\s*{one_of(EDITED_AT)}\s*"
    rf"(?P<when>[\d\-/: ]{{8,20}}?)\s*{one_of(EDITED)}\s*(?:<br\s*/?>\s*){{0,2}}",
)
# a reply-with-quote flattened to text: "AUTHOR POSTED_ON Y-n-j H:i<br />EXCERPT <br />"
# (Discuz ends the excerpt with a space before [/quote]; quote times have no seconds)
FLAT_QUOTE = re.compile(
    rf"^\s*(?P<author>[^<\n]{{1,60}}?) {one_of(POSTED_ON)} (?P<when>\d{{4}}-\d{{1,2}}-\d{{1,2}} \d{{1,2}}:\d{{2}})"
    r"\s*<br\s*/?>"
    r"(?P<excerpt>(?:(?!<br).){0,600}?(?:<br\s*/?>(?:(?!<br).){0,600}?){0,2}) <br\s*/?>",
    re.S,
)
