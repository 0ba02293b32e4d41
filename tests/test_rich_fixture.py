"""The feature-rich 3-page GBK thread: every feature lands in its field, nothing leaks into text."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from discuz_extract import Post, PostStatus, Thread, merge_pages, parse_page

from .conftest import fixture_bytes

CST = timezone(timedelta(hours=8))
BASE = "http://bbs.example.cn/"


@pytest.fixture(scope="module")
def thread() -> Thread:
    pages = [parse_page(fixture_bytes(f"rich.desktop.p{n}.gbk.html")) for n in (1, 2, 3)]
    return merge_pages(pages, url=BASE + "thread-2048-1-1.html")


def by_floor(thread: Thread, floor: int) -> Post:
    return next(p for p in thread.posts if p.floor == floor)


def test_whole_thread(thread: Thread) -> None:
    assert thread.title == "【评测】用了一年的相机，说说优缺点（多页、附件、引用）"
    assert (thread.views, thread.replies, thread.page_count) == (5321, 12, 3)
    assert [p.floor for p in thread.posts] == list(range(1, 14))
    assert len({p.pid for p in thread.posts}) == 13


def test_jammer_removed_and_lines_kept(thread: Thread) -> None:
    first = by_floor(thread, 1)
    assert first.text == "\n".join(
        [
            "各位好，这是我用了一年的相机评测。",
            "第一部分：外观和手感。",
            "第二部分：画质。",
            "总结：值得买。",
            "欢迎回帖讨论。",
        ]
    )
    assert "jammer" not in first.html and "display:none" not in first.html
    assert by_floor(thread, 13).text == "最后一个问题：\n电池能用多久？"


def test_ad_and_image_chrome_dropped(thread: Thread) -> None:
    first = by_floor(thread, 1)
    assert "广告" not in first.text
    for chrome in ("下载附件", "上传", "KB", "样张一.jpg"):
        assert chrome not in first.text


def test_lazy_image_and_attachments(thread: Thread) -> None:
    first = by_floor(thread, 1)
    assert [(i.url, i.aid, i.alt) for i in first.images] == [
        (BASE + "data/attachment/forum/202410/03/201500abc.jpg", 301, None)
    ]
    names = {a.name: a for a in first.attachments}
    assert names["样张一.jpg"].size == "356.12 KB" and names["样张一.jpg"].downloads == 12
    zipped = names["原图样张.zip"]
    assert (zipped.aid, zipped.size, zipped.downloads) == (302, "4.52 MB", 37)
    assert zipped.url is not None and zipped.url.startswith(BASE + "forum.php?mod=attachment&aid=")
    raw = by_floor(thread, 4)
    assert [i.url for i in raw.images] == ["https://img.example.com/2024/raw.png"]  # file= only, no src


def test_quote_kept_apart(thread: Thread) -> None:
    post = by_floor(thread, 2)
    assert post.text == "楼主写得好，收藏了！"
    [quote] = post.quotes
    assert (quote.author, quote.pid, quote.text) == ("老猫", 9001, "各位好，这是我用了一年的相机评测。")
    assert quote.posted_at == datetime(2024, 10, 3, 20, 15, tzinfo=CST)


def test_code_block(thread: Thread) -> None:
    post = by_floor(thread, 3)
    assert post.code_blocks == ["import discuz\nfor post in thread:\n    print(post.text)"]
    assert "复制代码" not in post.text
    assert post.text.startswith("测试一下代码：\nimport discuz") and post.text.endswith("代码结束。")


def test_edit_note_subject_and_smiley(thread: Thread) -> None:
    post = by_floor(thread, 4)
    assert post.edit is not None and post.edit.editor == "摄影师小林"
    assert post.edit.edited_at == datetime(2024, 10, 4, 10, 20, tzinfo=CST)
    assert "本帖最后由" not in post.text and "本帖最后由" not in post.html
    assert post.subject == "关于 RAW 格式"
    assert post.text == "RAW 格式也能直接导出 很方便。"


def test_blocked_posts(thread: Thread) -> None:
    banned, moderated = by_floor(thread, 5), by_floor(thread, 8)
    assert banned.status is PostStatus.BLOCKED and banned.text == ""
    assert banned.status_text is not None and "作者被禁止或删除" in banned.status_text
    assert moderated.status is PostStatus.BLOCKED and "版主屏蔽" in (moderated.status_text or "")


def test_hidden_content(thread: Thread) -> None:
    post = by_floor(thread, 7)
    assert post.status is PostStatus.HIDDEN
    assert post.text == "补充一个下载地址：\n以上。"
    assert "回复" not in post.text and "replyreload" not in post.text


def test_guest_anonymous_and_deleted(thread: Thread) -> None:
    guest = by_floor(thread, 6).author
    assert guest is not None and guest.is_guest and guest.uid is None and guest.profile["ip"] == "61.135.169.x"
    anonymous = by_floor(thread, 10).author
    assert anonymous is not None and anonymous.is_anonymous and anonymous.name == "匿名"
    deleted = by_floor(thread, 9)
    assert deleted.status is PostStatus.DELETED and deleted.author is None and deleted.text == ""


def test_signature_and_author_words_that_look_like_chrome(thread: Thread) -> None:
    post = by_floor(thread, 11)
    assert post.signature == "大熊的签名：爱摄影，爱生活。"
    assert "大熊的签名" not in post.text
    assert "帖子里说“回复”或“发表于”都没关系。" in post.text


def test_relative_times_from_title(thread: Thread) -> None:
    four_days, yesterday = by_floor(thread, 12), by_floor(thread, 13)
    assert four_days.posted_at_text == "4 天前"
    assert four_days.posted_at == datetime(2024, 11, 19, 16, 2, 33, tzinfo=CST)
    assert yesterday.posted_at == datetime(2024, 11, 22, 22, 10, 5, tzinfo=CST)
    assert not yesterday.posted_at_approximate


def test_no_chrome_leaks_into_any_text(thread: Thread) -> None:
    leaks = re.compile(r"本帖最后由|下载次数|下载附件|复制代码|上传|如果您要查看本帖隐藏内容|发表于 \d|\bjammer\b")
    assert len(thread.posts) == 13  # every post is checked below
    for post in thread.posts:
        assert not leaks.search(post.text), (post.floor, post.text)
        for quote in post.quotes:
            assert quote.text not in post.text


def test_page_two_has_no_counters_but_merge_keeps_page_one() -> None:
    page2 = parse_page(fixture_bytes("rich.desktop.p2.gbk.html"))
    assert (page2.page, page2.page_count, page2.views) == (2, 3, None)
    assert page2.title == "【评测】用了一年的相机，说说优缺点（多页、附件、引用）"


def test_hot_reply_copy_keeps_the_real_floor() -> None:
    raw = fixture_bytes("rich.desktop.p2.gbk.html").decode("gb18030")
    start = raw.index('<div id="post_9007"')
    end = raw.index('<div id="post_9008"')
    copy = raw[start:end].replace("<em>7</em><sup>#</sup>", "推荐", 1)
    page1 = fixture_bytes("rich.desktop.p1.gbk.html").decode("gb18030")
    first_end = page1.index('<div id="post_9002"')
    page1 = page1[:first_end] + copy + page1[first_end:]
    pages = [parse_page(page1), parse_page(fixture_bytes("rich.desktop.p2.gbk.html"))]
    hot = next(p for p in pages[0].posts if p.pid == 9007)
    assert hot.floor is None and hot.floor_label == "推荐"
    assert [p.floor for p in pages[0].posts if p.pid != 9007] == [1, 2, 3, 4, 5]
    merged = merge_pages(pages)
    assert [p.floor for p in merged.posts if p.pid == 9007] == [7]
    assert [p.floor for p in merged.posts] == list(range(1, 11))
