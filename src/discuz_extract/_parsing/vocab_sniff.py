"""Every byte marker ``sniff`` looks for, by name. Logic lives in ``sniff.py``.

Markers are bytes: sniff never decodes a body. A Chinese word is matched in each encoding a
Discuz site serves (UTF-8, GBK as GB18030, Big5), so each word becomes one byte string per
encoding (``encoded``). Regexes are compiled once, here.

What is Discuz's own (the platform markers) and what only says which rendering a page is
(the kind markers) are kept apart: a kind marker alone never makes a page Discuz.
"""

from __future__ import annotations

import re

ENCODINGS = ("utf-8", "gb18030", "big5hkscs")


def encoded(*words: str) -> tuple[bytes, ...]:
    """Each word in each encoding a Discuz site serves, each byte string once."""
    out: list[bytes] = []
    for word in words:
        for codec in ENCODINGS:
            try:
                data = word.encode(codec)
            except UnicodeEncodeError:  # a simplified character Big5 lacks
                continue
            if data not in out:
                out.append(data)
    return tuple(out)


def alternation(needles: tuple[bytes, ...], flags: int = 0) -> re.Pattern[bytes]:
    return re.compile(b"|".join(re.escape(n) for n in needles), flags)


# --- windows: how much of a body sniff reads ---------------------------------------------------
HEAD_BYTES = 32 * 1024  # the <head>, the body tag and the first screen of every kind
# the prefilter, the one test every response pays, reads less: Discuz prints its title and JS
# globals in the first 2 KB (the custom skin of the shared pages: 1.9 KB) and its footer in the
# last 3 KB (X2.5 with an injected analytics tag: 2.6 KB)
PREFILTER_HEAD_BYTES = 8 * 1024
PREFILTER_TAIL_BYTES = 4 * 1024
TAIL_BYTES = 8 * 1024  # the footer (Powered by, GMT+8, Processed in)
SMALL_PAGE_BYTES = 16 * 1024  # gate pages (challenges, CC defence, message templates) are smaller
TINY_PAGE_BYTES = 4 * 1024  # script-only interstitials
API_ENVELOPE_BYTES = 1024  # the mobile API's "Version", "Charset", "Variables" open every response
API_ERROR_BYTES = 1024  # a bare {"error": "key"} answer

# --- the prefilter: without it in the head or the tail, a page is not Discuz -----------------------
# "iscuz" is in Discuz!, discuz_uid, discuz.net/.vip and Discuz! Archiver (and in wpDiscuz, which the
# platform test then rejects); the mobile API envelope names "Variables" in its first bytes.
PREFILTER = b"iscuz"
PREFILTER_API = b'"Variables"'

# --- platform markers: Discuz's own templates print these -----------------------------------------
# Each is (anchor, pattern): bytes.find locates the literal anchor, the regex is only tried there
# (an unanchored alternation would be tried at every byte of the window).
Marker = tuple[bytes, re.Pattern[bytes]]
# the JS globals block of every desktop, touch and printable page (X2.5 to X3.5)
JS_GLOBALS: tuple[Marker, ...] = (
    (b"discuz_uid", re.compile(rb"discuz_uid\s*=\s*'")),
    (b"cookiepre", re.compile(rb"cookiepre\s*=\s*'[^']*_2132_'")),
    (b"STATICURL", re.compile(rb"STATICURL\s*=\s*'[^']*'\s*,\s*IMGDIR")),
)
GENERATOR_META: tuple[Marker, ...] = ((b"generator", re.compile(rb"generator[\"']\s+content=[\"']Discuz!", re.I)),)
TITLE_POWERED_BY: tuple[Marker, ...] = (
    (b"Powered by Discuz!", re.compile(rb"Powered by Discuz!(?: Archiver)?\s*</title>")),
)
FOOTER_POWERED_BY: tuple[Marker, ...] = (
    (
        b"Powered by",
        re.compile(
            rb"Powered by\s*<strong>\s*<a [^>]*href=\"[^\"]*discuz\.(?:net|vip|com)[^\"]*\"[^>]*>\s*Discuz!"
            rb"|Powered by Discuz! X[\d.]+\s*</td>\s*</tr>\s*</table>"  # the printable view
        ),
    ),
)
# the mobile API envelope (mobile_core::result prints the keys in this order)
API_START = re.compile(rb"^\s*(?:[\w.$]+\s*\(\s*)?\{")
API_ENVELOPE = re.compile(rb"\"Version\"\s*:\s*\"?\d+\"?\s*,\s*\"Charset\"\s*:\s*\"[\w-]+\"\s*,\s*\"Variables\"\s*:")
API_ERROR = re.compile(rb"^\s*(?:[\w.$]+\s*\(\s*)?\{\s*\"error\"\s*:\s*\"[A-Za-z0-9_/]+\"\s*\}\s*\)?\s*;?\s*$")
API_THREADLIST = b'"forum_threadlist"'

