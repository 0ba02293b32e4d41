"""Threads assembled from records in any order and any file, corpus documents and their writers,
and the same rows from the Python API, the CLI and a 2-worker Dask cluster."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from discuz_extract import AssemblyReport, CorpusDocument, assemble_threads
from discuz_extract.cli import main
from discuz_extract.corpus import JsonlWriter, ParquetWriter, document_schema
from discuz_extract.warc import WarcPage, iter_warc

from .corpus import Page, discuz_fixture_pages, ordinary_pages, real_pages, write_warc

FIXTURES = {p.name.removeprefix("fixtures/"): p for p in discuz_fixture_pages()}
RICH_DESKTOP = [FIXTURES[f"rich.desktop.p{n}.gbk.html"] for n in (1, 2, 3)]
RICH_TOUCH = [FIXTURES[f"rich.touch.p{n}.html"] for n in (1, 2, 3)]


def _pages(*paths: Path) -> list[WarcPage]:
    return [page for path in paths for page in iter_warc(path)]


def _rows(paths: Iterable[Path], granularity: str = "post") -> list[CorpusDocument]:
    rows = [
        row
        for thread in assemble_threads(_pages(*paths))
        if thread.posts
        for row in thread.to_document(granularity)  # type: ignore[arg-type]
    ]
    return sorted(rows, key=lambda r: r["id"])


def test_a_thread_split_across_records_and_files_is_whole(tmp_path: Path) -> None:
    p1, p2, p3 = RICH_DESKTOP
    noise = ordinary_pages()
    first = write_warc(tmp_path / "a.warc.gz", [p3, *noise[:5], p1])
    second = write_warc(tmp_path / "b.warc.gz", [*noise[5:], p2])
    report = AssemblyReport()
    (thread,) = list(assemble_threads(_pages(first, second), report=report))
    alone = [page for page in _pages(first, second)]
    expected = sum(len(r.page.posts) for r in alone if r.page is not None)
    assert thread.complete and thread.missing_pages == [] and thread.page_count == 3
    assert len(thread.posts) == expected == len({p.pid for p in thread.posts})
    assert [p.floor for p in thread.posts] == sorted(p.floor for p in thread.posts if p.floor is not None)
    assert report.threads == report.complete == 1
    assert {s.record_id for s in thread.sources} == {r.record_id for r in alone}


def test_renderings_fill_each_others_pages(tmp_path: Path) -> None:
    """Desktop page 1, touch page 2, desktop page 3: one thread, each post once."""
    path = write_warc(tmp_path / "mixed.warc.gz", [RICH_DESKTOP[0], RICH_TOUCH[1], RICH_DESKTOP[2]])
    (thread,) = list(assemble_threads(_pages(path)))
    whole = next(iter(assemble_threads(_pages(write_warc(tmp_path / "desktop.warc.gz", RICH_DESKTOP)))))
    deleted = {p.pid for p in whole.posts if p.status.value == "deleted"}  # touch does not print them
    assert thread.complete and [p.pid for p in thread.posts] == [p.pid for p in whole.posts if p.pid not in deleted]
    kinds = [thread.sources[i].kind.value for i in thread.post_sources if i is not None]
    assert set(kinds) == {"desktop", "touch"}


def test_missing_pages_are_named_with_their_failure(tmp_path: Path) -> None:
    challenge = Page("challenge", FIXTURES["gate.js.utf8.html"].body, RICH_DESKTOP[1].url, "text/html")
    path = write_warc(tmp_path / "gap.warc.gz", [RICH_DESKTOP[0], challenge, RICH_DESKTOP[2]])
    (thread,) = list(assemble_threads(_pages(path)))
    assert not thread.complete and thread.missing_pages == [2]
    assert [(f.page, f.error_type) for f in thread.failures] == [(2, "ChallengePage")]


def test_a_late_rendering_is_counted_not_merged(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "late.warc.gz", [*RICH_DESKTOP, *RICH_TOUCH])
    report = AssemblyReport()
    threads = list(assemble_threads(_pages(path), report=report))
    assert len(threads) == 1 and report.late_pages == 3


def test_memory_bound_flushes_the_oldest_thread(tmp_path: Path) -> None:
    seed = FIXTURES["seed.desktop.gbk.html"]
    path = write_warc(tmp_path / "bound.warc.gz", [RICH_DESKTOP[0], RICH_DESKTOP[1], seed, RICH_DESKTOP[2]])
    report = AssemblyReport()
    threads = list(assemble_threads(_pages(path), max_pending_pages=1, report=report))
    assert report.flushed_early == 1 and report.late_pages == 1
    assert [t.tid for t in threads] == [2048, 1523]


def test_documents_at_each_granularity(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "docs.warc.gz", RICH_DESKTOP)
    (thread,) = list(assemble_threads(_pages(path)))
    (doc,) = thread.to_document("thread")
    assert set(doc) == {"id", "text", "source", "added", "created", "metadata"}
    assert doc["id"] == "discuz/bbs.example.cn/2048" and doc["added"] == "2024-11-23T04:48:00Z"
    assert all(p.text in doc["text"] for p in thread.posts) and doc["metadata"]["posts"] == len(thread.posts)
    pages = thread.to_document("page")
    assert [d["metadata"]["page"] for d in pages] == [1, 2, 3] and pages[1]["id"].endswith("/desktop-p2")
    posts = thread.to_document("post")
    assert len(posts) == len(thread.posts) and len({d["id"] for d in posts}) == len(posts)
    record_ids = {s.record_id for s in thread.sources}
    for row, post in zip(posts, thread.posts):
        meta = row["metadata"]
        assert meta["url"] in {p.url for p in RICH_DESKTOP} and meta["warc_record_id"] in record_ids
        assert row["text"] == post.text and meta["pid"] == post.pid and meta["floor"] == post.floor
    assert any(row["metadata"]["author_profile"] for row in posts)
    assert set(doc["metadata"]) == set(posts[0]["metadata"])  # one schema for every granularity
    with pytest.raises(ValueError):
        thread.to_document("word")  # type: ignore[arg-type]


def test_jsonl_gz_and_parquet_writers(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = _rows([write_warc(tmp_path / "w.warc.gz", [*RICH_DESKTOP, FIXTURES["seed.desktop.utf8.html"]])])
    with JsonlWriter(tmp_path / "out.jsonl.gz") as writer:
        writer.write(rows)
    with gzip.open(tmp_path / "out.jsonl.gz", "rt", encoding="utf-8") as lines:
        assert [json.loads(line) for line in lines] == rows
    with ParquetWriter(tmp_path / "out.parquet", row_group_documents=4) as writer:
        writer.write(rows)
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.equals(document_schema()) and table.num_rows == len(rows)
    back = table.to_pylist()
    assert [r["id"] for r in back] == [r["id"] for r in rows] and [r["text"] for r in back] == [r["text"] for r in rows]
    profile = dict(back[0]["metadata"]["author_profile"])
    assert profile == rows[0]["metadata"]["author_profile"]


@pytest.fixture(scope="module")
def segment(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two files: every Discuz page and every ordinary page, a thread's pages split between them."""
    pages = discuz_fixture_pages() + real_pages()
    folder = tmp_path_factory.mktemp("segment")
    ordinary = ordinary_pages()
    return [
        write_warc(folder / "one.warc.gz", pages[::2] + ordinary[:6]),
        write_warc(folder / "two.warc.gz", ordinary[6:] + pages[1::2]),
    ]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return sorted((json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()), key=lambda r: r["id"])


