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


# --- what a new user hits: clear errors, each said once ------------------------------------


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def test_help_lists_every_exit_code() -> None:
    from discuz_extract.cli import EXIT_TABLE, build_parser

    text = build_parser().format_help()
    assert "see the README" not in text
    for code, meaning in EXIT_TABLE:
        assert f"  {code:<4} {meaning}" in text
    assert "discuz-extract parse FILE..." in text and "discuz-extract schema [MODEL]" in text


def test_one_error_line_per_failure_with_the_url_once(site: LoopbackSite) -> None:
    url = site.url("thread-999-1-1.html")
    code, _, err = run([url, "--delay", "0", "--max-attempts", "1"])
    assert error_lines(err) == [f"error: {url}: FetchError: HTTP 404"] and err.count(url) == 1
    assert code == exit_code_for(FetchError("x"))


def test_a_missing_page_is_one_warning_naming_it(site: LoopbackSite) -> None:
    site.route("/thread-2048-2-1.html", Reply(status=500))
    url = site.url("thread-2048-1-1.html")
    code, out, err = run([url, "--delay", "0", "--max-attempts", "2", "-q"])
    assert code == EXIT_INCOMPLETE and json.loads(out)["complete"] is False
    assert err.splitlines() == [f"warning: {url}: page 2 missing: FetchError: HTTP 500 after 2 attempt(s) "
                                f"({site.url('thread-2048-2-1.html')})"]  # fmt: skip


def test_verbose_shows_the_library_log(site: LoopbackSite) -> None:
    site.route("/thread-2048-2-1.html", Reply(status=500))
    _, _, err = run([site.url("thread-2048-1-1.html"), "--delay", "0", "--max-attempts", "1", "-q", "-v"])
    assert "WARNING discuz_extract: page 2 of thread 2048 failed" in err


def test_new_fetch_options_reach_the_settings() -> None:
    from discuz_extract import FetchSettings
    from discuz_extract.cli import build_parser
    from discuz_extract.cli._threads import settings_from

    ns = build_parser().parse_args(
        ["http://h/thread-1-1-1.html", "--no-robots", "--via", "archiver", "--max-attempts", "7"]
    )
    assert settings_from(ns) == FetchSettings(obey_robots=False, via="archiver", max_attempts=7)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["http://h/thread-1-1-1.html", "--via", "wap"])


def test_robots_disallowed_has_its_code_and_the_way_out(site: LoopbackSite) -> None:
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"}))
    url = site.url("thread-1523-1-1.html")
    code, _, err = run([url, "--delay", "0"])
    assert code == 12 and "RobotsDisallowed" in err and "--no-robots" in err
    code, out, _ = run([url, "--delay", "0", "--no-robots"])
    assert code == 0 and json.loads(out)["tid"] == 1523


def test_a_file_given_as_a_url_says_to_use_parse() -> None:
    path = str(FIXTURES / "seed.desktop.gbk.html")
    code, out, err = run([path])
    assert code == 4 and out == ""
    assert error_lines(err) == [
        f"error: {path}: InvalidThreadURL: a file, not a URL; to read saved pages, run: discuz-extract parse {path}"
    ]


def test_parse_reads_stdin_as_bytes() -> None:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(["parse", "-"], stdin=io.BytesIO(fixture_bytes("seed.desktop.gbk.html")))
    finally:
        sys.stdout, sys.stderr = old
    assert code == 0 and json.loads(out.getvalue())["views"] == 40, err.getvalue()


@pytest.mark.parametrize("name", ["page.txt", "page.dump"])
def test_parse_reads_plain_text_without_being_told(tmp_path: Path, name: str) -> None:
    from .renderers import RENDERERS

    html = fixture_bytes("seed.desktop.utf8.html").decode("utf-8")
    path = tmp_path / name
    path.write_text(RENDERERS["html-text"](html), encoding="utf-8")
    code, out, err = run(["parse", str(path)])
    thread = json.loads(out)
    assert code == 0, err
    assert thread["title"].startswith("深化网信行业改革") and len(thread["posts"]) == 5


def test_parse_of_one_page_of_many_is_incomplete() -> None:
    page1 = str(FIXTURES / "rich.desktop.p1.gbk.html")
    code, out, err = run(["parse", page1])
    assert code == EXIT_INCOMPLETE and json.loads(out)["missing_pages"] == [2, 3]
    assert err.splitlines() == [f"warning: {page1}: pages 2-3 missing (not given)"]


def test_parse_of_a_truncated_page_is_incomplete(tmp_path: Path) -> None:
    raw = fixture_bytes("seed.desktop.gbk.html")
    cut = tmp_path / "cut.html"
    cut.write_bytes(raw[: len(raw) * 2 // 3])
    code, out, err = run(["parse", str(cut)])
    assert code == EXIT_INCOMPLETE and json.loads(out)["truncated_pages"] == [1]
    assert err.splitlines() == [f"warning: {cut}: page 1 truncated (cut off before the page's end)"]


def test_parse_of_a_url_says_how_to_fetch_it() -> None:
    code, _, err = run(["parse", "http://h/thread-1-1-1.html"])
    assert code == 11 and "run: discuz-extract http://h/thread-1-1-1.html" in err and len(err.splitlines()) == 1


def test_the_readme_lists_the_exit_codes_of_the_code() -> None:
    import re

    from discuz_extract.cli import EXIT_TABLE

    readme = (FIXTURES.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [(int(code), text.replace("`", "")) for code, text in re.findall(r"^\| (\d+) \| (.+) \|$", readme, re.M)]
    assert rows == list(EXIT_TABLE)
