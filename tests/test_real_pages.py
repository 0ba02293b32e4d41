"""Every HTML page in ../shared/real-pages parses or raises the typed error it stands for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from discuz_extract import DiscuzError, LoginRequired, NotAThreadPage, ThreadNotFound, parse_page

from .conftest import LOCAL, REAL

PUBLIC = sorted(REAL.glob("*.html")) if REAL.exists() else []
MESSAGE_ID = re.compile(rb'id="postmessage_(\d+)"')


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.name)
def test_public_page_yields_every_message(path: Path) -> None:
    raw = path.read_bytes()
    page = parse_page(raw)
    assert {p.pid for p in page.posts} >= {int(x) for x in MESSAGE_ID.findall(raw)}
    assert page.title
    assert all(p.author is not None and p.author.name for p in page.posts if p.status.value == "normal")
    assert all(p.posted_at is not None for p in page.posts if p.status.value != "deleted")


def test_public_pages_present_or_skipped() -> None:
    if not PUBLIC:
        pytest.skip("../shared/real-pages is not present")
    assert len(PUBLIC) >= 6


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("error-notfound.desktop.html", ThreadNotFound),
        ("error-noperm.desktop.html", LoginRequired),
        ("forum-2.forumdisplay.html", NotAThreadPage),
    ],
)
def test_desktop_gate_pages(name: str, error: type[DiscuzError]) -> None:
    path = LOCAL / name
    if not path.exists():
        pytest.skip("../shared is not present")
    with pytest.raises(error) as caught:
        parse_page(path.read_bytes())
    assert isinstance(caught.value, DiscuzError)


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
