"""The words, selectors and patterns of forum listings and the forum index.

Read from ``template/default/forum/forumdisplay.htm``, ``forumdisplay_list.htm``,
``forumdisplay_subforum.htm``, ``discuz.htm``, the touch templates of X3.4 and X3.5,
``source/archiver/forum/*.php`` and ``source/plugin/mobile/api/4/forumdisplay.php`` /
``forumindex.php``; the words from ``source/language/forum/lang_template.php`` and
``lang_archiver.php``, with their traditional forms beside them.
"""

from __future__ import annotations

import re

from .._vocab import COLONS, STAT_THREADS, one_of, words

# --- which page this is -----------------------------------------------------------------------
VIEWPORT = 'name="viewport"'  # touch templates (X3.4 and X3.5); desktop pages have none
XML_PROLOG = "<?xml"  # X3.4 mobile output starts with it
ARCHIVER_MARK = "Discuz! Archiver"
LISTING_BODY_CLASS = "pg_forumdisplay"
INDEX_BODY_CLASS = "pg_index"
THREAD_BODY_CLASS = "pg_viewthread"
DESKTOP_LISTING = "#threadlisttableid, #threadlist, #fd_page_top, div[id^='subforum_']"
MESSAGE_BOX = "#messagetext, div.jump_c"  # message pages keep the body class of the page
TOUCH_LISTING = "div.threadlist, div.threadlist_box"
THREAD_MARKERS = "#postlist, div.postlist, div[id^='post_'], div.plc[id^='pid'], #content p.author"
LISTING_MARKERS = "#threadlisttableid, div.threadlist, div.threadlist_box, #content ul[type]"
INDEX_MARKERS = "#chart, div.sub_forum, div.sub-forum, #content h3"
ARCHIVER_INDEX = "#nav strong, #content ul a[href*='fid-']"
KIND_THREAD = "viewthread"
KIND_LISTING = "forumdisplay"
KIND_INDEX = "index"

# --- links and ids in hrefs --------------------------------------------------------------------
TBODY_ID = re.compile(r"^(stick|normal)thread_(\d+)$")
STICKY_ROW = "stick"  # tbody#stickthread_T
TYPE_ID = re.compile(r"[?&;]typeid=(\d+)")
CATEGORY_ID = re.compile(r"^category_(\d+)$")
SUB_FORUM_TARGET = re.compile(r"#sub[_-]forum_(\d+)$")
SITE_URL = re.compile(r"SITEURL\s*=\s*'([^']+)'")

# --- the desktop listing: header, types, moderators ---------------------------------------------
FORUM_TITLE = "div.bm_h h1.xs2"
FORUM_TITLE_LINK = "a"
FORUM_TITLE_STATS = "span.xs1"
MODERATOR_BOX = "div.bm_c.pbn > div"
MODERATOR_LINKS = "a"
THREAD_TYPE_LINKS = "#thread_types li"
THREAD_TYPE_ALL = "ttp_all"
SUB_FORUM_BOX = "div[id^='subforum_']"
ACTIVE_FILTER = "div.tf a.xw1"
DIGEST_FILTER = "filter=digest"

# --- the desktop listing: one row ----------------------------------------------------------------
THREAD_TABLE = "#threadlisttableid"
ROWS = "#threadlisttableid tbody"
ICON_LINK = "td.icn a"
ICON_IMAGE = "td.icn img, td.icn i"
SUBJECT_CELL = "th"
SUBJECT_LINK = "a.xst, a.s"
TYPE_LINK = "em a[href*='typeid']"
ROW_IMAGES = "th img"
DIGEST_BADGE = "span.tdigest"
ROW_PAGES = "span.tps a"
AUTHOR_CELLS = "td.by"
CITE = "cite"
CITE_LINK = "cite a"
TIME_NODE = "em"
TITLED_SPAN = "span[title]"
NUM_CELL = "td.num"
NUM_REPLIES = "a"
NUM_VIEWS = "em"
LAST_POST_LINK = "em a"
LOCKED_FOLDER = "lock"
COMMON_FOLDER = "common"
TITLE_SEPARATOR = "-"  # "全局置顶主题 - 新窗口打开"
NOT_A_COUNT = "-"  # moved rows print "-" for replies and views

