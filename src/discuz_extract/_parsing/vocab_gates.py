"""Pages that are not the thread: Discuz's message texts, logins, challenges, other page kinds."""

from __future__ import annotations

import re

from .._vocab import words

NOT_FOUND = words(
    "指定的主题不存在",
    "指定的主題不存在",
    "主题不存在或已被删除",
    "没有找到帖子",
    "沒有找到帖子",
    "该话题不存在",
    "該話題不存在",
    "指定的版块不存在",
    "指定的版塊不存在",
)
LOGIN = words(
    "您需要先登录",
    "您需要先登錄",
    "您尚未登录",
    "您尚未登錄",
    "需要登录",
    "需要登錄",
    "请先登录",
    "請先登錄",
)
NO_PERMISSION = words(
    "没有权限",
    "沒有權限",
    "阅读权限高于",
    "閱讀權限高於",
    "无法进行此操作",
    "無法進行此操作",
    "需要升级您所在的用户组",
    "沒有許可權",
    "没有权限查看这个话题",
)
CLOSED = words("本站点暂时关闭", "本站點暫時關閉", "站点已关闭", "Archiver 功能尚未开启")
BANNED = words("IP 地址不在允许范围内", "IP 地址不在允許範圍內", "账号被禁用", "帳號被禁用", "禁止访问")
CC_TITLES = {
    "频繁刷新限制": "cc-refresh",
    "頻繁刷新限制": "cc-refresh",
    "页面重载开启": "cc-reload",
    "頁面重載開啟": "cc-reload",
    "代理服务器访问限制": "cc-proxy",
    "代理伺服器訪問限制": "cc-proxy",
}
JS_ENABLE_ASK = words("请开启JavaScript", "請開啟JavaScript")
JS_CHALLENGE = words(
    JS_ENABLE_ASK,
    "please enable javascript",
    "enable cookies",
    "checking your browser",
    "slowAES",
    "challenge-platform",
    "document.cookie",
)
REQUEST_TAINTING = "含有非法字符"
SITE_INFO_TITLES = words("站点信息", "站點資訊")  # the title of a bare message page
# desktop message pages, X3.4 touch (div.jump_c p), X3.5 touch (div.jump_c > div)
MESSAGE_NODES = (
    "#messagetext p",
    "#messagetext",
    "div.jump_c p",
    "div.jump_c > div",
    "div.alert_error",
    "div.alert_info",
)
TITLE = "title"
DISCUZ_MARKERS = re.compile(r"Discuz!|discuz_uid|cookiepre|STATICURL|forum\.php|static/image/common", re.I)
LOGIN_FORM = "#messagelogin"
ANSWER_INPUT = "input[name='answer']"
CC_QUESTION_SUBMIT = "secqsubmit"
SCRIPT_START = "<script"
HTML_START = "<html"
NOT_THREAD_BODY_CLASSES = ("pg_index", "pg_guide", "pg_space", "pg_search", "pg_portal")
LISTING_BODY_CLASS = "pg_forumdisplay"
LISTING_TABLE = "#threadlisttableid"
LISTING_KIND = "forumdisplay"
BODY_CLASS_PREFIX = "pg_"
# mobile API language keys
KEY_NOT_FOUND = "thread_nonexistence"
KEY_CLOSED = "board_closed"
KEY_BANNED = "user_banned"
KEY_LOGIN = "to_login"
KEY_LOGIN_SUFFIX = "//1"
KEY_NO_PERMISSION = "nopermission"
