"""The generated forum fixtures (``generate_forum.py``): committed bytes and parsed fields.

Each rendering of both sites is parsed and compared, field by field, with the data the
generator rendered; a field the rendering does not show must be ``None``.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from discuz_extract import ForumIndex, ForumPage, PageKind, ThreadSummary, parse_forum_index, parse_forum_page

from .conftest import FIXTURES


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_forum", FIXTURES / "generate_forum.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


G = _generator()
SITES: dict[str, Any] = G.SITES
SPECIALS = {0: None, 1: "poll", 2: "trade", 3: "reward", 4: "activity", 5: "debate"}


def listing(site: Any, kind: str, page: int, *, encoding: bool = True) -> ForumPage:
    suffix = "json" if kind == "api" else "html"
    name = "forumdisplay" if kind == "desktop" else kind  # the desktop listing's dynamic URL
    raw = (FIXTURES / f"forum.{site.tag}.{name}.p{page}.{suffix}").read_bytes()
    charset = "utf-8" if kind in ("touch", "api") else site.charset
    return parse_forum_page(raw, encoding=charset if encoding else None)


def index(site: Any, kind: str, name: str = "index") -> ForumIndex:
    suffix = "json" if kind == "api" else "html"
    rendering = "" if kind == "desktop" else f".{kind}"
    raw = (FIXTURES / f"forum.{site.tag}.{name}{rendering}.{suffix}").read_bytes()
    return parse_forum_index(raw, encoding="utf-8" if kind in ("touch", "api") else site.charset)


def shown_rows(site: Any, page: int, kind: str) -> list[Any]:
    rows = site.page_rows(page)
    if kind == "touch" and not site.mobile_stickies:
        rows = [r for r in rows if not r.displayorder]
    return list(rows)


def minute(ts: datetime) -> datetime:
    return ts.replace(second=0)


# --- the committed files are what the generator writes -----------------------------------------------------


def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    written = G.write_all(tmp_path)
    assert not [p.name for p in written if ".desktop" in p.name]  # thread-page names, globbed by the bench
    assert {p.name for p in written} == {p.name for p in FIXTURES.glob("forum.*")}
    for path in written:
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), path.name


def test_the_sites_send_their_charsets() -> None:
    gbk = (FIXTURES / "forum.gbk.forumdisplay.p1.html").read_bytes()
    assert b'charset=gbk"' in gbk and "数码广场".encode("gbk") in gbk
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert "數碼廣場".encode() in (FIXTURES / "forum.utf8.forumdisplay.p1.html").read_bytes()
    assert "数码广场".encode() in (FIXTURES / "forum.gbk.touch.p1.html").read_bytes()  # touch is always UTF-8
    assert b"charset" not in (FIXTURES / "forum.gbk.archiver.p1.html").read_bytes()  # the archiver has no meta


# --- desktop and rewrite --------------------------------------------------------------------------------


def expected_desktop(site: Any, row: Any, page: int, rewrite: bool) -> dict[str, object]:
    target = row.closed if row.moved else row.tid
    link = f"thread-{target}-1-{page}.html" if rewrite else f"forum.php?mod=viewthread&tid={target}&extra=page%3D{page}"
    folder = G.folder(site, row)
    created_shown = G.dgmdate(site, row.dateline, with_time=False)
    heat_shown = not row.displayorder and not row.closed and row.heats > 50
    return {
        "tid": row.tid,
        "url": site.url + link,
        "title": row.subject,
        "type_id": row.typeid or None,
        "type_name": site.types.get(row.typeid),
        "author": row.author,
        "author_uid": row.uid if row.author else None,
        "anonymous": row.author is None,
        # the listing prints the day a thread started; "yesterday HH:MM" also gives the time
        "created_at": minute(row.dateline) if ("昨天" in created_shown or "前天" in created_shown) else None,
        "created_on": row.dateline.date(),
        "replies": None if row.moved else row.replies,
        "views": None if row.moved else row.views,
        "last_post_at": row.lastpost,
        "last_poster": row.lastposter,
        "sticky": row.displayorder,
        "digest": row.digest,
        "closed": {"lock": True, "common": False, "new": None}[folder],
        "moved": row.moved,
        "moved_to": row.closed if row.moved else None,
        "special": SPECIALS[row.special],
        "has_attachment": row.attachment > 0,
        "has_image": row.attachment == 2,
        "page_count": None if row.moved else row.pages(site.ppp),
        "price": row.price if row.price > 0 and row.special != 3 else None,
        "reward": row.price if row.price > 0 and row.special == 3 else None,
        "reward_solved": row.price < 0 if row.special == 3 else None,
        "read_permission": row.readperm or None,
        "reply_credit": row.replycredit or None,
        "heats": row.heats if heat_shown else None,
        "recommends": row.recommends if not row.displayorder and row.recommends > 5 else None,
        "stamp": row.stamp,
        "rush_reply": row.rushreply,
    }


@pytest.mark.parametrize("tag", sorted(SITES))
@pytest.mark.parametrize("kind", ["desktop", "rewrite"])
def test_desktop_rows_field_by_field(tag: str, kind: str) -> None:
    site = SITES[tag]
    for page in range(1, site.page_count + 1):
        parsed = listing(site, kind, page)
        assert [r.tid for r in parsed.threads] == [r.tid for r in site.page_rows(page)]
        for row, source in zip(parsed.threads, site.page_rows(page), strict=True):
            assert row.model_dump() == expected_desktop(site, source, page, kind == "rewrite"), source.tid


@pytest.mark.parametrize("tag", sorted(SITES))
@pytest.mark.parametrize("kind", ["desktop", "rewrite"])
def test_desktop_page_fields(tag: str, kind: str) -> None:
    site = SITES[tag]
    for page in range(1, site.page_count + 1):
        parsed = listing(site, kind, page)
        assert (parsed.kind, parsed.fid, parsed.name, parsed.page) == (PageKind.DESKTOP, site.fid, site.forum, page)
        assert (parsed.page_count, parsed.thread_count, parsed.today_posts) == (
            site.page_count,
            site.threads,
            site.todayposts,
        )
        assert parsed.thread_types == site.types and parsed.moderators == list(site.moderators)
        assert [c.title for c in parsed.breadcrumb] == [site.bbname, site.w("forum"), site.category, site.forum]
        assert (parsed.site.name, parsed.site.version, parsed.site.utc_offset) == (site.bbname, "X3.4", 8.0)
        assert parsed.site.generated_at == G.NOW and parsed.description is None
        subs = parsed.sub_forums if page == 1 else []
        assert [(s.fid, s.name) for s in parsed.sub_forums] == [(s.fid, s.name) for s in subs]
    first = listing(site, kind, 1)
    for parsed_sub, sub in zip(first.sub_forums, site.subforums, strict=True):
        assert (parsed_sub.description, parsed_sub.threads, parsed_sub.posts, parsed_sub.today_posts) == (
            sub.description or None,
            sub.threads,
            sub.posts,
            sub.todayposts,
        )
        assert parsed_sub.moderators == list(sub.moderators)
        expected_last = sub.lastpost and (
            sub.lastpost.tid,
            sub.lastpost.subject,
            sub.lastpost.author,
            sub.lastpost.when,
        )
        last = parsed_sub.last_post
        assert (last and (last.tid, last.title, last.author, last.posted_at)) == expected_last


def test_the_gbk_site_decodes_from_its_meta_alone() -> None:
    site = SITES["gbk"]
    assert listing(site, "desktop", 2, encoding=False) == listing(site, "desktop", 2)


def test_every_sticky_level_special_and_flag_is_covered() -> None:
    rows = [
        r for site in SITES.values() for p in range(1, site.page_count + 1) for r in listing(site, "desktop", p).threads
    ]
    assert {r.sticky for r in rows} == {0, 1, 2, 3}
    assert {r.digest for r in rows} == {0, 1, 2, 3}
    assert {r.special.value for r in rows if r.special} == {"poll", "trade", "reward", "activity", "debate"}
    assert {r.closed for r in rows} == {True, False, None}
    assert any(r.moved for r in rows) and any(r.anonymous for r in rows) and any(r.reward_solved for r in rows)
    assert max(r.page_count or 0 for r in rows) > 6  # a row whose page links end in "..N"


# --- touch ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", sorted(SITES))
def test_touch_rows_field_by_field(tag: str) -> None:
    site = SITES[tag]
    for page in range(1, site.page_count + 1):
        parsed = listing(site, "touch", page)
        assert (parsed.kind, parsed.fid, parsed.name, parsed.page, parsed.page_count) == (
            PageKind.TOUCH,
            site.fid,
            site.forum,
            page,
            site.page_count,
        )
        assert [(s.fid, s.name) for s in parsed.sub_forums] == (
            [(s.fid, s.name) for s in site.subforums] if page == 1 else []
        )
        assert parsed.thread_count is None and parsed.thread_types is None and parsed.moderators is None
        for row, source in zip(parsed.threads, shown_rows(site, page, "touch"), strict=True):
            target = source.closed if source.moved else source.tid
            icon = (
                "top"
                if source.displayorder
                else "digest"
                if source.digest
                else "image"
                if source.attachment == 2
                else None
            )
            expected = ThreadSummary(
                tid=None if source.moved else source.tid,
                url=f"{site.url}forum.php?mod=viewthread&tid={target}&extra=page%3D{page}&mobile=2",
                title=source.subject,
                author=source.author,
                replies=None if source.moved else source.replies,
                moved=source.moved,
                moved_to=source.closed if source.moved else None,
                sticky=None if icon == "top" else 0,
                digest=None if icon in ("top", "digest") else 0,
                has_image=True if icon == "image" else None,
                has_attachment=True if icon == "image" else None,
            )
            assert row == expected, source.tid


# --- archiver --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", sorted(SITES))
def test_archiver_rows_field_by_field(tag: str) -> None:
    site = SITES[tag]
    for page in range(1, site.page_count + 1):
        parsed = listing(site, "archiver", page)
        assert (parsed.kind, parsed.fid, parsed.name, parsed.page, parsed.page_count) == (
            PageKind.ARCHIVER,
            site.fid,
            site.forum,
            page,
            site.page_count,
        )
        assert [(s.fid, s.name) for s in parsed.sub_forums] == [(s.fid, s.name) for s in site.subforums]
        assert (parsed.site.name, parsed.site.url, parsed.site.version) == (site.bbname, site.url, "X3.4")
        expected = [
            ThreadSummary(
                tid=r.tid,
                url=f"{site.url}archiver/?tid-{r.tid}.html",
                title=r.subject,
                replies=None if r.moved else r.replies,
                moved=r.moved,
            )
            for r in site.page_rows(page)
        ]
        assert parsed.threads == expected


# --- the mobile API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", sorted(SITES))
def test_api_rows_field_by_field(tag: str) -> None:
    site = SITES[tag]
    for page in range(1, site.page_count + site.api_extra_pages + 1):
        parsed = listing(site, "api", page)
        shown = page if page <= site.page_count else 1  # a page past the end gives page 1
        assert (parsed.kind, parsed.fid, parsed.name, parsed.page, parsed.page_count) == (
            PageKind.API,
            site.fid,
            site.forum,
            shown,
            site.page_count,
        )
        assert (parsed.thread_count, parsed.thread_types, parsed.description) == (
            site.threads,
            site.types,
            site.description,
        )
        assert [(s.fid, s.name, s.threads, s.posts, s.today_posts) for s in parsed.sub_forums] == [
            (s.fid, s.name, s.threads, s.posts, s.todayposts) for s in site.subforums
        ]
        for row, source in zip(parsed.threads, site.page_rows(shown), strict=True):
            assert row.model_dump() == expected_api(site, source), source.tid


def expected_api(site: Any, row: Any) -> dict[str, object]:
    return {
        "tid": None if row.moved else row.tid,  # a moved row carries its target's tid
        "url": None,
        "title": row.subject,
        "type_id": row.typeid or None,
        "type_name": site.types.get(row.typeid),
        "author": row.author,
        "author_uid": row.uid if row.author else None,
        "anonymous": row.author is None,
        "created_at": row.dateline,
        "created_on": row.dateline.date(),
        "replies": None if row.moved else row.replies,
        "views": None if row.moved else row.views,
        "last_post_at": row.lastpost,
        "last_poster": row.lastposter,
        "sticky": row.displayorder,
        "digest": row.digest,
        "closed": None,
        "moved": row.moved,
        "moved_to": row.closed if row.moved else None,
        "special": SPECIALS[row.special],
        "has_attachment": row.attachment > 0,
        "has_image": row.attachment == 2,
        "page_count": None,
        "price": row.price if row.price > 0 and row.special != 3 else None,
        "reward": row.price if row.price > 0 and row.special == 3 else None,
        "reward_solved": row.price < 0 if row.special == 3 else None,
        "read_permission": row.readperm,
        "reply_credit": row.replycredit,
        "heats": None,
        "recommends": None,
        "stamp": None,
        "rush_reply": row.rushreply,
    }


# --- the forum index ------------------------------------------------------------------------------------


def expected_last_post(site: Any, forum: Any, columns: int) -> tuple[object, ...] | None:
    last = forum.lastpost
    if forum.private or last is None:
        return None
    if columns >= 3:  # a wide grid prints only the time
        return (last.tid, None, None, last.when)
    subject = last.subject if len(last.subject.encode("gbk")) <= 30 else last.subject[:12] + " ..."
    return (last.tid, subject, last.author, last.when)


@pytest.mark.parametrize("tag", sorted(SITES))
def test_desktop_index_field_by_field(tag: str) -> None:
    site = SITES[tag]
    parsed = index(site, "desktop")
    assert (parsed.kind, parsed.newest_member, parsed.threads) == (PageKind.DESKTOP, site.newest_member, None)
    assert {k: getattr(parsed, k) for k in site.stats} == site.stats
    assert [(c.gid, c.name, c.url) for c in parsed.categories] == [
        (c.gid, c.name, f"{site.url}forum.php?gid={c.gid}") for c in site.categories
    ]
    for cat, source in zip(parsed.categories, site.categories, strict=True):
        for forum, entry in zip(cat.forums, source.forums, strict=True):
            assert (forum.fid, forum.name, forum.url) == (entry.fid, entry.name, f"{site.url}forum-{entry.fid}-1.html")
            assert (forum.threads, forum.posts, forum.today_posts) == (entry.threads, entry.posts, entry.todayposts)
            assert forum.description == (None if source.columns else entry.description or None)
            assert forum.moderators == (None if source.columns else list(entry.moderators))
            assert [(s.fid, s.name) for s in forum.sub_forums] == list(entry.subforums)
            last = forum.last_post
            shown = last and (last.tid, last.title, last.author, last.posted_at)
            assert shown == expected_last_post(site, entry, source.columns), entry.fid


@pytest.mark.parametrize("tag", sorted(SITES))
def test_category_page(tag: str) -> None:
    site = SITES[tag]
    source = site.categories[-1]
    parsed = index(site, "desktop", f"index-gid{source.gid}")
    assert [(c.gid, c.name, [f.fid for f in c.forums]) for c in parsed.categories] == [
        (source.gid, source.name, [f.fid for f in source.forums])
    ]
    assert parsed.posts is None and parsed.members is None and parsed.today_posts is None
    assert [c.title for c in parsed.breadcrumb] == [site.bbname, site.w("forum")]
    assert all(f.url == f"{site.url}forum.php?mod=forumdisplay&fid={f.fid}" for f in parsed.categories[0].forums)


@pytest.mark.parametrize("tag", sorted(SITES))
def test_touch_archiver_api_index(tag: str) -> None:
    site = SITES[tag]
    touch, archiver, api = index(site, "touch"), index(site, "archiver"), index(site, "api")
    assert (touch.kind, archiver.kind, api.kind) == (PageKind.TOUCH, PageKind.ARCHIVER, PageKind.API)
    assert [(c.gid, c.name) for c in touch.categories] == [(c.gid, c.name) for c in site.categories]
    assert [(c.gid, c.name) for c in api.categories] == [(c.gid, c.name) for c in site.categories]
    assert [(c.gid, c.name) for c in archiver.categories] == [(None, c.name) for c in site.categories]
    for t, a, p, source in zip(touch.categories, archiver.categories, api.categories, site.categories, strict=True):
        assert [(f.fid, f.name, f.today_posts, f.threads) for f in t.forums] == [
            (f.fid, f.name, f.todayposts, None) for f in source.forums
        ]
        assert [(f.fid, f.name, f.url) for f in a.forums] == [
            (f.fid, f.name, f"{site.url}archiver/?fid-{f.fid}.html") for f in source.forums
        ]
        assert [(f.fid, f.name, f.description, f.threads, f.posts, f.today_posts) for f in p.forums] == [
            (f.fid, f.name, f.description or None, f.threads, f.posts, f.todayposts) for f in source.forums
        ]
        assert [[s.fid for s in f.sub_forums] for f in p.forums] == [
            [fid for fid, _ in f.subforums] for f in source.forums
        ]
