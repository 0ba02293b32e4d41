"""Discuz's URL words, for the fetching area: the thread URL forms and the pages a redirect
to which means a gate (login, a forum listing) rather than the thread."""

from __future__ import annotations

import re

# the thread URL forms (see urls.py)
REWRITE = re.compile(r"thread-([0-9]{1,18})-([0-9]{1,18})-([0-9]{1,18})\.html$")
ARCHIVER = re.compile(r"tid-([0-9]{1,18})\.html")
ARCHIVER_DIR = "archiver"
ROOT_FILES = re.compile(r"(?:forum|index|portal|home|member|misc)\.php$")
TID_KEYS = ("tid", "ptid")
PAGE_KEY = "page"
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

# redirects that are gates: the login page, and the forum listing (a password or paid forum)
LOGIN_SCRIPT = "member.php"
LOGIN_MOD = "logging"
MOD = "mod"
MOD_LISTING = "forumdisplay"
