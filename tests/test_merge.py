"""merge_pages is honest: it names every page it lacks, keeps one copy of each post across
renderings, and reports copies of a pid that disagree instead of dropping them."""

from __future__ import annotations

from discuz_extract import PageKind, PostStatus, merge_pages, parse_page

from .conftest import LOCAL, fixture_bytes, require

RICH = [parse_page(fixture_bytes(f"rich.desktop.p{n}.gbk.html")) for n in (1, 2, 3)]


def test_pages_not_given_are_missing() -> None:
    thread = merge_pages([RICH[0], RICH[2]])
    assert thread.page_count == 3 and thread.missing_pages == [2]
    assert not thread.complete
    assert merge_pages(RICH).complete and merge_pages(RICH).missing_pages == []


def test_a_single_page_of_a_long_thread_is_incomplete() -> None:
    thread = merge_pages([RICH[0]])
    assert thread.missing_pages == [2, 3] and not thread.complete


def test_skipped_pages_are_not_missing() -> None:
    thread = merge_pages([RICH[0]], skipped_pages=[2, 3])
    assert thread.skipped_pages == [2, 3] and thread.missing_pages == [] and not thread.complete


def test_a_hostile_page_count_lists_a_bounded_number_of_pages() -> None:
    page = RICH[0].model_copy(update={"page_count": 10**12})
    thread = merge_pages([page])
    assert len(thread.missing_pages) < 10_001 and thread.page_count == 10**12 and not thread.complete


def test_desktop_and_printable_of_one_thread_give_each_post_once() -> None:
    desktop = [parse_page(require(LOCAL / f"multipage.desktop.p{n}.html").read_bytes()) for n in (1, 2, 3)]
    printable = parse_page(require(LOCAL / "multipage.printable.html").read_bytes())
    alone = merge_pages(desktop)
    mixed = merge_pages([desktop[0], printable, desktop[1], desktop[2]])
    assert len(alone.posts) == 29
    assert [p.pid for p in mixed.posts] == [p.pid for p in alone.posts]  # the pid-bearing copy wins
    partial = merge_pages([desktop[0], printable])  # page 1 and the printable view: 29 posts, not 39
    assert len(partial.posts) == 29
    assert [p.floor for p in partial.posts] == list(range(1, 30))
    assert [p.pid for p in partial.posts[:10]] == [p.pid for p in desktop[0].posts]
    assert all(p.pid is None for p in partial.posts[10:])


def test_archiver_and_printable_together_give_each_post_once() -> None:
    archiver = [
        parse_page(require(LOCAL / name).read_bytes())
        for name in ("multipage.archiver.html", "multipage.archiver.p2.html")
    ]
    printable = parse_page(require(LOCAL / "multipage.printable.html").read_bytes())
    assert {p.kind for p in archiver} == {PageKind.ARCHIVER}
    thread = merge_pages([*archiver, printable])
    assert len(thread.posts) == 29


def test_two_copies_of_a_pid_that_differ_are_reported() -> None:
    first = RICH[1]
    edited = first.model_copy(deep=True)
    edited.page = 3
    edited.posts[0].text = "edited between the two fetches"
    thread = merge_pages([RICH[0], first, edited])
    pid = first.posts[0].pid
    kept = next(p for p in thread.posts if p.pid == pid)
    assert kept.text == first.posts[0].text
    [conflict] = thread.conflicts
    assert (conflict.pid, conflict.kept_page, conflict.page, conflict.post.text) == (
        pid,
        2,
        3,
        "edited between the two fetches",
    )


def test_a_post_that_moved_to_the_next_page_is_kept_once_without_conflict() -> None:
    moved = RICH[2].model_copy(deep=True)
    moved.posts.insert(0, RICH[1].posts[-1].model_copy(deep=True))
    thread = merge_pages([RICH[0], RICH[1], moved])
    assert [p.pid for p in thread.posts].count(RICH[1].posts[-1].pid) == 1 and thread.conflicts == []


def test_truncated_page_makes_the_thread_incomplete() -> None:
    raw = fixture_bytes("rich.desktop.p2.gbk.html")
    cut = parse_page(raw[: len(raw) // 2])
    assert cut.truncated and cut.posts[-1].status is PostStatus.TRUNCATED
    thread = merge_pages([RICH[0], cut, RICH[2]])
    assert thread.truncated_pages == [2] and thread.missing_pages == [] and not thread.complete


def test_api_pages_parsed_without_a_url_know_their_page() -> None:
    pages = [parse_page(require(LOCAL / f"multipage.api.p{n}.json").read_bytes()) for n in (1, 2, 3)]
    assert [p.page for p in pages] == [1, 2, 3]  # from the first floor and the posts per page
    assert merge_pages(pages).complete and len(merge_pages(pages).posts) == 29
