"""The seed thread as a full desktop page (GBK and UTF-8) parses to exactly what the seed shows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from discuz_extract import PostStatus, ThreadPage, merge_pages, parse_page

from .conftest import fixture_bytes, seed_article_paragraphs

CST = timezone(timedelta(hours=8))
TITLE = "深化网信行业改革 着力构建良好网络生态——中央网信办专家答问"
REPLIES = [
    "你的话语真是温暖如春,让我心生感激。",
    "论坛的成果是显著的,但我们不能因为成绩而沾沾自喜。",
    "祝福你、祝你幸福、早日实现等。",
    "你的话语如春风拂面,温暖了我的心房,真的很感谢。",
]
TIMES = [
    datetime(2024, 8, 20, 6, 30, 49, tzinfo=CST),
    datetime(2024, 8, 27, 8, 34, 20, tzinfo=CST),
    datetime(2024, 10, 18, 4, 46, 38, tzinfo=CST),
    datetime(2024, 10, 29, 5, 25, 58, tzinfo=CST),
    datetime(2024, 10, 30, 4, 52, 50, tzinfo=CST),
]
# (threads, replies, credits, group, rank, shown replies, shown credits) as the seed shows them;
# the seed's build labels the counter 回帖 (posts minus threads), so posts = replies + threads
STATS = [
    (3031, 312, 99099082, "论坛元老", 8, "312", "9909万"),
    (0, 12836, 1, "新手上路", 1, "1万", "1"),
    (3062, 31458, 99139046, "论坛元老", 8, "3万", "9913万"),
    (3121, 30217, 99108633, "论坛元老", 8, "3万", "9910万"),
    (3073, 32604, 99158921, "论坛元老", 8, "3万", "9915万"),
]


@pytest.fixture(params=["seed.desktop.gbk.html", "seed.desktop.utf8.html"])
def seed_page(request: pytest.FixtureRequest) -> ThreadPage:
    return parse_page(fixture_bytes(request.param), url="http://bbs.example.cn/thread-1523-1-1.html")


def test_header(seed_page: ThreadPage) -> None:
    assert seed_page.title == TITLE
    assert (seed_page.views, seed_page.replies) == (40, 4)
    assert (seed_page.page, seed_page.page_count) == (1, 1)
    assert seed_page.tid == 1523
    assert seed_page.forum is not None and seed_page.forum.name == "新闻资讯" and seed_page.forum.fid == 36
    assert [c.title for c in seed_page.breadcrumb][:2] == ["外链论坛", "论坛"]


def test_posts_floors_and_times(seed_page: ThreadPage) -> None:
    assert [p.floor for p in seed_page.posts] == [1, 2, 3, 4, 5]
    assert [p.floor_label for p in seed_page.posts] == ["楼主", "沙发", "板凳", "地板", "5#"]
    assert [p.is_first for p in seed_page.posts] == [True, False, False, False, False]
    assert [p.posted_at for p in seed_page.posts] == TIMES
    assert all(p.posted_at is not None and p.posted_at.utcoffset() == timedelta(hours=8) for p in seed_page.posts)
    assert all(p.status is PostStatus.NORMAL for p in seed_page.posts)


def test_author_stats(seed_page: ThreadPage) -> None:
    assert len(seed_page.posts) == len(STATS)  # zip below would stop at the shorter
    for post, (threads, replies, credits, group, rank, shown_posts, shown_credits) in zip(seed_page.posts, STATS):
        author = post.author
        assert author is not None and author.name
        assert (author.threads, author.replies, author.credits) == (threads, replies, credits)
        assert author.posts == threads + replies
        assert (author.group, author.rank) == (group, rank)
        assert author.profile["回帖"] == shown_posts
        assert author.profile["积分"] == shown_credits


def test_article_is_the_seed_article(seed_page: ThreadPage) -> None:
    paragraphs = seed_page.posts[0].text.split("\n")
    assert paragraphs[0].startswith("据新华社信息")
    assert paragraphs[-1] == "编辑 赵熹"
    assert paragraphs == seed_article_paragraphs()


def test_replies_text(seed_page: ThreadPage) -> None:
    assert [p.text for p in seed_page.posts[1:]] == REPLIES


def test_footer_site_info(seed_page: ThreadPage) -> None:
    site = seed_page.site
    assert site.name == "外链论坛"
    assert (site.software, site.version) == ("Discuz!", "X3.4")
    assert site.utc_offset == 8.0
    assert site.generated_at == datetime(2024, 11, 23, 12, 48, tzinfo=CST)
    assert site.processing_seconds == pytest.approx(0.15269)
    assert site.queries == 22
    assert site.copyright == "Copyright © 2001-2023, Tencent Cloud."


def test_prev_next_titles(seed_page: ThreadPage) -> None:
    assert seed_page.prev_thread is not None and seed_page.next_thread is not None
    assert seed_page.prev_thread.title == "激发创新活力 培养数据人才 广西“数据要素×”系列赛事在南宁开赛"
    assert seed_page.next_thread.title == "瞭望·治国理政纪事|加快建设服务全国的南繁硅谷"


def test_charset_reported() -> None:
    assert parse_page(fixture_bytes("seed.desktop.gbk.html")).site.charset == "gb18030"
    assert parse_page(fixture_bytes("seed.desktop.utf8.html")).site.charset == "utf-8"


def test_both_encodings_give_equal_posts() -> None:
    gbk = parse_page(fixture_bytes("seed.desktop.gbk.html"))
    utf8 = parse_page(fixture_bytes("seed.desktop.utf8.html"))
    assert gbk.posts == utf8.posts


def test_thread_article_is_floor_one() -> None:
    thread = merge_pages([parse_page(fixture_bytes("seed.desktop.gbk.html"))])
    assert thread.article == thread.posts[0].text
    assert thread.reply_texts == REPLIES
    assert thread.model_dump()["article"].startswith("据新华社信息")
