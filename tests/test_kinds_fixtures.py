"""Each rendering of the seed and the multi-page thread parses to the same posts as the
desktop page: pid where the kind has it, floor, author, time, text; None where it lacks one."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from discuz_extract import PageKind, Post, PostStatus, Thread, merge_pages, parse_page

from .conftest import FIXTURES, fixture_bytes

CST = timezone(timedelta(hours=8))
FOOTER_TIME = datetime(2024, 11, 23, 12, 48, tzinfo=CST)  # what the Date header would say
API = "http://bbs.example.cn/api/mobile/index.php?version=4&module=viewthread&tid={tid}&page={page}"


def files(stem: str, kind: str, suffix: str) -> list[str]:
    many = sorted(p.name for p in FIXTURES.glob(f"{stem}.{kind}.p*{suffix}"))
    return many or [f"{stem}.{kind}{suffix}"]


def load(stem: str, kind: str) -> Thread:
    suffix = {"touch": ".html", "api": ".json", "desktop": ".gbk.html"}.get(kind, ".gbk.html")
    tid = {"seed": 1523, "rich": 2048}[stem]
    pages = []
    for n, name in enumerate(files(stem, kind, suffix), start=1):
        url = API.format(tid=tid, page=n) if kind == "api" else None
        pages.append(parse_page(fixture_bytes(name), url=url, fetched_at=FOOTER_TIME))
    assert {p.kind for p in pages} == {PageKind(kind)}
    return merge_pages(pages)


def words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def desktop_posts(stem: str) -> list[Post]:
    return [p for p in load(stem, "desktop").posts if p.status is not PostStatus.DELETED]


@pytest.mark.parametrize("stem", ["seed", "rich"])
@pytest.mark.parametrize("kind", ["touch", "archiver", "printable", "api"])
def test_same_posts_as_desktop(stem: str, kind: str) -> None:
    expected = desktop_posts(stem)
    got = load(stem, kind).posts
    assert len(expected) == {"seed": 5, "rich": 12}[stem]  # the loop below compares every post
    assert len(got) == len(expected)
    for ordinal, (post, want) in enumerate(zip(got, expected), start=1):
        assert post.pid == (want.pid if kind in ("touch", "api") else None)
        assert post.floor == (want.floor if kind in ("touch", "api") else ordinal)
        assert post.author is not None and want.author is not None
        assert post.author.name == (
            "匿名" if want.author.is_guest or want.author.is_anonymous else want.author.name
        ) or (kind == "archiver" and post.author.is_anonymous)
        assert post.author.uid == (want.author.uid if kind in ("touch", "api") else None)
        assert post.author.credits is None and post.author.group is None  # only desktop shows stats
        check_time(kind, post, want)
        if want.status is PostStatus.BLOCKED:
            assert post.text == ""
        else:
            assert words(post.text) == words(want.text), (kind, post.floor)


def check_time(kind: str, post: Post, want: Post) -> None:
    assert want.posted_at is not None and post.posted_at is not None
    if kind == "printable":
        assert post.posted_at == want.posted_at.replace(second=0)
    elif kind == "touch" and post.posted_at_approximate:
        # no title attribute on touch: "4 天前" is resolved against the response time
        assert abs(post.posted_at - want.posted_at) < timedelta(days=1)
    else:
        assert post.posted_at == want.posted_at and not post.posted_at_approximate


def test_touch_relative_times_are_marked_approximate() -> None:
    posts = {p.floor: p for p in load("rich", "touch").posts}
    assert posts[12].posted_at_approximate and posts[13].posted_at_approximate
    assert posts[13].posted_at == datetime(2024, 11, 22, 22, 10, tzinfo=CST)
    unresolved = parse_page(fixture_bytes("rich.touch.p3.html")).posts[-1]
    assert unresolved.posted_at is None and unresolved.posted_at_text == "昨天 22:10"  # never guessed


BLOCKED, HIDDEN = PostStatus.BLOCKED, PostStatus.HIDDEN


@pytest.mark.parametrize(
    ("kind", "unusual"),
    [
        ("touch", {5: BLOCKED, 7: HIDDEN, 8: BLOCKED}),
        ("archiver", {7: HIDDEN}),  # the archiver prints blocked posts empty, with no notice
        ("printable", {5: BLOCKED, 8: BLOCKED}),  # the printable view drops [hide] content without a trace
        ("api", {5: BLOCKED, 7: HIDDEN, 8: BLOCKED}),
    ],
)
def test_statuses_each_kind_shows(kind: str, unusual: dict[int, PostStatus]) -> None:
    posts = load("rich", kind).posts
    assert len(posts) == 12  # the deleted floor 9 is in no kind but desktop
    assert {p.floor: p.status for p in posts if p.status is not PostStatus.NORMAL} == unusual


def test_api_attachments_and_images() -> None:
    first = load("rich", "api").posts[0]
    assert {a.name for a in first.attachments} == {"样张一.jpg", "原图样张.zip"}
    assert [i.url for i in first.images] == ["http://bbs.example.cn/data/attachment/forum/202410/03/201500abc.jpg"]


def test_archiver_without_charset_is_detected() -> None:
    raw = fixture_bytes("seed.archiver.gbk.html")
    assert b"charset" not in raw.lower().split(b"</head>")[0]
    page = parse_page(raw)  # no meta, no header: charset-normalizer decides
    assert page.title == "深化网信行业改革 着力构建良好网络生态——中央网信办专家答问"
    assert page.posts[0].text.startswith("据新华社信息")


def test_seed_site_chrome_per_kind() -> None:
    assert load("seed", "archiver").site.name == "外链论坛"
    assert load("seed", "printable").site.name == "外链论坛"
    assert load("seed", "touch").site.name == "外链论坛"
    assert load("seed", "api").views == 40