# another engine's generator: the page is that engine's, whatever it mentions
OTHER_ENGINE_GENERATOR: tuple[Marker, ...] = (
    (
        b"generator",
        re.compile(
            rb"generator[\"']\s+content=[\"'](?:WordPress|MyBB|phpBB|Discourse|vBulletin|XenForo|Flarum|NodeBB"
            rb"|bbPress|Invision|SMF|Joomla|Drupal|Ghost|Hugo|Jekyll|DedeCMS|PHPCMS|EmpireCMS|Typecho|Z-Blog"
            rb"|Hexo|phpwind)",
            re.I,
        ),
    ),
)
MAX_ANCHOR_TRIES = 8  # occurrences of an anchor tried before giving up

# --- Discuz's bare interstitials (no chrome): CC defence, banned IP, the antitheft script ---------
# securitymessage(): one centred grey table with the subject in a 16px <b>
SECURITY_TEMPLATE = (b'bgcolor="#EBEBEB"', b'<b style="font-size: 16px">')
SECURITY_TITLES = encoded(
    "频繁刷新限制",
    "頻繁刷新限制",
    "页面重载开启",
    "頁面重載開啟",
    "代理服务器访问限制",
    "代理伺服器訪問限制",
    "安全问题验证",
    "安全問題驗證",
    "站点信息",
    "站點資訊",
)
SECURITY_TITLE = alternation(SECURITY_TITLES)
# the antitheft script: a body that is one <script> building "_dsign=" and reloading
SCRIPT_ONLY_START = re.compile(rb"^\s*<script\b", re.I)
HTML_TAG = b"<html"  # in the lowered window
ANTITHEFT_PARTS = (b"getName", b"_ds", b"dsign")
LOCATION_CHANGE = re.compile(rb"location\s*(?:\.\s*(?:replace|href|assign|reload)|=)")  # the lowered window

# --- third-party challenges (WAF, CDN): a page that carries nothing of the site behind it ----------
# ASCII words, matched in the lowered window (lower() would also change GBK trail bytes: Chinese
# words are matched in the window as it is)
CHALLENGE_VENDOR = (
    b"challenge-platform",
    b"cf-chl",
    b"_cf_chl_opt",
    b"jschl",
    b"cf_clearance",
    b"slowaes",
    b"__jsl_clearance",
    b"__test=",
    b"acw_sc__v2",
    b"checking your browser",
    b"just a moment...",
    b"ddos protection by",
    b"waf_token",
    b"yunsuo_session",
)
ENABLE_JS_WORDS = encoded("请开启JavaScript", "請開啟JavaScript", "请启用JavaScript", "請啟用JavaScript")
ENABLE_JS_ASCII = (b"enable javascript", b"requires javascript")  # the lowered window; the words: as encoded
SETS_COOKIE = re.compile(rb"document\s*\.\s*cookie\s*=")  # the lowered window
SCRIPT_TAG = b"<script"  # every challenge runs one (lowered window)
# a challenge shows no content: at most this many links, paragraphs and list items (lowered window)
CONTENT_TAGS = (b"<a ", b"<p>", b"<p ", b"<li")
MAX_CHALLENGE_CONTENT_TAGS = 3

# --- kind markers: which rendering a Discuz page is ------------------------------------------------
ARCHIVER_TITLE = b"Discuz! Archiver"
ARCHIVER_POST = b'class="author"'  # the <p class="author"> of each archiver post (not the CSS rule)
PRINTABLE_RULE = b"<hr noshade"
MOBILE_STYLE = b"static/image/mobile/"
TOUCH_POSTS = (b'class="postlist"', b'class="plc cl" id="pid', b'id="pid')
TOUCH_LISTING = (b'class="threadlist"', b"mod=forumdisplay&amp;fid=")
BODY_CLASS: Marker = (b"<body", re.compile(rb"<body[^>]*\bclass=\"[^\"]*\bpg_(\w+)"))
THREAD_BODY_CLASSES = frozenset({b"viewthread"})
LISTING_BODY_CLASSES = frozenset({b"forumdisplay", b"index", b"guide", b"group", b"collection"})
DESKTOP_POSTS = (b'id="postlist"', b'id="postmessage_', b"id='postlist'")
DESKTOP_LISTING = (b'id="threadlisttableid"', b'id="threadlist"')
# message pages (showmessage) inside the site's chrome
MESSAGE_PAGE = (b'id="messagetext"', b'id="messagelogin"', b'class="jump_c"')

# --- URLs: where Discuz answers ---------------------------------------------------------------------
DISCUZ_URL = re.compile(
    rb"(?:/|^)(?:forum|portal|home|member|misc|group|plugin|search|connect)\.php(?:\?|$)"
    rb"|/thread-\d+-\d+-\d+\.html|/forum-\d+-\d+\.html|/archiver/|/api/mobile/index\.php"
    rb"|/(?:viewthread|forumdisplay|redirect)\.php\?|/space-uid-\d+\.html|/article-\d+-\d+\.html",
    re.I,
)
