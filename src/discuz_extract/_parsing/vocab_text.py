"""The plain-text rendering of a desktop thread page: the lines Discuz always prints."""

from __future__ import annotations

import re

from .._vocab import (
    AGO,
    COLONS,
    COPY_CODE,
    DAY_WORDS,
    DELETED_FLOOR,
    DOWNLOAD_ATTACHMENT,
    DOWNLOAD_COUNT,
    EDITED,
    EDITED_AT,
    EDITED_BY,
    FLOOR_WORDS,
    GUEST_WORDS,
    HALF_HOUR_AGO,
    HIDDEN_CONTENT_HEADER,
    HOT_REPLY_LABELS,
    JUST_NOW,
    NEXT_THREAD,
    PAGE_WORD,
    POSTED_ON,
    PREV_THREAD,
    REPLY_WORDS,
    ROUNDED_UNITS,
    SAVE_TO_ALBUM,
    STAT_CREDITS,
    STAT_FIELDS,
    TEN_THOUSAND,
    THREAD_AUTHOR,
    TIME_UNIT_SECONDS,
    UPLOADED,
    one_of,
    words,
)

COPY_LINK = words("[复制链接]", "[複製鏈接]")
DATE = r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
RELATIVE = (
    rf"(?:{one_of(JUST_NOW)}|{one_of(HALF_HOUR_AGO)}|\d+\s*{one_of(*TIME_UNIT_SECONDS)}{AGO}"
    rf"|{one_of(*DAY_WORDS)}\s*\d{{1,2}}:\d{{2}})"
)
HEADER_TAIL = words(
    "只看该作者",
    "只看該作者",
    "显示全部楼层",
    "顯示全部樓層",
    "倒序浏览",
    "倒序瀏覽",
    "正序浏览",
    "正序瀏覽",
    "阅读模式",
    "閱讀模式",
    "只看大图",
    "只看大圖",
    "来自手机",
    "來自手機",
    THREAD_AUTHOR,
    "回帖奖励",
    "回帖獎勵",
)


