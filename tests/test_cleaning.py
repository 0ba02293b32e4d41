"""The cleaner on inline file attachments, as Discuz! X3.4 renders ``[attach]AID[/attach]``.

``discuzcode.htm`` ``attachinpost()`` puts a non-image attachment inside ``<ignore_js_op>``: a
file-type icon, ``span#attach_AID`` holding the download link (the file name) and an
``em.xg1`` with ``(SIZE, 下载次数: N)``, then the hidden ``div#attach_AID_menu.tip``
(reference §1.8). Skins and cut-down markup drop the wrapper and leave the span and the
``em`` side by side. Either way the attachment is recorded and none of its chrome is text.
"""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from discuz_extract._cleaning import CleanedMessage, clean_message
from discuz_extract.models import Attachment

CST = timezone(timedelta(hours=8))
BASE = "http://bbs.example.cn/"
ENC = "MzAzfGE3YjJjM2Q0fDE3Mjc5NTc3MDl8MjF8MjA0OA%3D%3D"  # aidencode(): base64 of "303|hash|time|uid|tid"
LINK = f'<a href="forum.php?mod=attachment&amp;aid={ENC}" target="_blank">驱动程序.zip</a>'
ZIP = Attachment(
    name="驱动程序.zip", url=f"{BASE}forum.php?mod=attachment&aid={ENC}", size="12.5 KB", aid=303, downloads=3
)
CHROME = ("驱动程序.zip", "12.5 KB", "下载次数", "点击文件名下载附件", "上传", "(", ")")
MENU = (
    '<div class="tip tip_4" id="attach_303_menu" style="position: absolute; display: none" disautofocus="true">\r\n'
    '<div class="tip_c xs0">\r\n<div class="y">2024-10-3 20:15 上传</div>\r\n点击文件名下载附件\r\n</div>\r\n'
    '<div class="tip_horn"></div>\r\n</div>\r\n'
)
ICON = '<img src="static/image/filetype/zip.gif" border="0" class="vm" alt="" />\r\n'
ON_HOVER = "onmouseover=\"showMenu({'ctrlid':this.id,'pos':'12'})\""


def clean(message_html: str) -> CleanedMessage:
    page = LexborHTMLParser(f'<table><tr><td class="t_f" id="postmessage_9001">{message_html}</td></tr></table>')
    node = page.css_first("#postmessage_9001")
    assert node is not None
    return clean_message(node, tz=CST, base_url=BASE)


def around(attachment_html: str) -> str:
    return f"请看附件：<br />\r\n{attachment_html}<br />\r\n以上。"


def assert_no_chrome(text: str) -> None:
    for chrome in CHROME:
        assert chrome not in text, (chrome, text)


# --- inside <ignore_js_op>: the wrapper goes, and everything in it -----------------------------

X34_INLINE = (
    "<ignore_js_op>\r\n\r\n"
    + ICON
    + f'<span style="white-space: nowrap" id="attach_303" {ON_HOVER}>\r\n{LINK}\r\n'
    + '<em class="xg1">(12.5 KB, 下载次数: 3)</em>\r\n</span>\r\n'
    + MENU
    + "\r\n</ignore_js_op>\r\n"
)
# the same with the em after the span, not in it, as reference §1.8 describes it
X34_INLINE_EM_AFTER = (
    "<ignore_js_op>\r\n"
    + ICON
    + f'<span style="white-space: nowrap" id="attach_303" {ON_HOVER}>{LINK}</span>'
    + '<em class="xg1">(12.5 KB, 下载次数: 3)</em>\r\n'
    + MENU
    + "</ignore_js_op>\r\n"
)


@pytest.mark.parametrize("markup", [X34_INLINE, X34_INLINE_EM_AFTER], ids=["em-in-span", "em-after-span"])
def test_inline_attachment_in_ignore_js_op(markup: str) -> None:
    result = clean(around(markup))
    assert result.attachments == [ZIP]
    assert result.text == "请看附件：\n以上。"
    assert_no_chrome(result.text)
    # the file-type icon is chrome of the attachment, not an image of the post
    assert result.images == []


def test_two_inline_attachments_each_in_its_wrapper() -> None:
    second = X34_INLINE.replace("attach_303", "attach_304").replace("驱动程序.zip", "说明书.pdf")
    second = second.replace("12.5 KB, 下载次数: 3", "512 Bytes, 下载次数: 0")
    result = clean(f"第一个：<br />\r\n{X34_INLINE}第二个：<br />\r\n{second}完。")
    assert [(a.aid, a.name, a.size, a.downloads) for a in result.attachments] == [
        (303, "驱动程序.zip", "12.5 KB", 3),
        (304, "说明书.pdf", "512 Bytes", 0),
    ]
    assert result.text == "第一个：\n第二个：\n完。"
    assert_no_chrome(result.text)
    assert "说明书.pdf" not in result.text and "512 Bytes" not in result.text


def test_one_wrapper_holding_two_attachments() -> None:
    # a skin that lists several files in one <ignore_js_op>: the wrapper goes with the first
    # span, and the second (gone with it) is passed over rather than removed twice
    other = LINK.replace("驱动程序.zip", "补丁.rar").replace(ENC, "MzA0fGE3YjJjM2Q0fDE3Mjc5NTc3MDl8MjF8MjA0OA%3D%3D")
    result = clean(
        around(
            f'<ignore_js_op>{ICON}<span id="attach_303">{LINK}</span><em class="xg1">(12.5 KB, 下载次数: 3)</em>'
            f'{ICON}<span id="attach_304">{other}</span><em class="xg1">(1.2 MB, 下载次数: 41)</em></ignore_js_op>'
        )
    )
    assert [(a.aid, a.name, a.size, a.downloads) for a in result.attachments] == [
        (303, "驱动程序.zip", "12.5 KB", 3),
        (304, "补丁.rar", "1.2 MB", 41),
    ]
    assert result.text == "请看附件：\n以上。"
    assert_no_chrome(result.text)
    assert "补丁.rar" not in result.text and "1.2 MB" not in result.text


# --- a bare span: the span goes, and the em that follows it -----------------------------------


def test_bare_span_and_its_em() -> None:
    result = clean(around(f'<span id="attach_303">{LINK}</span><em class="xg1">(12.5 KB, 下载次数: 3)</em>'))
    assert result.attachments == [ZIP]
    assert result.text == "请看附件：\n以上。"
    assert_no_chrome(result.text)


def test_bare_span_then_whitespace_then_em() -> None:
    result = clean(around(f'<span id="attach_303">{LINK}</span>\r\n<em class="xg1">(12.5 KB, 下载次数: 3)</em>'))
    assert result.text == "请看附件：\n以上。"  # the em is found past the line break and dropped
    assert_no_chrome(result.text)
    assert result.attachments == [ZIP]  # and its size and downloads are read from it


def test_bare_span_keeps_the_words_after_it() -> None:
    result = clean(f'附件：<span id="attach_303">{LINK}</span> 解压密码见楼下<br />\r\n以上。')
    assert [a.aid for a in result.attachments] == [303]
    assert result.text == "附件： 解压密码见楼下\n以上。"  # not an em: the author's words stay


def test_an_em_of_the_author_after_a_span_stays() -> None:
    # only an em that states a size is the attachment's note; the author's emphasis stays
    result = clean(f'附件：<span id="attach_303">{LINK}</span><em>务必先看说明</em><br />\r\n以上。')
    assert result.text == "附件：务必先看说明\n以上。"
    assert result.attachments == [ZIP.model_copy(update={"size": None, "downloads": None})]
