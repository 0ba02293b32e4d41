"""--archive and its -o: a file that is not what a resumable run wrote is refused untouched,
bad records are skipped with one warning, a second run on a locked archive stops, and every
--format either resumes or is refused up front."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from discuz_extract._archive import RunArchive, read_whole_lines
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import fixture_bytes
from .test_cli import run

RECORD = {"thread": "http://h/#1", "page": 1, "keys": ["1"], "complete": True, "page_count": 2}


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=100) as server:
        for n in (1, 2, 3):
            server.route(f"/thread-2048-{n}-1.html", Reply.html(fixture_bytes(f"rich.desktop.p{n}.gbk.html"), "gbk"))
        yield server


def resume(site: LoopbackSite, tmp: Path, *extra: str) -> tuple[int, str, str]:
    url = site.url("thread-2048-1-1.html")
    return run([url, "--archive", str(tmp / "run.jsonl"), "-o", str(tmp / "posts.jsonl"), "--delay", "0", *extra])


def thread_hits(site: LoopbackSite) -> int:
    return sum(len(site.hits_for(f"/thread-2048-{n}-1.html")) for n in (1, 2, 3))


NOT_ARCHIVES = {
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n",
    "pretty json": json.dumps(RECORD, indent=2).encode() + b"\n",
    "csv": b"site,url,tid,title\nhttp://h/,http://h/thread-1-1-1.html,1,x\n",
    "a posts file": b'{"thread": "http://h/#1", "key": "9001", "pid": 9001}\n',
    "json lines of threads": b'{"tid": 1, "posts": []}\n{"tid": 2, "posts": []}\n',
    "one torn line of something else": b"hello",
    "gbk text": "不是存档\n".encode("gbk"),
}


@pytest.mark.parametrize("content", NOT_ARCHIVES.values(), ids=NOT_ARCHIVES.keys())
def test_a_file_that_is_not_an_archive_is_refused_untouched(site: LoopbackSite, tmp_path: Path, content: bytes) -> None:
    (tmp_path / "run.jsonl").write_bytes(content)
    code, out, err = resume(site, tmp_path)
    assert code == 14 and out == ""
    assert err.splitlines()[-1].startswith(f"error: {tmp_path / 'run.jsonl'}: NotAnArchive: not an archive")
    assert (tmp_path / "run.jsonl").read_bytes() == content and not (tmp_path / "posts.jsonl").exists()
    assert thread_hits(site) == 0


@pytest.mark.parametrize("content", [b"", None], ids=["empty", "new"])
def test_an_empty_or_new_archive_is_fine(site: LoopbackSite, tmp_path: Path, content: bytes | None) -> None:
    if content is not None:
        (tmp_path / "run.jsonl").write_bytes(content)
    code, _, err = resume(site, tmp_path)
    assert code == 0, err
    assert len(read_whole_lines(tmp_path / "posts.jsonl")) == 13


def test_an_output_that_is_not_posts_is_refused_untouched(site: LoopbackSite, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"threads": [1, 2]}, indent=2))
    code, _, err = resume(site, tmp_path)
    assert code == 14 and f"error: {posts}: NotAnArchive: not the output of a resumable run" in err
    assert posts.read_text() == json.dumps({"threads": [1, 2]}, indent=2) and thread_hits(site) == 0


def test_bad_records_are_skipped_with_one_warning(site: LoopbackSite, tmp_path: Path) -> None:
    archive = tmp_path / "run.jsonl"
    key = site.url("") + "#2048"
    good = {"thread": key, "page": 1, "keys": [str(p) for p in range(9001, 9006)], "complete": True, "page_count": 3}
    bad = [{**good, "page": "abc"}, {**good, "keys": 5}, [1, 2], "not json {", {**good, "complete": "yes"}]
    lines = [json.dumps(good), *(x if isinstance(x, str) else json.dumps(x) for x in bad)]
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = resume(site, tmp_path)
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        f"warning: {archive}: 5 lines that are not an archive record skipped (lines 2, 3, 4, 5, 6)"
    ]
    assert not site.hits_for("/thread-2048-1-1.html")  # the good record still counts: page 1 is done
    assert [r["page"] for r in read_whole_lines(tmp_path / "posts.jsonl")] == [2] * 5 + [3] * 3


def test_only_a_torn_last_line_of_a_real_archive_is_cut(site: LoopbackSite, tmp_path: Path) -> None:
    archive = tmp_path / "run.jsonl"
    archive.write_bytes(json.dumps(RECORD).encode() + b'\n{"thread": "http://h/#1", "pa')
    code, _, err = resume(site, tmp_path)
    assert code == 0, err
    assert all(json.loads(line) for line in archive.read_text().splitlines())
    assert set(RunArchive.read(archive).threads) == {"http://h/#1", site.url("") + "#2048"}


def test_a_second_run_on_a_locked_archive_stops_at_once(site: LoopbackSite, tmp_path: Path) -> None:
    archive = tmp_path / "run.jsonl"
    archive.write_bytes(json.dumps(RECORD).encode() + b"\n")
    with archive.open("ab") as held:  # another run holds the lock
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, out, err = resume(site, tmp_path)
    assert code == 13 and out == ""
    assert err.splitlines() == [
        f"error: {archive}: ArchiveInUse: in use by another discuz-extract run; wait for it to end"
    ]
    assert thread_hits(site) == 0 and not (tmp_path / "posts.jsonl").exists()
    assert resume(site, tmp_path)[0] == 0  # released: the next run goes


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "text"])
def test_formats_that_cannot_resume_are_refused_up_front(site: LoopbackSite, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "posts.jsonl").write_text("kept\n")
    with pytest.raises(SystemExit) as caught:
        resume(site, tmp_path, "--format", fmt)
    assert caught.value.code == 2
    assert (tmp_path / "posts.jsonl").read_text() == "kept\n" and not (tmp_path / "run.jsonl").exists()
    assert thread_hits(site) == 0


def test_the_archive_and_the_output_must_be_two_files(site: LoopbackSite, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        run([site.url("thread-2048-1-1.html"), "--archive", str(tmp_path / "a"), "-o", str(tmp_path / "a")])
    assert caught.value.code == 2


def test_jsonl_resumes_exactly_once(site: LoopbackSite, tmp_path: Path) -> None:
    for _ in range(3):
        assert resume(site, tmp_path)[0] == 0
    pids = [r["pid"] for r in read_whole_lines(tmp_path / "posts.jsonl")]
    assert len(pids) == 13 == len(set(pids))
