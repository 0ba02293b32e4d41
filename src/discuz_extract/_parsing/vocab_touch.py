"""The touch template (``mobile=2``): X3.4's ``div.postlist`` of ``div.plc#pidPID``."""

from __future__ import annotations

import re

from .._vocab import words

POSTLIST_MARKERS = ('class="postlist"', 'class="plc cl" id="pid')
XML_PROLOG = "<?xml"
POSTS = "div.plc[id^='pid']"
POST_ID = re.compile(r"^pid(\d+)$")
AUTHOR_LINE = "ul.authi li.grey"
TIME_LINE = "ul.authi li.rela"
FLOOR_LABEL = "em"
AUTHOR_LINK = "b a"
AUTHOR_BOLD = "b"
AVATAR = "span.avatar img"
MESSAGE = "div.message"
MESSAGE_CLASS = "message"
POST_MESSAGE = "[id^='postmessage_']"
NOTICE = "div.quote, div.grey"
REAL_QUOTE = "blockquote"
SUBJECT = "div.postlist > h2"
THREAD_LINK = "a[href*='tid=']"
REPLY_FORM = "form[action*='fid=']"
# a div after the message that names attachments and asks to log in
ATTACH_NOTICE_WORDS = words("附件", "登录", "登錄")
