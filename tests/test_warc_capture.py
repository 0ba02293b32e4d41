"""WARC capture: every exchange of a fetch written as WARC/1.1 request and response records as it
happens (robots.txt, redirect hops and retries included), bodies as received, and a crawl's WARC
reading back through ``iter_warc`` to the same posts."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator

from discuz_extract import Exchange, ResponseTooLarge, aextract_thread, assemble_threads, extract_forum, extract_thread
from discuz_extract._archive import read_whole_lines
from discuz_extract.testing import LoopbackSite, Reply
from discuz_extract.warc import WarcStats, WarcWriter, iter_warc

from .board_site import MAIN_FID, Board
from .conftest import fixture_bytes

FAST: dict[str, Any] = {"delay": 0.0, "backoff": 0.01, "backoff_max": 0.02, "max_attempts": 2}
RICH = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]


def records(path: Path) -> list[Any]:
    with path.open("rb") as stream:
        found = []
        for record in ArchiveIterator(stream):
            body = record.content_stream().read()
            found.append((record.rec_type, record.rec_headers, record.http_headers, body))
        return found


def pairs(path: Path) -> list[tuple[Any, Any]]:
    """(request, response) records, in order, checked to point at each other."""
    found = [r for r in records(path) if r[0] != "warcinfo"]
    assert [r[0] for r in found] == ["request", "response"] * (len(found) // 2)
    result = []
    for request, response in zip(found[::2], found[1::2]):
        ids = request[1].get_header("WARC-Record-ID"), response[1].get_header("WARC-Record-ID")
        assert request[1].get_header("WARC-Concurrent-To") == ids[1]
        assert response[1].get_header("WARC-Concurrent-To") == ids[0]
        assert request[1].get_header("WARC-Target-URI") == response[1].get_header("WARC-Target-URI")
        assert request[1].get_header("WARC-Date") == response[1].get_header("WARC-Date")
        result.append((request, response))
    return result


def serve(site: LoopbackSite) -> str:
    for n, body in enumerate(RICH, start=1):
        site.route(f"/thread-2048-{n}-1.html", Reply.html(body, "gbk"))
    return site.url("thread-2048-1-1.html")


def status(record: Any) -> int:
    return int(record[2].get_statuscode())


def test_every_exchange_is_a_request_and_a_response(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        page = "/forum.php?mod=viewthread&tid=2048&page={}"
        site.route(page.format(1), Reply.redirect("/thread-2048-1-1.html", 301))
        site.route(
            "/thread-2048-1-1.html", Reply(RICH[0], headers={"Content-Type": "text/html; charset=gbk", "X-Page": "1"})
        )
        site.route(page.format(2), Reply(status=503, body=b"busy now"), Reply.html(RICH[1], "gbk"))
        site.route(page.format(3), Reply.html(RICH[2], "gbk"))
        with WarcWriter(tmp_path / "t.warc.gz") as warc:
            thread = extract_thread(site.url(page.format(1)), warc=warc, concurrency=1, **FAST)
        assert thread.complete and len(thread.posts) == 13
    assert records(tmp_path / "t.warc.gz")[0][0] == "warcinfo"
    found = pairs(tmp_path / "t.warc.gz")
    seen = [(req[1].get_header("WARC-Target-URI"), status(resp)) for req, resp in found]
    # robots.txt (a 404 here), the redirect hop and its target, the retried page 2, page 3
    assert seen == [
        (site.url("robots.txt"), 404),
        (site.url(page.format(1)), 301),
        (site.url("thread-2048-1-1.html"), 200),
        (site.url(page.format(2)), 503),
        (site.url(page.format(2)), 200),
        (site.url(page.format(3)), 200),
    ]
    assert len(seen) == len(site.hits)
    hop = found[1][1]
    assert hop[2].get_header("Location") == "/thread-2048-1-1.html"
    assert found[3][1][3] == b"busy now" and found[2][1][3] == RICH[0] and found[2][1][2].get_header("X-Page") == "1"
    request = found[2][0]
    assert request[2].protocol == "GET" and request[2].get_header("Host") == site.base.split("/")[2]
    assert request[2].get_header("User-Agent").startswith("Mozilla/5.0")
    assert found[0][1][1].get_header("WARC-IP-Address") == "127.0.0.1"
    assert found[0][1][1].get_header("WARC-Date").endswith("Z")


def test_bodies_are_kept_as_received_before_decoding(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        wire = gzip.compress(RICH[0])
        site.route("/thread-2048-1-1.html", Reply.compressed(wire, "gzip", "gbk", precompressed=True))
        with WarcWriter(tmp_path / "t.warc.gz") as warc:
            extract_thread(site.url("thread-2048-1-1.html"), warc=warc, max_pages=1, **FAST)
    page = next(resp for _, resp in pairs(tmp_path / "t.warc.gz") if "thread" in resp[1].get_header("WARC-Target-URI"))
    assert page[2].get_header("Content-Encoding") == "gzip" and page[2].get_header("Content-Length") == str(len(wire))
    with (tmp_path / "t.warc.gz").open("rb") as stream:  # warcio's raw stream: the payload as stored
        raw = [r.raw_stream.read() for r in ArchiveIterator(stream, no_record_parse=False) if r.rec_type == "response"]
    assert wire in raw
    read = [p for p in iter_warc(tmp_path / "t.warc.gz") if p.page is not None]
    assert len(read) == 1 and read[0].page is not None and len(read[0].page.posts) == 5


def test_a_chunked_body_is_stored_whole_with_its_length(tmp_path: Path) -> None:
    body = RICH[0]
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 4000]), body[i : i + 4000]) for i in range(0, len(body), 4000)
    )
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    with LoopbackSite() as site:
        site.route("/thread-2048-1-1.html", Reply(raw=head + chunks + b"0\r\n\r\n"))
        with WarcWriter(tmp_path / "t.warc.gz") as warc:
            extract_thread(site.url("thread-2048-1-1.html"), warc=warc, max_pages=1, **FAST)
    page = next(resp for _, resp in pairs(tmp_path / "t.warc.gz") if status(resp) == 200)
    assert page[2].get_header("Transfer-Encoding") is None and page[2].get_header("Content-Length") == str(len(body))
    assert page[3] == body


def test_credentials_are_redacted_unless_kept(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        url = serve(site)
        for keep in (False, True):
            with WarcWriter(tmp_path / f"{keep}.warc.gz", keep_credentials=keep) as warc:
                extract_thread(url, warc=warc, max_pages=1, headers={"Authorization": "Bearer s3cret"},
                               cookies={"auth": "k3y"}, **FAST)  # fmt: skip
            sent = [req[2] for req, _ in pairs(tmp_path / f"{keep}.warc.gz")]
            shown = {h.get_header("Authorization") for h in sent} | {h.get_header("Cookie") for h in sent}
            assert shown == ({"Bearer s3cret", "auth=k3y"} if keep else {"[redacted]"})


def test_a_body_cut_at_the_cap_is_marked_truncated(tmp_path: Path) -> None:
    with LoopbackSite() as site:
        url = serve(site)
        with WarcWriter(tmp_path / "t.warc.gz") as warc, pytest.raises(ResponseTooLarge):
            extract_thread(url, warc=warc, max_response_bytes=20_000, obey_robots=False, **FAST)
    (_request, response), *_ = pairs(tmp_path / "t.warc.gz")
    assert response[1].get_header("WARC-Truncated") == "length" and len(response[3]) < len(RICH[0])


async def test_the_async_twin_captures_the_same_exchanges() -> None:
    with LoopbackSite() as site:
        url = serve(site)
        sync: list[Exchange] = []
        extract_thread(url, warc=sync.append, **FAST)
        got: list[Exchange] = []
        from discuz_extract._fetching.context import default_context

        default_context().robots.clear()
        await aextract_thread(url, warc=got.append, **FAST)
        assert sorted((e.url, e.status, e.body) for e in got) == sorted((e.url, e.status, e.body) for e in sync)
        assert all(e.peer == "127.0.0.1" and e.truncated is None and e.started.tzinfo for e in got)


def test_a_stream_and_the_mock_transport(tmp_path: Path) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(
            200, content=RICH[0], headers={"Content-Type": "text/html; charset=gbk", "Content-Encoding": "identity"}
        )

    stream = io.BytesIO()
    writer = WarcWriter(stream)
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        extract_thread("http://h/thread-2048-1-1.html", client=client, warc=writer, max_pages=1, **FAST)
    writer.close()
    (tmp_path / "m.warc.gz").write_bytes(stream.getvalue())
    page = [resp for _, resp in pairs(tmp_path / "m.warc.gz")][-1]
    # held decoded by the transport: no Content-Encoding, the stored length
    assert page[2].get_header("Content-Encoding") is None and page[2].get_header("Content-Length") == str(len(RICH[0]))


def test_a_board_crawls_warc_reads_back_to_the_same_posts(tmp_path: Path) -> None:
    with Board(main_threads=12) as board, WarcWriter(tmp_path / "crawl.warc.gz") as warc:
        extract_forum(board.listing_url(MAIN_FID), tmp_path / "posts.jsonl", warc=warc, **FAST)
        hits = len(board.hits)
    assert warc.records == 1 + 2 * hits
    stats = WarcStats()
    threads = {t.tid: t for t in assemble_threads(iter_warc(tmp_path / "crawl.warc.gz", stats=stats))}
    written: dict[int, list[dict[str, Any]]] = {}
    for line in read_whole_lines(tmp_path / "posts.jsonl"):
        written.setdefault(line["tid"], []).append(line)
    assert sorted(threads) == sorted(written)
    for tid, lines in written.items():
        assert [(p.pid, p.text) for p in threads[tid].posts] == [(line["pid"], line["text"]) for line in lines]
    assert stats.errors == {"NotAThreadPage": board.listing_page_count(MAIN_FID)}  # the listings are not threads
