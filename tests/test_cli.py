"""The discuz-extract command: JSON Lines for several URLs, failures on stderr, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from discuz_extract.cli import EXIT_INCOMPLETE, exit_code_for, main
from discuz_extract.errors import ChallengePage, FetchError, LoginRequired, NotDiscuzPage, ThreadNotFound
from discuz_extract.testing import LoopbackSite, Reply

from .conftest import FIXTURES, fixture_bytes


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(max_requests=100) as server:
        server.route("/thread-1523-1-1.html", Reply.html(fixture_bytes("seed.desktop.gbk.html"), "gbk"))
        for n in (1, 2, 3):
            server.route(f"/thread-2048-{n}-1.html", Reply.html(fixture_bytes(f"rich.desktop.p{n}.gbk.html")))
        server.route("/thread-999-1-1.html", Reply(status=404, body=b"<html><body>gone</body></html>"))
        yield server


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv, stdin=io.StringIO(stdin))
    finally:
        sys.stdout, sys.stderr = old_out, old_err
    return code, out.getvalue(), err.getvalue()


def test_jsonl_for_several_urls_with_one_failure(site: LoopbackSite) -> None:
    urls = [site.url("thread-1523-1-1.html"), site.url("thread-999-1-1.html"), site.url("thread-2048-1-1.html")]
    code, out, err = run([*urls, "--delay", "0"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["tid"] for r in rows] == [1523, 2048]
    assert rows[0]["article"].startswith("据新华社信息") and len(rows[1]["posts"]) == 13
    assert "thread-999-1-1.html" in err and "FetchError" in err
    assert code == exit_code_for(FetchError("x")) != 0


def test_urls_from_stdin_and_output_file(site: LoopbackSite, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run(
        ["-", "--format", "json", "-o", str(target), "--delay", "0"], stdin=site.url("thread-1523-1-1.html")
    )
    assert code == 0 and out == ""
    [thread] = json.loads(target.read_text(encoding="utf-8"))
    assert thread["views"] == 40


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_readable_formats(site: LoopbackSite, fmt: str) -> None:
    code, out, _ = run([site.url("thread-1523-1-1.html"), "--format", fmt, "--delay", "0"])
    assert code == 0 and "深化网信行业改革" in out and "你的话语真是温暖如春" in out


def test_incomplete_thread_exit_code(site: LoopbackSite) -> None:
    site.route("/thread-2048-2-1.html", Reply(status=500))
    code, out, err = run([site.url("thread-2048-1-1.html"), "--delay", "0"])
    assert code == EXIT_INCOMPLETE and json.loads(out)["missing_pages"] == [2] and "missing" in err


def test_parse_saved_pages_merges_a_thread() -> None:
    files = [str(FIXTURES / f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]
    code, out, _ = run(["parse", *files, str(FIXTURES / "seed.desktop.utf8.html")])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [len(r["posts"]) for r in rows] == [13, 5]


def test_parse_bad_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body>not a forum</body></html>")
    code, _, err = run(["parse", str(bad), str(FIXTURES / "seed.desktop.gbk.html")])
    assert code == exit_code_for(NotDiscuzPage("x")) and "bad.html" in err


def test_distinct_exit_codes() -> None:
    errors = [ThreadNotFound("x"), LoginRequired("x"), ChallengePage("x"), FetchError("x"), NotDiscuzPage("x")]
    codes = [exit_code_for(e) for e in errors]
    assert len(set(codes)) == len(codes) and 0 not in codes


def test_no_urls_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as caught:
        run([])
    assert caught.value.code == 2


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "discuz_extract.cli", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "discuz-extract" in result.stdout


def test_csv_has_one_row_per_post(site: LoopbackSite) -> None:
    import csv

    code, out, _ = run(
        [site.url("thread-2048-1-1.html"), site.url("thread-1523-1-1.html"), "--format", "csv", "--delay", "0"]
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 13 + 5
    assert rows[0]["floor"] == "1" and rows[0]["author"] == "老猫" and rows[-1]["tid"] == "1523"
    assert rows[13]["text"].startswith("据新华社信息")


def test_progress_bar_on_a_terminal_only() -> None:
    from discuz_extract.cli._progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        update = Progress(stream, quiet=False).pages("http://h/thread-1-1-1.html")
        update(1, 3)  # type: ignore[operator]
        update(3, 3)  # type: ignore[operator]
    assert "\r[" in tty.getvalue() and "3/3" in tty.getvalue() and tty.getvalue().endswith("\n")
    assert pipe.getvalue() == ""  # logs, not a bar, when stderr is not a terminal