# images inside a row: the file name says what each one is
PIN_IMAGE = re.compile(r"pin_(\d)\.gif|tpin(\d)")
LOCK_IMAGE = re.compile(r"folder_lock\.gif|fico-lock")
DIGEST_IMAGE = re.compile(r"digest_(\d)\.gif")
HEAT_IMAGE = re.compile(r"hot_\d\.gif")
RECOMMEND_IMAGE = re.compile(r"recommend_\d\.gif")
IMAGE_ATTACHMENT = re.compile(r"image_s\.gif")
FILE_ATTACHMENT = re.compile(r"filetype/common\.gif")
STAMP_IMAGE = "static/image/stamp/"
RUSH_REPLY_IMAGE = "rushreply_s"
SPECIAL_IMAGES = {
    "pollsmall": "poll",
    "tradesmall": "trade",
    "rewardsmall": "reward",
    "activitysmall": "activity",
    "debatesmall": "debate",
}

# the icon link's title: "全局置顶主题 - 关闭的主题 - 投票 - 有新回复 - 新窗口打开"
STICKY_WORDS = {
    "本版置顶主题": 1,
    "本版置頂主題": 1,
    "分类置顶主题": 2,
    "分類置頂主題": 2,
    "全局置顶主题": 3,
    "全局置頂主題": 3,
    "多版置顶主题": 4,
    "多版置頂主題": 4,
}
CLOSED_WORDS = words("关闭的主题", "關閉的主題")
SPECIAL_WORDS = {
    "投票": "poll",
    "商品": "trade",
    "悬赏": "reward",
    "懸賞": "reward",
    "活动": "activity",
    "活動": "activity",
    "辩论": "debate",
    "辯論": "debate",
}
MOVED_WORDS = words("移动", "移動")
DIGEST_WORDS = words("精华", "精華")
PRICE_WORDS = words("售价", "售價")
REWARD_WORDS = words("悬赏", "懸賞")
REWARD_SOLVED_WORDS = words("已解决", "已解決")
READ_PERMISSION_WORDS = words("阅读权限", "閱讀權限")
REPLY_CREDIT_WORDS = words("回帖奖励", "回帖獎勵")
HEAT_WORDS = words("热度", "熱度")
RECOMMEND_WORDS = words("评价指数", "評價指數")

MOVED_MARK = re.compile(rf"{one_of(MOVED_WORDS)}\s*[{COLONS}]")
PRICE = re.compile(rf"\[\s*{one_of(PRICE_WORDS)}\s*(\d+)")
REWARD = re.compile(rf"\[\s*{one_of(REWARD_WORDS)}\s*(\d+)")
REWARD_SOLVED = re.compile(rf"\[\s*{one_of(REWARD_SOLVED_WORDS)}\s*\]")
READ_PERMISSION = re.compile(rf"\[\s*{one_of(READ_PERMISSION_WORDS)}\s*(\d+)")
REPLY_CREDIT = re.compile(rf"\[\s*{one_of(REPLY_CREDIT_WORDS)}\s*(\d+)")
HEAT = re.compile(rf"{one_of(HEAT_WORDS)}\s*[{COLONS}]?\s*(\d+)")
RECOMMEND = re.compile(rf"{one_of(RECOMMEND_WORDS)}\s*[{COLONS}]?\s*(-?\d+)")
DIGEST_LEVEL = re.compile(rf"{one_of(DIGEST_WORDS)}\s*(\d)")

# --- labelled numbers: "今日: 0|主题: 55", "今日: 0|昨日: 0|帖子: 413|会员: 11" -----------------------
TODAY_WORDS = words("今日")
YESTERDAY_WORDS = words("昨日")
INDEX_POSTS_WORDS = words("帖子")
FORUM_POSTS_WORDS = words("帖数", "帖數")
MEMBERS_WORDS = words("会员", "會員")
STAT_FIELDS = {
    **dict.fromkeys(TODAY_WORDS, "today_posts"),
    **dict.fromkeys(YESTERDAY_WORDS, "yesterday_posts"),
    **dict.fromkeys(INDEX_POSTS_WORDS, "posts"),
    **dict.fromkeys(FORUM_POSTS_WORDS, "posts"),
    **dict.fromkeys(MEMBERS_WORDS, "members"),
    **dict.fromkeys(STAT_THREADS, "threads"),
}
LABELLED_NUMBER = re.compile(rf"({one_of(*STAT_FIELDS)})\s*[{COLONS}]\s*(\d+)")
MODERATOR_WORDS = words("版主")
SUB_FORUM_WORDS = words("子版块", "子版塊")