def test_cli_gives_the_api_rows(segment: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "posts.jsonl"
    assert main(["warc", *map(str, segment), "-o", str(out), "--granularity", "post"]) == 0
    assert _read_jsonl(out) == _rows(segment)
    err = capsys.readouterr().err
    assert "records/s" in err and "Discuz pages" in err


def test_every_post_of_every_record_comes_out_once(segment: list[Path]) -> None:
    """A post is known by its pid, its floor or its text; no pid and no document id twice."""
    rows = _rows(segment)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    meta = [r["metadata"] for r in rows]
    pids = [(m["host"], m["tid"], m["pid"]) for m in meta if m["pid"] is not None]
    assert len(pids) == len(set(pids))
    pid_set = set(pids)
    texts = {(m["host"], m["tid"], r["text"]) for m, r in zip(meta, rows)}
    floors = {(m["host"], m["tid"], m["floor"]) for m in meta}
    for result in _pages(*segment):
        for post in result.page.posts if result.page is not None else []:
            key = ((result.url or "").split("/")[2].lower(), result.page.tid)
            # the same pid; or, when another rendering covered its page first, the same floor or text
            # (renderings print code and quotes differently)
            known = (*key, post.pid) in pid_set or (*key, post.floor) in floors or (*key, post.text) in texts
            assert known, result.url


def test_cli_parquet_and_bad_input(segment: list[Path], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "threads.parquet"
    assert main(["warc", str(segment[0]), str(tmp_path / "absent.warc.gz"), "-o", str(out), "-q"]) == 0
    assert pq.read_table(out).num_rows == len(_rows(segment[:1], "thread"))
    assert main(["warc", str(tmp_path / "absent.warc.gz"), "-o", str(out)]) == 11


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_two_worker_cluster_gives_the_same_rows(segment: list[Path], tmp_path: Path) -> None:
    from discuz_extract.contrib import dask as dz

    expected = _rows(segment)
    with dz.client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        names = [str(p) for p in segment]
        threads = dz.assemble(dz.read_warcs(names), order=names)
        rows = sorted(
            (d for part in dz.iter_partitions(dz.documents(threads, "post")) for d in part), key=lambda r: r["id"]
        )
        assert rows == expected
        out = tmp_path / "cluster.jsonl"
        address = client.scheduler.address
        assert main(["warc", *names, "-o", str(out), "--granularity", "post", "--scheduler", address, "-q"]) == 0
        assert _read_jsonl(out) == expected


def test_datatrove_step_keeps_replies_and_routes_the_rest() -> None:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep

    from discuz_extract._decoding import decode_html
    from discuz_extract.contrib.datatrove import DiscuzExtractor

    class Fallback(PipelineStep):  # type: ignore[misc]
        name, type = "fallback", "test"

        def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
            for doc in data:
                doc.metadata["fallback"] = True
                yield doc

    pages = [*RICH_DESKTOP, FIXTURES["gate.js.utf8.html"], *ordinary_pages()]
    docs = [
        Document(text=decode_html(p.body).text, id=f"r{i}", metadata={"url": p.url, "date": "2024-11-23T04:48:00Z"})
        for i, p in enumerate(pages)
    ]
    out = list(DiscuzExtractor(fallback=Fallback()).run(iter(docs)))
    discuz = [d for d in out if "discuz" in d.metadata]
    routed = [d for d in out if d.metadata.get("fallback")]
    assert [d.id for d in discuz] == ["r0", "r1", "r2"]
    assert [d.id for d in routed] == [f"r{i}" for i in range(4, len(pages))]  # the challenge (r3) is dropped
    replies = [p.text for r in iter_warc_free(RICH_DESKTOP) for p in r.posts if not p.is_first]
    assert all(reply in "\n".join(d.text for d in discuz) for reply in replies if reply)
    passed = list(DiscuzExtractor(granularity="post").run(iter(docs[4:])))
    assert [d.id for d in passed] == [d.id for d in docs[4:]]


def iter_warc_free(pages: list[Page]) -> list[Any]:
    from discuz_extract import parse_page

    return [parse_page(p.body, url=p.url) for p in pages]
