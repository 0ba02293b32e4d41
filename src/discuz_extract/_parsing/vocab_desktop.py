"""The desktop thread page's selectors, class names and words (``viewthread_node.htm``, X2.5 to X3.5)."""

from __future__ import annotations

import re

from .._vocab import AUTHOR_LABEL, COLONS, one_of

# --- where posts are ---------------------------------------------------------------------------
POST_ROOTS = "div[id^='post_']"
POST_TABLES = "table[id^='pid']"
MESSAGE = "[id^='postmessage_']"
MESSAGE_ID_PREFIX = "postmessage_"
POST_ID = re.compile(r"^post_(\d+)$")
TABLE_ID = re.compile(r"^pid(\d+)$")

# --- the landmarks of one post: one query finds them all --------------------------------------
POST_PARTS = "td.pls, td.plc, a[id^='postnum'], em[id^='authorposton'], div.pcb, div.sign"
# every post's root, table, message and landmarks in one query over the page, in page order
LANDMARKS = f"{POST_ROOTS}, {POST_TABLES}, {MESSAGE}, {POST_PARTS}"
AUTHOR_COLUMN = "pls"  # td.pls
CONTENT_COLUMN = "plc"  # td.plc
POST_BODY = "pcb"  # div.pcb
SIGNATURE = "sign"  # div.sign
SHOWN_POST = "plhin"  # a table with this class is a real post, never a placeholder
DELETED_NOTICE = "div.pct"

# --- the author column ---------------------------------------------------------------------------
# plain class and child selectors: substring attribute selectors cost a string search per node
# stars: X3.4 images (img alt="Rank: N"), X3.5 icon fonts (p > span > i title="Rank: N")
LEFT_PARTS = "div.pi a, p > em > a, div.tns th, div.tns td, img, p > span > i, dl.pil dt"
LEFT_NAME = "div.pi div.authi a, div.pi a[href*='uid'], div.pi a[href*='space-']"
RIGHT_NAME = "div.authi a.xi2, div.authi a.xw1, div.authi a[href*='uid'], div.authi a[href*='space-']"
ONLY_AUTHOR = "a[href*='authorid=']"
NAMELESS_BOX = "div.pi"
GUEST_IP = "em"
USERGROUP_LINK = "usergroup"
GROUP_ID = re.compile(r"gid=(\d+)")
AUTHOR_ID = re.compile(r"authorid=(\d+)")
PROFILE_LINK_MARKERS = ("uid", "space-")
NAME_LINK_PARENT = "authi"
RANK_ALT_PREFIX = "Rank"  # the alt of a star image, the title of a star icon
AVATAR_MARKER = "avatar"
STAT_VALUE_TAGS = ("p", "a")
EXACT_COUNT = re.compile(r'title="(-?\d+)"')
NAME_LABEL = re.compile(rf"^\s*{one_of(AUTHOR_LABEL)}\s*[{COLONS}]\s*")
# hidden popups repeat the author's name and credits: nothing is read from inside them
HIDDEN_CLASSES = ("p_pop",)
HIDDEN_CLASS_WORDS = ("tip",)
HIDDEN_LABEL_CLASS = "display_none"

# --- floor and time --------------------------------------------------------------------------------
FLOOR_FALLBACK = "div.pi strong a, div.pi strong"
FLOOR_NUMBER = re.compile(r"<em>\s*(\d+)\s*</em>")  # <em>5</em><sup>#</sup>: the em holds the floor
FINDPOST = "findpost"  # replies link to findpost; the opening post links to the thread itself
JAVASCRIPT_LINK = "javascript"
EXACT_TIME = re.compile(r'<span[^>]*\stitle="([^"]+)"')  # relative times keep the absolute one here

# --- the body (div.pcb) -------------------------------------------------------------------------------
BODY_PARTS = "h2, div.locked, [id^='postmessage_'], div.pattl, div.attach_nopermission, div.attach_tips, span.xg1"
REPLY_SUBJECT_TAG = "h2"
GATE_NOTICE = "locked"  # div.locked directly in div.pcb replaces the message
ATTACHMENT_LIST = "pattl"
ATTACHMENT_TIPS = ("attach_nopermission", "attach_tips")

# --- recognising the kind ------------------------------------------------------------------------
POSTLIST_MARKERS = ('id="postlist"', "id='postlist'")

# --- the regions of a desktop page the parser reads --------------------------------------------
# the page from <body> to the breadcrumb (navigation, menus) and from the reply form to the
# footer hold nothing the models show: only the head, the breadcrumb to the end of the
# postlist, and the footer are parsed, when the page has all of these landmarks in order
REGION_BODY = "<body"
REGION_MARKS = ('id="pt"', 'id="postlist"', 'id="postlistreply"', 'id="ft"')
TAG_OPEN = "<"

# blocks every post repeats that no model reads, cut before parsing (a fifth of the nodes of an
# author column): (where one starts, what ends it, the longest it may be). A block whose end is
# not found within that length, or that would reach into another post, stays.
DEAD_BLOCKS = (
    # the hidden user card: the name and credits again (X2.5 to X3.5)
    (
        re.compile(r'<div class="p_pop blk bui[^"]*" id="userinfo\d+"'),
        re.compile(r'<div id="avatarfeed"><span id="threadsortswait"></span></div>\s*</div>\s*</div>'),
        8_000,
    ),
    # the hidden "group, credits, next level" tips beside the stars
    (re.compile(r'<div id="g_up\d+_menu" class="tip tip_4"'), re.compile(r"</div></div>"), 1_000),
    # the send-message and add-friend links under the author column
    (re.compile(r'<ul class="xl xl2 o cl">'), re.compile(r"</ul>"), 2_000),
    # the "jump to floor" box above the first post
    (re.compile(r'<div id="fj" class="y">'), re.compile(r"</div>"), 1_000),
)
POST_START = re.compile(r'id="post_\d')