# --- forum rows: the index and a listing's sub-forums (list and grid layouts) ---------------------
FORUM_TABLE = "table.fl_tb"
FORUM_LIST_CELLS = "td.fl_icn + td"
FORUM_GRID_CELLS = "td.fl_g"
FORUM_NAME_LINK = "h2 a, dt a"
FORUM_TODAY = "h2 em, dt em"
FORUM_DESCRIPTION = "p.xg2"
FORUM_PARAGRAPHS = "p"
FORUM_COUNTS_CLASS = "fl_i"
FORUM_THREADS = "span.xi2"
FORUM_POSTS = "span.xg1"
FORUM_GRID_COUNTS = "dd em"
AFTER_COLON = re.compile(rf"[{COLONS}]\s*(.*)$")
FORUM_LAST = "td.fl_by div, dd"
FORUM_LAST_LINK = "a[href*='tid=']"
INDEX_CHART = "#chart p.chart"
INDEX_NEW_MEMBER = "em a"
CATEGORY_BOXES = "div[id^='category_']"
CATEGORY_TAG = "div"
CATEGORY_HEAD = "div.bm_h h2 a"

# --- the touch listing (X3.4 div.threadlist, X3.5 div.threadlist_box) --------------------------------
TOUCH_ROWS = "div.threadlist li"
TOUCH_ROW_LINK = "a[href*='tid=']"
TOUCH_BY = "span.by"
TOUCH_REPLIES = "span.num"
TOUCH_TOP_ICON = "img[src*='icon_top']"
TOUCH_DIGEST_ICON = "img[src*='icon_digest']"
TOUCH_IMAGE_ICON = "img[src*='icon_tu']"
TOUCH_FORUM_NAME = "header h2.tit, header span.name, div.forumdisplay-top h2, div.header h2"
TOUCH_SUB_FORUMS = "#subname_list li a"
TOUCH_NEW_THREAD = "a[href*='action=newthread']"
TOUCH35_STICKY_ROW = "list_top"
TOUCH35_AUTHOR = "div.threadlist_top a.mmc"
TOUCH35_CREATED = "span.mtime"
TOUCH35_TITLE = "div.threadlist_tit em, em"
TOUCH35_TYPE = "div.threadlist_foot a[href*='typeid']"
TOUCH35_FOOT_ITEMS = "div.threadlist_foot li"
TOUCH35_VIEWS_ICON = "i.dm-eye-fill"
TOUCH35_REPLIES_ICON = "i.dm-chat-s-fill"
TOUCH35_STATS = "div.forumdisplay-top p"
TOUCH35_TYPES = "#dhnavs_li a[href*='typeid']"
TYPE_HASH = "#"

# the touch index: X3.4 div.sub_forum, X3.5 div.sub-forum
TOUCH_CATEGORY_HEADS = "div.subforumshow"
TOUCH_CATEGORY_NAME = "h2"
TOUCH_CATEGORY_TARGET = "href"
TOUCH_FORUM_LINKS = "li"
TOUCH_FORUM_LINK = "a[href*='fid=']"
TOUCH_FORUM_NAME35 = "p.mtit"
TOUCH_FORUM_DESCRIPTION35 = "p.mtxt"
TOUCH_TODAY = "span.num"
NO_DESCRIPTION_WORDS = words("暂无版块介绍", "暫無版塊介紹")

# --- the archiver --------------------------------------------------------------------------------
ARCHIVER_CONTENT = "#content"
ARCHIVER_THREAD_LIST = "ul[type]"
ARCHIVER_LIST = "ul"
ARCHIVER_ITEM = "li"
ARCHIVER_LINK = "a"
ARCHIVER_PAGER = "div.page"
ARCHIVER_CURRENT = "strong"
ARCHIVER_NAV_SEPARATORS = " \u203a"  # "论坛 › FORUM"
ARCHIVER_CATEGORY = "h3"
ARCHIVER_END = "#end a"
ARCHIVER_NAV = "#nav"
ARCHIVER_HEADER = "#header h2"
ARCHIVER_FOOTER = "#footer"
ARCHIVER_DIR = "archiver/"
ARCHIVER_SITE_SUFFIX = re.compile(r"'s Archiver\s*$")
ARCHIVER_PAGE_WINDOW = 10  # arch_multi() links at most ten pages either side
ARCHIVER_REPLY_WORDS = words("篇回复", "篇回覆", "篇回復")
ARCHIVER_REPLIES = re.compile(rf"\(\s*(\d+|-)\s*{one_of(ARCHIVER_REPLY_WORDS)}\s*\)")
ARCHIVER_FORUM_LINK = re.compile(r"fid-(\d+)\.html")
ARCHIVER_THREAD_LINK = re.compile(r"tid-(\d+)\.html")
SOFTWARE = "Discuz!"
VERSION = re.compile(r"Discuz!\s*(X?\d+(?:\.\d+)*)")

# --- the mobile API ------------------------------------------------------------------------------
API_BASE = "api/mobile"
API_MOVED = NOT_A_COUNT

# --- dates ----------------------------------------------------------------------------------------
CLOCK = re.compile(r"\d{1,2}:\d{2}")
NBSP_ENTITY = "&nbsp;"
