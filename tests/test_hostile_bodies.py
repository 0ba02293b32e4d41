"""Bodies a hostile server sends: every encoding decoded within the cap while it streams, and
robots.txt read within RFC 9309's 500 KiB (items 1 and 7 of the hostile-servers issue)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator

import httpx
import pytest

from discuz_extract import BadResponse, ResponseTooLarge, RobotsDisallowed, extract_thread
from discuz_extract._fetching.encodings import ContentDecoder, Overflow, accept_encoding
from discuz_extract.testing import LoopbackSite, Reply, compress

from .conftest import ROOT
from .hostile import BOMBS, FAST, MIB, SEED


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=50) as server:
        yield server


def seed_url(site: LoopbackSite) -> str:
    return site.url("thread-1523-1-1.html")


@pytest.mark.parametrize("encodings", ["gzip", "deflate", "br", "zstd", "gzip, gzip", "deflate, br", "zstd, gzip"])
def test_every_encoding_and_stack_decodes(site: LoopbackSite, encodings: str) -> None:
    site.route("/thread-1523-1-1.html", Reply.compressed(SEED, encodings, "gbk"))
    assert len(extract_thread(seed_url(site), settings=FAST).posts) == 5
    assert site.hits[0].headers["Accept-Encoding"] == accept_encoding() == "gzip, deflate, br, zstd"


def test_raw_deflate_and_multi_member_gzip(site: LoopbackSite) -> None:
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    site.route(
        "/thread-1523-1-1.html", Reply.compressed(raw.compress(SEED) + raw.flush(), "deflate", precompressed=True)
    )
    assert len(extract_thread(seed_url(site), settings=FAST).posts) == 5
    half = len(SEED) // 2
    members = compress(SEED[:half], "gzip") + compress(SEED[half:], "gzip") + b"\0\0trailing junk"
    site.route("/thread-1523-1-1.html", Reply.compressed(members, "gzip", precompressed=True))
    assert len(extract_thread(seed_url(site), settings=FAST).posts) == 5


@pytest.mark.parametrize("encoding", list(BOMBS))
def test_a_bomb_stops_at_the_cap(site: LoopbackSite, encoding: str) -> None:
    site.route("/thread-1523-1-1.html", Reply.compressed(BOMBS[encoding](64), encoding, precompressed=True))
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge):
        extract_thread(seed_url(site), settings=FAST.replace(max_response_bytes=MIB))
    assert time.monotonic() - started < 5 and len(site.hits) == 1  # stopped early, not retried


@pytest.mark.slow
@pytest.mark.parametrize("encoding", list(BOMBS))
def test_a_gigabyte_bomb_stays_within_the_address_space(encoding: str) -> None:
    """Under an address-space limit 256 MiB above what the process holds, httpx's own read of
    the bomb dies with MemoryError (the bomb is real); the fetcher stops at its 1 MiB cap."""
    env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
    probe = subprocess.run(
        [sys.executable, "-m", "tests.memory_probe", encoding, "1024", "256"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert probe.stdout.split() == ["memory-error", "too-large"]


def test_an_inner_layer_that_expands_into_nothing_still_ends() -> None:
    """``gzip, deflate``: the outer layer decodes to endless empty deflate blocks, which the inner
    one turns into no output at all; the outer layer's output is capped too."""
    empty_blocks = b"\x78\x01" + b"\x00\x00\x00\xff\xff" * (2 * MIB // 5)
    decoder = ContentDecoder(["deflate", "gzip"], limit=MIB)
    with pytest.raises(Overflow):
        list(decoder.decode(compress(empty_blocks, "gzip")))


@pytest.mark.parametrize("encoding", ["compress", "x-bzip2", "gzip;q=1", "gzip, " * 5 + "gzip"])
def test_an_encoding_that_cannot_be_decoded_is_a_bad_response(site: LoopbackSite, encoding: str) -> None:
    site.route("/thread-1523-1-1.html", Reply(body=SEED, headers={"Content-Encoding": encoding}))
    with pytest.raises(BadResponse):
        extract_thread(seed_url(site), settings=FAST)
    assert len(site.hits) == 1  # not retried


def test_a_corrupt_zstd_or_brotli_body_is_retried(site: LoopbackSite) -> None:
    site.route(
        "/thread-1523-1-1.html",
        Reply(body=b"\x28\xb5\x2f\xfd garbage", headers={"Content-Encoding": "zstd"}),
        Reply(body=b"\xff\xff\xff garbage", headers={"Content-Encoding": "br"}),
        Reply.compressed(SEED, "br", "gbk"),
    )
    assert len(extract_thread(seed_url(site), settings=FAST.replace(max_attempts=3)).posts) == 5
    assert len(site.hits) == 3


def test_brotli_without_an_output_limit_is_fed_in_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """A brotli older than 1.2 has no output_buffer_limit: one byte per call bounds each step."""
    from discuz_extract._fetching import encodings

    monkeypatch.setattr(encodings, "_BROTLI_LIMITED", False)
    decoder = ContentDecoder(["br"], limit=64 * MIB)
    sizes = [len(piece) for piece in decoder.decode(BOMBS["br"](32))]
    assert sum(sizes) == 32 * MIB and max(sizes) <= 8 * MIB


# --- robots.txt ---------------------------------------------------------------------------------


def test_a_huge_robots_txt_is_read_to_500_kib_and_parsed_fast(site: LoopbackSite) -> None:
    rules = b"User-agent: *\nDisallow: /forum.php\n"
    padding = b"".join(b"Disallow: /p%d/\n" % i for i in range(19 * MIB // 16))  # about 19 MiB
    cut = 500 * 1024
    tail = b"Disallow: /thread-\n"  # after the cap: ignored
    body = rules + padding[: cut - len(rules) - 9] + b"Disallow: /thr" + padding + tail
    site.route("/robots.txt", Reply(body=body, headers={"Content-Type": "text/plain"}))
    site.route("/thread-1523-1-1.html", Reply.html(SEED, "gbk"))
    site.route("/forum.php?mod=viewthread&tid=1523&page=1", Reply.html(SEED, "gbk"))
    started = time.monotonic()
    thread = extract_thread(seed_url(site), settings=FAST.replace(obey_robots=True))
    assert len(thread.posts) == 5 and time.monotonic() - started < 5  # the cut "Disallow: /thr" line is dropped
    with pytest.raises(RobotsDisallowed):
        extract_thread(site.url("forum.php?mod=viewthread&tid=1523"), settings=FAST.replace(obey_robots=True))


def test_robots_txt_read_through_a_mock_transport_is_capped_too() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, content=iter([b"User-agent: *\nAllow: /\n", b"#" * (2 * MIB)]))
        return httpx.Response(200, content=SEED, headers={"Content-Type": "text/html; charset=gbk"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        thread = extract_thread(
            "http://bbs.example.cn/thread-1523-1-1.html", client=client, settings=FAST, obey_robots=True
        )
    assert len(thread.posts) == 5
