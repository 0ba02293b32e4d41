"""parse_text: the plain-text rendering of a thread page (the seed itself, and renderings of
our fixtures and the real pages made at test time by three HTML-to-text tools)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from discuz_extract import PageKind, Post, PostStatus, clean_text, merge_pages, parse_page, parse_text
from discuz_extract._parsing.text import strip_jammer
from discuz_extract.cli import main

from .conftest import FIXTURES, LOCAL, REAL, SEED, fixture_bytes, require, seed_article_paragraphs
from .renderers import RENDERERS
from .test_seed_fixture import REPLIES, TIMES

CST = timezone(timedelta(hours=8))


def words(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the seed --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> str:
    return require(SEED).read_text(encoding="utf-8")


def test_seed_header_and_footer(seed_text: str) -> None:
    page = parse_text(seed_text)
    assert page.kind is PageKind.TEXT
    assert page.title == "深化网信行业改革 着力构建良好网络生态——中央网信办专家答问"
    assert (page.views, page.replies) == (40, 4)
    site = page.site
    assert site.generated_at == datetime(2024, 11, 23, 12, 48, tzinfo=CST)
    assert (site.processing_seconds, site.queries, site.version, site.name) == (0.15269, 22, "X3.4", "外链论坛")
    assert site.copyright == "Copyright © 2001-2023, Tencent Cloud."
    assert page.prev_thread is not None and page.next_thread is not None
    assert page.prev_thread.title == "激发创新活力 培养数据人才 广西“数据要素×”系列赛事在南宁开赛"
    assert page.next_thread.title == "瞭望·治国理政纪事|加快建设服务全国的南繁硅谷"


def test_seed_posts(seed_text: str) -> None:
    posts = parse_text(seed_text).posts
    assert [p.floor for p in posts] == [1, 2, 3, 4, 5]
    assert [p.posted_at for p in posts] == TIMES
    assert posts[0].text.split("\n") == seed_article_paragraphs()
    assert [p.text for p in posts[1:]] == REPLIES


def test_seed_author_stats(seed_text: str) -> None:
    first, second = parse_text(seed_text).posts[:2]
    assert first.author is not None and second.author is not None
    assert (first.author.threads, first.author.replies, first.author.credits) == (3031, 312, 99099082)
    assert first.author.posts == 3031 + 312  # 回帖 counts posts minus threads
    assert (first.author.group, first.author.rank) == ("论坛元老", 8)
    assert first.author.name is None  # the text rendering lost the names: not guessed
    # "1万" is all the text shows of the second author's post count: kept as shown, not guessed
    assert second.author.replies is None and second.author.posts is None and second.author.profile["回帖"] == "1万"
    assert (second.author.threads, second.author.credits, second.author.rank) == (0, 1, 1)


def test_clean_text_is_the_article(seed_text: str) -> None:
    assert clean_text(seed_text).split("\n") == seed_article_paragraphs()


def test_thread_level_reply_texts(seed_text: str) -> None:
    assert merge_pages([parse_text(seed_text)]).reply_texts == REPLIES


# --- renderings made at test time -------------------------------------------------------------

FIXTURE_PAGES = ["seed.desktop.gbk.html", "seed.desktop.utf8.html"] + [f"rich.desktop.p{n}.gbk.html" for n in (1, 2, 3)]


def decoded(raw: bytes) -> str:
    head = raw[:2000].lower()
    return raw.decode("gb18030" if b"charset=gbk" in head else "utf-8")


def assert_same_posts(got: list[Post], want: list[Post]) -> None:
    assert want, "nothing to compare against"
    assert [p.floor for p in got] == [p.floor for p in want]
    for a, b in zip(got, want):
        assert a.status is b.status, b.floor
        assert words(a.text) == words(b.text), b.floor
        assert (a.author.name if a.author else None) == (b.author.name if b.author else None)
        if not a.posted_at_approximate:
            assert a.posted_at == b.posted_at
        assert words(a.signature or "") == words(b.signature or "")
        assert [q.author for q in a.quotes] == [q.author for q in b.quotes]


@pytest.mark.parametrize("tool", sorted(RENDERERS))
@pytest.mark.parametrize("name", FIXTURE_PAGES)
def test_renderings_of_fixtures(tool: str, name: str) -> None:
    raw = fixture_bytes(name)
    want = parse_page(raw)
    got = parse_text(RENDERERS[tool](decoded(raw)))
    assert got.title == want.title and (got.views, got.replies) == (want.views, want.replies)
    assert_same_posts(got.posts, want.posts)


REAL_DESKTOP = (
    [
        *sorted(LOCAL.glob("*.desktop.p*.html")),
        REAL / "07_bapuro-x34-utf8-thread-6.html",
        REAL / "08_bapuro-x34-utf8-thread-1.html",
    ]
    if REAL.exists()
    else []
)


@pytest.mark.parametrize("tool", sorted(RENDERERS))
@pytest.mark.parametrize("path", REAL_DESKTOP, ids=lambda p: p.name)
def test_renderings_of_real_pages(tool: str, path: Path) -> None:
    raw = path.read_bytes()
    want = parse_page(raw)
    got = parse_text(RENDERERS[tool](raw.decode("utf-8")))
    for post in want.posts:
        # a signature is only told apart when its author posts twice on the page
        if post.signature and sum(p.author == post.author for p in want.posts) == 1:
            post.text = f"{post.text}\n{post.signature}"
            post.signature = None
    assert_same_posts(got.posts, want.posts)


def test_rich_features_in_text() -> None:
    pages = [
        parse_text(RENDERERS["html-text"](decoded(fixture_bytes(f"rich.desktop.p{n}.gbk.html")))) for n in (1, 2, 3)
    ]
    thread = merge_pages(pages)
    posts = {p.floor: p for p in thread.posts}
    assert posts[1].attachments and {a.name for a in posts[1].attachments} == {"样张一.jpg", "原图样张.zip"}
    assert posts[2].quotes[0].text == "各位好，这是我用了一年的相机评测。"
    assert posts[4].edit is not None and posts[4].subject == "关于 RAW 格式"
    assert posts[5].status is PostStatus.BLOCKED and posts[9].status is PostStatus.DELETED
    assert posts[7].status is PostStatus.HIDDEN
    assert posts[6].author is not None and posts[6].author.is_guest and posts[6].author.profile["ip"] == "61.135.169.x"
    assert posts[13].posted_at_approximate and posts[13].posted_at == datetime(2024, 11, 22, 22, 10, tzinfo=CST)
    assert thread.page_count == 3


# --- author lines that look like chrome stay ----------------------------------------------------


def test_author_lines_that_look_like_chrome_stay(seed_text: str) -> None:
    article = "\n".join(
        [
            "记者问：网友如何回复？",
            "回复",
            "发表于 2024-8-20 06:30:49 这一天，文件正式印发。",
            "举报",
            "本版积分规则是什么？",
            "上一篇报道已经说明。",
            "1 2 3 4 5 6 7",
        ]
    )
    text = seed_text.replace("编辑 赵熹", "编辑 赵熹\n\n" + article, 1)
    first = parse_text(text).posts[0]
    assert first.text.endswith(article)
    assert len(parse_text(text).posts) == 5


def test_chrome_words_inside_author_sentences_stay() -> None:
    raw = decoded(fixture_bytes("rich.desktop.p3.gbk.html"))
    post = parse_text(RENDERERS["html-text"](raw)).posts[0]
    assert post.text.endswith("帖子里说“回复”或“发表于”都没关系。")


# --- jammer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("各位好，这是我用了一年的相机评测。( Z# O( O5 ~: |7 S", "各位好，这是我用了一年的相机评测。"),
        ("% O+ ~* m4 T/ y- J) o: T. J7 [) c欢迎回帖讨论。", "欢迎回帖讨论。"),
        ("第一段7 u# g; K1 V% a, k8 Q第二段", "第一段 第二段"),
        ("版本 1.2.3 发布于 2024 年", "版本 1.2.3 发布于 2024 年"),
        ("选项 1 2 3 4 5 6", "选项 1 2 3 4 5 6"),
        ("We use Python 3 and C++ here", "We use Python 3 and C++ here"),
    ],
)
def test_jammer_runs(line: str, expected: str) -> None:
    assert strip_jammer(line) == expected


def test_not_a_text_rendering() -> None:
    from discuz_extract import NotDiscuzPage

    with pytest.raises(NotDiscuzPage):
        parse_text("hello\nworld")


def test_cli_parses_text_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main(["parse", "--text", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "深化网信行业改革" in out and "你的话语如春风拂面" in out


def test_fixtures_dir_has_renderable_pages() -> None:
    assert all((FIXTURES / name).exists() for name in FIXTURE_PAGES)
