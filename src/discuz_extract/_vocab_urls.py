"""Discuz's URL words: the scripts, parameters and rewrite forms of listings and the index.

The thread URL forms are read by ``_fetching/urls.py``; these are what ``links.py`` reads and
builds for crawlers (listing pages, the index). Where a redirect lands is read by
``_fetching/redirects.py``.
"""

from __future__ import annotations

import re

SCHEMES = ("http", "https")
FORUM_SCRIPT = "forum.php"  # the index, listings and threads
MOD = "mod"
MOD_LISTING = "forumdisplay"
FID = "fid"
PAGE = "page"
LISTING_REWRITE = re.compile(r"forum-(\d+)-(\d+)\.html$")
ARCHIVER_DIR = "/archiver"
ARCHIVER_LISTING = re.compile(r"fid-(\d+)\.html")
LISTING_REWRITE_URL = "forum-{fid}-{page}.html"
LISTING_DYNAMIC_URL = "forum.php?mod=forumdisplay&fid={fid}&page={page}"
# the names Thread.skipped_ranges gives the limits that leave pages out
LIMIT_MAX_PAGES = "max_pages"
LIMIT_MAX_PAGE_COUNT = "max_page_count"
