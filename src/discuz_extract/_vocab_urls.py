"""Discuz's URL words: the forms of thread URLs and page URLs (read by ``_urls.py``), and the
scripts, parameters and rewrite forms of listings, the index and the login page (read and built
by ``links.py`` for crawlers, and for where a redirect lands).
"""

from __future__ import annotations

import re

SCHEMES = ("http", "https")
FORUM_SCRIPT = "forum.php"  # the index, listings and threads
MOD = "mod"
MOD_LISTING = "forumdisplay"
FID = "fid"
PAGE = "page"
LISTING_REWRITE = re.compile(r"forum-(\d{1,18})-(\d{1,18})\.html$")  # a longer id is no fid
ARCHIVER_DIR = "archiver"
ARCHIVER_LISTING = re.compile(r"fid-(\d{1,18})\.html")
LISTING_REWRITE_URL = "forum-{fid}-{page}.html"
LISTING_DYNAMIC_URL = "forum.php?mod=forumdisplay&fid={fid}&page={page}"
# a redirect to the login page is a gate
LOGIN_SCRIPT = "member.php"
LOGIN_MOD = "logging"
# the names Thread.skipped_ranges gives the limits that leave pages out
LIMIT_MAX_PAGES = "max_pages"
LIMIT_MAX_PAGE_COUNT = "max_page_count"

# the thread URL forms (read by _urls.py)
REWRITE = re.compile(r"thread-([0-9]{1,18})-([0-9]{1,18})-([0-9]{1,18})\.html$")
ARCHIVER = re.compile(r"tid-([0-9]{1,18})\.html")
ROOT_FILES = re.compile(r"(?:forum|index|portal|home|member|misc)\.php$")
TID_KEYS = ("tid", "ptid")
PID_KEY = "pid"
ACTION_KEY = "action"
PRINTABLE_ACTION = "printable"
API_PATH = "api/mobile/"

# the page URLs to fetch, by rendering
DESKTOP_PAGE = "{site}forum.php?mod=viewthread&tid={tid}&page={page}"
REWRITE_PAGE = "{site}thread-{tid}-{page}-1.html"
PRINTABLE_PAGE = "{site}forum.php?mod=viewthread&action=printable&tid={tid}"
ARCHIVER_PAGE = "{site}archiver/?tid-{tid}.html"
ARCHIVER_PAGE_SUFFIX = "&page={page}"
API_PAGE = "{site}api/mobile/index.php?version=4&module=viewthread&tid={tid}&page={page}"
