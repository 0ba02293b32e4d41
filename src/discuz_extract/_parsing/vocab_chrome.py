"""The page chrome every desktop-like Discuz page shares: head, breadcrumb, pager, footer."""

from __future__ import annotations

import re

from .._vocab import COLONS, NEXT_THREAD, PAGE_WORD, PREV_THREAD, common_start, one_of, words

BASE = "base[href]"
CANONICAL = "link[rel='canonical']"
GENERATOR = "meta[name='generator']"
APP_NAME = "meta[name='application-name']"
TITLE = "title"
THREAD_SUBJECT = "#thread_subject"
BREADCRUMB_BAR = "#pt"
BREADCRUMB_LINKS = "div.z a"  # the crumbs proper; skins without div.z: every link of the bar
ANY_LINK = "a"
HOME_LINK = "#pt a.nvhm"
PAGER = "div.pg"
PAGER_CURRENT = "strong"
PAGER_TOTAL = "span[title]"
PAGER_ELLIPSIS = "..."
FOOTER_TIME = "#flk p.xs0, #ft p.xs0"
FOOTER_SITE = "#flk strong a"
FOOTER_POWERED = "#frt"
FOOTER_COPYRIGHT = "p.xs0"
FOOTER = "#ft"
COUNTER_BOXES = ("#postlist div.hm", "div.hm.ptn")
COUNTER_NUMBERS = "span.xi1"
FORUM_LINK_MARKERS = ("forumdisplay", "forum-")
SOFTWARE = "Discuz!"
SOFTWARE_MARK = "Discuz"
POWERED_BY = "Powered by Discuz"
# "SUBJECT - FORUM - BBNAME [- 手机版] - Powered by Discuz!": the parts that are not names
TITLE_SEPARATOR = " - "
MOBILE_TITLE_PARTS = words("手机版", "手機版", "触屏版", "觸屏版")

PREV_NEXT_WORDS = {**dict.fromkeys(PREV_THREAD, "prev"), **dict.fromkeys(NEXT_THREAD, "next")}
# the links to the previous and next thread sit between the thread header (the postlist's
# start) and the second post: "PREV: <a>TITLE</a>" lines, or arrow links titled PREV/NEXT
PREV_NEXT_REGION_START = 'id="postlist"'
PREV_NEXT_REGION_END = re.compile(r'id="post_\d')
# the labels less their first character share a literal start ("一"), which the regex engine
# finds fast; a line is then matched in full from one character before
_LABEL_RESTS = tuple(w[1:] for w in (*PREV_THREAD, *NEXT_THREAD))
_SHARED = common_start(*_LABEL_RESTS)
PREV_NEXT_ANCHOR = re.compile(re.escape(_SHARED) + one_of(*(r[len(_SHARED) :] for r in _LABEL_RESTS)))
PREV_NEXT_LINE = re.compile(
    rf"({one_of(PREV_THREAD, NEXT_THREAD)})\s*(?:&nbsp;|\s)*[{COLONS}]?\s*(?:&nbsp;|\s)*"
    r"<a\b[^>]*?href=[\"']([^\"']*)[\"'][^>]*>(.{0,400}?)</a>",
    re.S,
)
# an arrow link: found by its title (a literal the regex engine scans for fast), then read
PREV_NEXT_ARROW_TITLE = re.compile(r"title=[\"'](" + one_of(PREV_THREAD, NEXT_THREAD) + r")[\"']")
LINK_START = "<a"
LINK_HREF = re.compile(r"href=[\"']([^\"']*)[\"']")
LINK_CLOSE = "</a>"
TAG_END = ">"
SCRIPT_IDS = re.compile(r"fid\s*=\s*parseInt\('(\d+)'\)\s*,\s*tid\s*=\s*parseInt\('(\d+)'\)")
REPORT_URL = re.compile(r"REPORTURL\s*=\s*'([A-Za-z0-9+/=]+)'")
PAGE_TOTAL = re.compile(rf"/\s*(\d+)\s*{PAGE_WORD}|共\s*(\d+)\s*{PAGE_WORD}")
VERSION = re.compile(r"Discuz!\s*(X?\d+(?:\.\d+)*)", re.I)
PROCESSED = re.compile(r"Processed in\s*([\d.]+)\s*second", re.I)
QUERIES = re.compile(r"(\d+)\s*quer", re.I)
TITLE_SUFFIX = re.compile(r"\s*-\s*Powered by Discuz!.*$", re.I)
PAGE_IN_TITLE = re.compile(rf"\s*-\s*第\s*\d+\s*{PAGE_WORD}\s*")
TAGS = re.compile(r"<[^>]+>")
# every page Discuz finishes ends with these; a page without them was cut short
DOCUMENT_END = ("</html>", "</body>")