HEADER = re.compile(
    rf"^(?:{one_of(THREAD_AUTHOR)}\s*\|\s*)?"  # a reply by the thread author: that marker comes first
    rf"(?:(?P<anon>{one_of(GUEST_WORDS)})(?:\s+(?P<ip>[\d.x*]+))?\s*)?{one_of(POSTED_ON)}\s*[{COLONS}]?\s*"
    rf"(?P<when>{DATE}|{RELATIVE})"
    r"\s*(?P<tail>(?:\|.*)?)$"
)
DELETED = re.compile(rf"^{one_of(DELETED_FLOOR)}")
POST_END = REPLY_WORDS
POST_END_NEXT = words("举报", "舉報", "使用道具")
FOOTER_START = words(
    "您需要登录后才可以回帖",
    "您需要登錄後才可以回帖",
    "本版积分规则",
    "本版積分規則",
    "高级模式",
    "高級模式",
    "发表回复",
    "發表回覆",
)
GMT = re.compile(r"^GMT[+-]?\d*(?:\.\d+)?,\s*\d{4}-")
POWERED = re.compile(r"Powered by\s+Discuz!\s*(?P<version>X?\d+(?:\.\d+)*)?", re.I)
COPYRIGHT = re.compile(r"^(?:Copyright\s*)?(?:©|&copy;|\(c\))\s*\d{4}", re.I)
FOOTER_NAV = words(
    "站点统计",
    "站點統計",
    "Archiver",
    "手机版",
    "手機版",
    "小黑屋",
    "网站地图",
    "網站地圖",
    "举报",
    "舉報",
)
PAGER_TOTAL = re.compile(rf"/\s*(\d+)\s*{PAGE_WORD}")
PAGE_IN_TITLE = re.compile(rf"第\s*(\d+)\s*{PAGE_WORD}")
BREADCRUMB = re.compile(r"\s*[»›]\s*")
NUMBER = re.compile(rf"^-?\d+(?:\.\d+)?\s*{one_of(ROUNDED_UNITS)}?$")
STAT_INLINE = re.compile(rf"^(?P<value>-?\d+(?:\.\d+)?\s*{one_of(TEN_THOUSAND)}?)\s*(?P<label>{one_of(*STAT_FIELDS)})$")
EXTRA_CREDITS = words("威望", "金钱", "金錢", "贡献", "貢獻")
PAIR_INLINE = re.compile(rf"^(?P<label>{one_of(STAT_CREDITS, EXTRA_CREDITS)})\s*(?P<value>-?\d+)$")
GROUP_TIP = re.compile(rf"^(?P<group>.+?),\s*{one_of(STAT_CREDITS)}\s*(?P<credits>-?\d+),\s*(?:距离下一级|距離下一級)")
RANK = re.compile(r"Rank:\s*(\d+)")
GUEST = re.compile(rf"^(?P<name>{one_of(GUEST_WORDS)})\s+(?P<ip>\d{{1,3}}(?:\.(?:\d{{1,3}}|x|\*)){{3}})$")
ONLINE = re.compile(r"^(?P<name>.+?)\s+(?:当前离线|当前在线|當前離線|當前在線)$")
FLOOR_LABEL = re.compile(rf"^(?:{one_of(*FLOOR_WORDS)}|\d+\s*#|{one_of(HOT_REPLY_LABELS)})$")
AUTHOR_NOISE = words(
    "查看详细资料",
    "查看詳細資料",
    "发消息",
    "發消息",
    "电梯直达",
    "電梯直達",
    "跳转到指定楼层",
    "跳轉到指定樓層",
    "收听TA",
    "收聽TA",
    "打印 上一主题 下一主题",
    COPY_LINK,
    "当前离线",
    "当前在线",
)
EDIT = re.compile(rf"^{one_of(EDITED_BY)}\s*(?P<editor>.+?)\s*{one_of(EDITED_AT)}\s*(?P<when>.+?)\s*{one_of(EDITED)}$")
QUOTE_HEADER = re.compile(
    rf"^(?P<author>.{{1,60}}?)\s+{one_of(POSTED_ON)}\s+(?P<when>\d{{4}}-\d{{1,2}}-\d{{1,2}}\s+\d{{1,2}}:\d{{2}})$"
)
HIDDEN = re.compile(
    r"如果您要查看本帖隐藏内容请|如果您要查看本帖隱藏內容請|以下内容需要积分高于|以下內容需要積分高於|本帖隐藏的内容需要"
)
BODY_CHROME = frozenset(
    words(
        COPY_CODE,
        DOWNLOAD_ATTACHMENT,
        SAVE_TO_ALBUM,
        "点击文件名下载附件",
        "點擊文件名下載附件",
        HIDDEN_CONTENT_HEADER,
        "本帖子中包含更多资源",
        "本帖子中包含更多資源",
    )
)
UPLOADED_LINE = re.compile(rf"^{DATE}\s*{one_of(UPLOADED)}$|^{RELATIVE}\s*{one_of(UPLOADED)}$")
_DOWNLOADS = rf"{one_of(DOWNLOAD_COUNT)}\s*[{COLONS}]\s*"
SIZE = re.compile(rf"^\(?[\d.]+\s*(?:Bytes|KB|MB|GB)(?:,\s*{_DOWNLOADS}\d+)?\)?$", re.I)
FILE_WITH_SIZE = re.compile(
    rf"^(?P<name>.+?\.\w{{1,5}})\s*\((?P<size>[\d.]+\s*(?:Bytes|KB|MB|GB)),\s*{_DOWNLOADS}(?P<downloads>\d+)\)$",
    re.I,
)
FILE_NAME = re.compile(
    r"^[^\s/\\]{1,80}\.(?:jpe?g|png|gif|bmp|webp|zip|rar|7z|txt|pdf|docx?|xlsx?|pptx?|apk|exe|mp3|mp4|torrent)$",
    re.I,
)
ATTACH_LOGIN = re.compile(r"才可以下载或查看|才可以下載或查看|无法下载或查看附件|無法下載或查看附件")
PREV_NEXT = re.compile(rf"^(?P<which>{one_of(PREV_THREAD, NEXT_THREAD)})\s*[{COLONS}]\s*(?P<title>.+)$")
BUTTONS = re.compile(r"^(?:(?:收藏|支持|反对|反對|分享|淘帖|评分|評分|转播|轉播)+\s*\d*\s*)+$")
# the first post's moderator note (div.modact) and poll summary sit outside the message
MODACT = re.compile(
    rf"^(?:本主题由|本主題由)\s*\S.{{0,40}}?\s*{one_of(EDITED_AT)}\s*\d{{4}}-\d{{1,2}}-\d{{1,2}}\s+\d{{1,2}}:\d{{2}}\s*\S{{1,12}}$"
)
POLL = re.compile(
    r"^(?:单选投票|多选投票|單選投票|多選投票)\s*[:：]|^共有\s*\d+\s*人参与投票|^投票已经结束|^您所在的用户组没有投票权限"
    r"|^您所在的用戶組沒有投票權限|^投票已經結束"
)
POLL_OPTION = re.compile(r"^\d+\.\s*\S.*$|^\d+(?:\.\d+)?%\s*(?:\(\d+\))?$|^(?:提交|投票)$")
CLOSE_BUTTON = words("x", "×", "X")
BULLET = re.compile(r"^[*•·]\s+")
NUMBERED = re.compile(r"^(\d+)\.\s?")
# a jammer run: tokens of one or two printable ASCII characters, at a line end or between CJK text
ASCII_RUN = re.compile(r"[\x20-\x7e]{9,}")

# lines around the thread header and author block
NEAR_TITLE_CHROME = words("打印", PREV_THREAD[1], NEXT_THREAD[1], COPY_LINK, *(f"{w}:" for w in THREAD_AUTHOR))
PREV_MARK = "上"  # 上一篇/上一主题 name the previous thread, 下... the next
ATTACH_SIZE = re.compile(rf"([\d.]+\s*(?:Bytes|KB|MB|GB))(?:,\s*{_DOWNLOADS}(\d+))?", re.I)
POWERED_BY = "Powered by Discuz"
TITLE_SEPARATOR = " - "
INTEGER = re.compile(r"-?\d+")
TAIL_SPLIT = re.compile(r"[|\s]+")
BREADCRUMB_MARKS = ("»", "›")
PARENTHESISED = re.compile(r"\(.*?\)")
