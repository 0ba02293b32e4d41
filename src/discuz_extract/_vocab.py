"""Discuz's own words that every area reads: dates, counts, floors, author stats, post notices.

Simplified and traditional Chinese always come together. This is the one place to add a
version's or a skin's label; the per-kind vocabularies (``_parsing/vocab_*.py``) and the
cleaner's (``_cleaning/vocab.py``) hold the words and selectors only one area reads. Logic
modules never spell a Chinese word: they use the names defined in a ``vocab`` module.
"""

from __future__ import annotations

import re

Words = tuple[str, ...]


def words(*groups: str | Words) -> Words:
    """The words of every group, in order, each once: ``words(POSTED_ON, "时间", "時間")``."""
    out: list[str] = []
    for group in groups:
        for word in (group,) if isinstance(group, str) else group:
            if word not in out:
                out.append(word)
    return tuple(out)


def one_of(*groups: str | Words) -> str:
    """A non-capturing regex alternation of the words, longest first (so 发表时间 beats 时间)."""
    alternatives = sorted(words(*groups), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in alternatives) + ")"


def common_start(*texts: str) -> str:
    """The characters every text starts with (``一`` for 一篇/一主题)."""
    shortest = min(texts, key=len) if texts else ""
    for length in range(len(shortest), 0, -1):
        if all(t.startswith(shortest[:length]) for t in texts):
            return shortest[:length]
    return ""


def contains_any(text: str, needles: Words) -> bool:
    return any(n in text for n in needles)


# --- punctuation Discuz prints after labels -------------------------------------------------
COLONS = ":："

# --- dates and times ------------------------------------------------------------------------
POSTED_ON = words("发表于", "發表於")
POSTED_LABELS = words(POSTED_ON, "发表时间", "發表時間", "时间", "時間")
JUST_NOW = words("刚刚", "剛剛")
HALF_HOUR_AGO = words("半小时前", "半小時前")
DAY_WORDS = {"前天": 2, "昨天": 1, "今天": 0}  # the same characters in both scripts
AGO = "前"
TIME_UNIT_SECONDS = {"秒": 1, "分钟": 60, "分鐘": 60, "小时": 3600, "小時": 3600, "天": 86400}
DATE_SEPARATORS = {"year": "年", "month": "月", "day": "日"}
FULLWIDTH_COMMA = "，"

# --- counts -----------------------------------------------------------------------------------
ROUNDED_UNITS = words("万", "萬", "亿", "億")  # 9909万: rounded, the exact value is elsewhere
TEN_THOUSAND = words("万", "萬")

# --- floors -----------------------------------------------------------------------------------
FLOOR_WORDS = {"楼主": 1, "樓主": 1, "沙发": 2, "沙發": 2, "板凳": 3, "地板": 4}
THREAD_AUTHOR = words("楼主", "樓主")
AUTHOR_LABEL = words("作者", *THREAD_AUTHOR)
HOT_REPLY_LABELS = words("推荐", "推薦")  # hot-reply copies on page 1; the post is also shown in place
DELETED_FLOOR = words("无效楼层", "無效樓層")

# --- the author's numbers card: label -> Author field -------------------------------------------
STAT_THREADS = words("主题", "主題")
STAT_POSTS = words("帖子")  # X3.4 20190206: the total number of posts
STAT_REPLIES = words("回帖")  # later X3.4 builds and X3.5: posts minus threads
STAT_CREDITS = words("积分", "積分")
STAT_FIELDS = {
    **dict.fromkeys(STAT_THREADS, "threads"),
    **dict.fromkeys(STAT_POSTS, "posts"),
    **dict.fromkeys(STAT_REPLIES, "replies"),
    **dict.fromkeys(STAT_CREDITS, "credits"),
}

# --- guests and anonymous posts -----------------------------------------------------------------
ANONYMOUS = "匿名"
GUEST_WORDS = words(ANONYMOUS, "游客", "遊客")
GUEST_NAMES = words(GUEST_WORDS, "Anonymous")

# --- notices that replace or hide a post's body -------------------------------------------------
BLOCKED_NOTICES = words(
    "作者被禁止或删除",
    "作者被禁止或刪除",
    "该帖被管理员或版主屏蔽",
    "該帖被管理員或版主屏蔽",
    "内容自动屏蔽",
    "內容自動屏蔽",
)
AUTHOR_ONLY_NOTICES = words("此帖仅作者可见", "此帖僅作者可見", "该帖仅作者可见", "該帖僅作者可見")
PASSWORD_NOTICES = words("本帖为密码帖", "本帖為密碼帖")
PAID_NOTICES = words("购买主题", "購買主題", "需向作者支付", "付费主题", "付費主題")
PENDING_NOTICES = words("待审核", "待審核")
HIDDEN_NOTICES = words("隐藏内容", "隱藏內容", "积分高于", "積分高於", "Hidden Message")
REPLY_WORDS = words("回复", "回覆", "回復")  # "reply to see it": a [hide] notice

# --- the post body ----------------------------------------------------------------------------
EDITED_BY = words("本帖最后由", "本帖最後由")
EDITED_AT = words("于", "於")
EDITED = words("编辑", "編輯")
COPY_CODE = words("复制代码", "複製代碼")
DOWNLOAD_ATTACHMENT = words("下载附件", "下載附件")
SAVE_TO_ALBUM = words("保存到相册", "保存到相冊")
HIDDEN_CONTENT_HEADER = words("本帖隐藏的内容", "本帖隱藏的內容")
DOWNLOAD_COUNT = words("下载次数", "下載次數")
UPLOADED = words("上传", "上傳")

# --- thread header and chrome -------------------------------------------------------------------
VIEWS_LABELS = words("查看", "查閱", "阅读", "閱讀")
PAGE_WORD = "[页頁]"  # a regex class: 第 N 页 / 共 N 頁
PREV_THREAD = words("上一篇", "上一主题", "上一主題")
NEXT_THREAD = words("下一篇", "下一主题", "下一主題")

# --- regexes assembled from the words above -----------------------------------------------------
POSTED_PREFIX = re.compile(rf"^\s*{one_of(POSTED_LABELS)}\s*[{COLONS}]?\s*")
EDIT_NOTE = re.compile(
    rf"{one_of(EDITED_BY)}\s*(?P<editor>.+?)\s*{one_of(EDITED_AT)}\s*(?P<when>.+?)\s*{one_of(EDITED)}"
)
COUNTERS = re.compile(
    rf"{one_of(VIEWS_LABELS)}\s*[{COLONS}]\s*(\d+)\s*\|?\s*{one_of(REPLY_WORDS)}\s*[{COLONS}]\s*(\d+)"
)
DOWNLOADS = re.compile(rf"{one_of(DOWNLOAD_COUNT)}\s*[{COLONS}]\s*(\d+)")
