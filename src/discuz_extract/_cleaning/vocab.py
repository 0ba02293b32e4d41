"""The cleaner's vocabulary: what marks noise, notes, quotes, code and attachments in a message."""

from __future__ import annotations

import re

from .._vocab import (
    COLONS,
    COPY_CODE,
    DOWNLOAD_ATTACHMENT,
    HIDDEN_CONTENT_HEADER,
    POSTED_ON,
    SAVE_TO_ALBUM,
    one_of,
    words,
)

# removed before anything is read: the jammer, scripts, ads, hover tips, copy buttons
NOISE = (
    "script, style, font.jammer, .jammer, div.a_pr, div.attach_nopermission, "
    "div.tip, [id$='_menu'], em[onclick^='copycode'], .atips_close, div.blockcode p, form, "
    "div.guestviewthumb p, div.media_tips"
)
STYLED_SPANS = "span[style]"
EDIT_NOTE = "i.pstatus"
QUOTE = "div.quote, div.reply_wrap"
QUOTE_HEADER = "font[size='2'], font[color='#999999']"
QUOTE_LINK = "a"  # the header links the quoted post (findpost&pid=)
CODE = "div.blockcode"
CODE_LINES = "li"
HIDDEN_NOTICE = "div.locked"
SHOWN_HIDE_HEADER = "div.showhide > h4"
IMAGES = "img"
FILE_ATTACH = "span[id^='attach_']"
ATTACH_LIST_ITEM = "dl.tattl"
ATTACH_LINK = "a[id^='aid'], p.attnm a, a[href*='mod=attachment']"
ATTACH_HOLDERS = f"{FILE_ATTACH}, {ATTACH_LIST_ITEM}"
# the hover tip of an inline image attachment: name, size, downloads
IMAGE_TIP = "div[id^='aimg_'][id$='_menu']"
IMAGE_TIP_NAME = "strong"
IMAGE_ID_PREFIX = "aimg_"
ATTACHMENT_WRAPPER = "ignore_js_op"
# what a step's selector cannot match without: lexbor serialises tags, classes and ids as
# written, so where none of a step's markers is in the message's markup its query would find
# nothing, and the step (a query per message) is skipped; a plain post needs none of them
STEP_MARKERS = {
    "noise": (
        "<script",
        "<style",
        "jammer",
        "a_pr",
        "attach_nopermission",
        "tip",
        "_menu",
        "copycode",
        "atips_close",
        "blockcode",
        "<form",
        "guestviewthumb",
        "media_tips",
        "style=",
    ),
    "edit_note": ("pstatus",),
    "images": ("<img",),
    "code": ("blockcode",),
    "quotes": ("quote", "reply_wrap"),
    "hidden": ("locked", "showhide"),
    "file_attachments": ("attach_",),
    "attachment_lists": ("attach_", "tattl"),
    "image_tips": ("aimg_",),
}
# lazy images keep the real URL in one of these; ``src`` may be a placeholder
IMAGE_URL_ATTRIBUTES = ("zoomfile", "file", "data-original", "src")
# placeholders and chrome, never the author's images: lazy-load stand-ins, file-type icons
PLACEHOLDER_IMAGES = ("static/image/common/none.gif", "static/image/common/", "/none.gif", "static/image/filetype/")
SMILEY = "static/image/smiley/"

# text Discuz puts around content; dropped when found as a whole line
CHROME_LINES = words(COPY_CODE, DOWNLOAD_ATTACHMENT, SAVE_TO_ALBUM, HIDDEN_CONTENT_HEADER)
QUOTE_HEADER_TEXT = re.compile(rf"^(.*?)\s*{one_of(POSTED_ON)}\s*(.+)$")
# X3.4's touch template opens a quote with this label before the header
QUOTE_LABEL = re.compile(rf"^\s*引用\s*[{COLONS}]\s*")
SIZE = re.compile(r"(\d+(?:\.\d+)?\s*(?:Bytes|KB|MB|GB|TB|B))", re.I)
