"""The printable view (``action=printable``): posts split by ``<hr noshade>``, labelled lines."""

from __future__ import annotations

import re

from .._vocab import words

HR_MARKER = "<hr noshade"
SEPARATOR = re.compile(r"<hr\b[^>]*>", re.I)
AUTHOR_LABELS = words("作者:", "作者：")
TIME_LABELS = words("时间:", "時間:", "时间：", "時間：")
TITLE_LABELS = words("标题:", "標題:", "标题：", "標題：")
HEADER_LABELS = words(AUTHOR_LABELS, TIME_LABELS, TITLE_LABELS)
LABEL_TAG = "b"
LINE_BREAK = "br"
EXACT_TIME = "span[title]"
# a body of its own (a table or a message div): not a bare status notice
BODY_MARKERS = "td, div.t_f"
SITE_HEADING = "h1"
WELCOME = re.compile(r"(?:欢迎光临|歡迎光臨)\s*(.+?)\s*\((https?://[^)]+)\)")
VERSION = re.compile(r"Powered by Discuz!\s*(X?\d+(?:\.\d+)*)")
