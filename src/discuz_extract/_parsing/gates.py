"""Pages that are not the thread: message pages, logins, challenges, other page kinds (pure).

``raise_for_gate`` is called when a page has no posts. It names what the page is by raising
the matching error. UI strings live here, in simplified and traditional Chinese.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from .._text import normalize_line
from ..errors import (
    AccessBanned,
    BoardClosed,
    ChallengePage,
    GatePage,
    LoginRequired,
    NotAThreadPage,
    NotDiscuzPage,
    PermissionDenied,
    ThreadNotFound,
)


class Strings:
    NOT_FOUND = (
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
    LOGIN = (
        "您需要先登录",
        "您需要先登錄",
        "您尚未登录",
        "您尚未登錄",
        "需要登录",
        "需要登錄",
        "请先登录",
        "請先登錄",
    )
    NO_PERMISSION = (
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
    CLOSED = ("本站点暂时关闭", "本站點暫時關閉", "站点已关闭", "Archiver 功能尚未开启")
    BANNED = ("IP 地址不在允许范围内", "IP 地址不在允許範圍內", "账号被禁用", "帳號被禁用", "禁止访问")
    CC_TITLES = {
        "频繁刷新限制": "cc-refresh",
        "頻繁刷新限制": "cc-refresh",
        "页面重载开启": "cc-reload",
        "頁面重載開啟": "cc-reload",
        "代理服务器访问限制": "cc-proxy",
        "代理伺服器訪問限制": "cc-proxy",
    }
    JS_CHALLENGE = (
        "请开启JavaScript",
        "請開啟JavaScript",
        "please enable javascript",
        "enable cookies",
        "checking your browser",
        "slowAES",
        "challenge-platform",
        "document.cookie",
    )
    REQUEST_TAINTING = "含有非法字符"


MESSAGE_NODES = "#messagetext p, #messagetext, div.jump_c p, div.alert_error, div.alert_info"
DISCUZ_MARKERS = re.compile(r"Discuz!|discuz_uid|cookiepre|STATICURL|forum\.php|static/image/common", re.I)


def page_kind_marker(tree: LexborHTMLParser) -> str | None:
    """A Discuz page that is not a thread page: what it is, for the error."""
    body = tree.body
    classes = (body.attributes.get("class") or "") if body is not None else ""
    if "pg_forumdisplay" in classes or tree.css_first("#threadlisttableid") is not None:
        return "forumdisplay"
    for name in ("pg_index", "pg_guide", "pg_space", "pg_search", "pg_portal"):
        if name in classes:
            return name[3:]
    return None


def raise_for_gate(tree: LexborHTMLParser, raw: str, *, url: str | None) -> None:
    """Raise the error this post-less page stands for. Always raises."""
    _raise_for_challenge(tree, raw, url=url)
    message = _message_text(tree)
    if message:
        raise classify_message(message, url=url, login_form=tree.css_first("#messagelogin") is not None)
    kind = page_kind_marker(tree)
    if kind is not None:
        raise NotAThreadPage(f"a Discuz {kind} page, not a thread page", url=url, page_kind=kind)
    if not DISCUZ_MARKERS.search(raw):
        raise NotDiscuzPage("no Discuz markers on this page", url=url)
    raise NotAThreadPage("a Discuz page without posts", url=url)


def _message_text(tree: LexborHTMLParser) -> str:
    for selector in MESSAGE_NODES.split(", "):
        node = tree.css_first(selector)
        if node is not None and (text := normalize_line(node.text())):
            return text
    head = tree.css_first("title")
    if (head is not None and "站点信息" in head.text()) or (head is not None and "站點資訊" in head.text()):
        return normalize_line(tree.body.text()) if tree.body is not None else ""
    return ""


def classify_message(message: str, *, url: str | None, login_form: bool = False, key: str | None = None) -> GatePage:
    """Map a Discuz message text (or its language key) to the error it stands for."""
    key = key or ""
    checks: tuple[tuple[bool, type[GatePage], str], ...] = (
        (key.startswith("thread_nonexistence") or _has(message, Strings.NOT_FOUND), ThreadNotFound, "thread not found"),
        (_has(message, Strings.CLOSED) or key == "board_closed", BoardClosed, "the board is closed"),
        (_has(message, Strings.BANNED) or key == "user_banned", AccessBanned, "access banned"),
        (
            login_form or key.endswith("//1") or key == "to_login" or _has(message, Strings.LOGIN),
            LoginRequired,
            "login required",
        ),
        (_has(message, Strings.NO_PERMISSION) or "nopermission" in key, PermissionDenied, "no permission"),
    )
    for matched, error, summary in checks:
        if matched:
            return error(summary, url=url, site_message=message, message_key=key or None)
    return GatePage(
        "Discuz showed a message instead of the thread", url=url, site_message=message, message_key=key or None
    )


def _has(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


def _raise_for_challenge(tree: LexborHTMLParser, raw: str, *, url: str | None) -> None:
    head = raw[:2048].lstrip().lower()
    if head.startswith("<script") and "<html" not in raw[:4096].lower():
        raise ChallengePage("Discuz antitheft script (_dsign): not executed", url=url, challenge="antitheft")
    title_node = tree.css_first("title")
    title = normalize_line(title_node.text()) if title_node is not None else ""
    for word, challenge in Strings.CC_TITLES.items():
        if word in title or word in raw[:8192]:
            raise ChallengePage(f"Discuz CC defence ({word})", url=url, challenge=challenge, site_message=word)
    if tree.css_first("input[name='answer']") is not None and "secqsubmit" in raw:
        raise ChallengePage("Discuz CC defence arithmetic question", url=url, challenge="cc-question")
    if Strings.REQUEST_TAINTING in raw:
        raise ChallengePage("Discuz rejected the request as tainted", url=url, challenge="request-tainting")
    lowered = raw[:65536].lower()
    if not DISCUZ_MARKERS.search(raw) and any(w.lower() in lowered for w in Strings.JS_CHALLENGE):
        raise ChallengePage("a JavaScript challenge page (WAF/CDN): not executed", url=url, challenge="javascript")
    if any(w in raw[:65536] for w in Strings.JS_CHALLENGE[:2]):
        raise ChallengePage("the page asks to enable JavaScript", url=url, challenge="javascript")
