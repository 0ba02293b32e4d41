"""Every HTML page in ../shared/real-pages parses or raises the typed error it stands for."""

from __future__ import annotations

import re

import pytest

from discuz_extract import DiscuzError, LoginRequired, NotAThreadPage, ThreadNotFound, parse_page

from .conftest import LOCAL, REAL, require

# every public page in ../shared/real-pages, with the number of posts it shows (blocked and
# deleted floors included: page 10 has two floors with no postmessage_ element)
PUBLIC_POSTS = {
    "07_bapuro-x34-utf8-thread-6.html": 1,
    "08_bapuro-x34-utf8-thread-1.html": 1,
    "09_bagdax-x25-uyghur-thread-74599.html": 8,
    "10_bagdax-x25-uyghur-thread-19805-locked.html": 8,
    "11_bagdax-x25-uyghur-thread-7714-page3.html": 8,
    "12_darkbinance-customtpl-utf8-thread-3.html": 4,
}
MESSAGE_ID = re.compile(rb'id="postmessage_(\d+)"')


@pytest.mark.parametrize(("name", "count"), PUBLIC_POSTS.items())
def test_public_page_yields_every_message(name: str, count: int) -> None:
    raw = require(REAL / name).read_bytes()
    page = parse_page(raw)
    assert len(page.posts) == count
    assert {p.pid for p in page.posts} >= {int(x) for x in MESSAGE_ID.findall(raw)}
    assert page.title
    assert all(p.author is not None and p.author.name for p in page.posts if p.status.value == "normal")
    assert all(p.posted_at is not None for p in page.posts if p.status.value != "deleted")


def test_every_public_page_has_an_expectation() -> None:
    require(REAL)
    assert sorted(p.name for p in REAL.glob("*.html")) == sorted(PUBLIC_POSTS)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("error-notfound.desktop.html", ThreadNotFound),
        ("error-noperm.desktop.html", LoginRequired),
        ("forum-2.forumdisplay.html", NotAThreadPage),
    ],
)
def test_desktop_gate_pages(name: str, error: type[DiscuzError]) -> None:
    with pytest.raises(error) as caught:
        parse_page(require(LOCAL / name).read_bytes())
    assert type(caught.value) is error  # LoginRequired, not just some PermissionDenied


def test_custom_skin_keeps_floors() -> None:
    path = REAL / "12_darkbinance-customtpl-utf8-thread-3.html"
    if not path.exists():
        pytest.skip("../shared is not present")
    page = parse_page(path.read_bytes())
    assert [p.floor for p in page.posts] == [1, 2, 3, 4]
    assert page.posts[0].is_first and page.posts[0].author is not None and page.posts[0].author.name == "admin"


def test_x25_page_three_keeps_page_and_authors() -> None:
    path = REAL / "11_bagdax-x25-uyghur-thread-7714-page3.html"
    if not path.exists():
        pytest.skip("../shared is not present")
    page = parse_page(path.read_bytes())
    assert (page.page, page.page_count) == (3, 6)
    assert len(page.posts) == 8 and all(p.author and p.author.uid for p in page.posts)


def test_x25_localized_blocked_and_deleted_floors() -> None:
    path = REAL / "10_bagdax-x25-uyghur-thread-19805-locked.html"
    if not path.exists():
        pytest.skip("../shared is not present")
    statuses = {p.pid: p.status.value for p in parse_page(path.read_bytes()).posts}
    assert statuses[204192] == "blocked" and statuses[204265] == "deleted"
