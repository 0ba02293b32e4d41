"""The touch template (``mobile=2``) in both its versions: X3.4's ``div.postlist`` and the X3.5
template (``body#forum.pg_viewthread``); both put each post in ``div.plc#pidPID``.

Where the versions differ, a selector lists both: X3.4 first, then X3.5.
"""

from __future__ import annotations

import re

from .._vocab import words

XML_PROLOG = "<?xml"
POST_MARKER = 'class="plc cl" id="pid'  # both versions; the desktop page has td.plc, not this
POSTS = "div.plc[id^='pid']"
POST_ID = re.compile(r"^pid(\d+)$")
AUTHOR_LINE = "ul.authi li.grey, ul.authi li.mtit"
TIME_LINE = "ul.authi li.rela, ul.authi li.mtime"
FLOOR_LABEL = "em, span.y"
AUTHOR_LINK = "b a, span.z a"
AUTHOR_BOLD = "b, span.z"
AVATAR = "span.avatar img, div.avatar img"
MESSAGE = "div.message"
MESSAGE_CLASS = "message"
POST_MESSAGE = "[id^='postmessage_']"
NOTICE = "div.quote, div.grey"
REAL_QUOTE = "blockquote"
SUBJECT = "div.postlist > h2, div.view_tit"
THREAD_LINK = "a[href*='tid=']"
REPLY_FORM = "form[action*='fid=']"
# X3.5 names the forum in the header and prints the counters beside the first post's time
HEADER_FORUM = "div.header h2 a"
COUNTERS = "li.mtime span.y em"
# a div after the message that names attachments and asks to log in
ATTACH_NOTICE_WORDS = words("附件", "登录", "登錄")
