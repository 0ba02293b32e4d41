"""The ``discuz-extract`` command: threads by URL, or saved pages, to JSON/JSONL/Markdown/text.

Data goes to stdout (or ``-o FILE``); progress and errors go to stderr. Each URL is
independent: one failure is reported and the others still run. The exit code names the worst
kind of failure met (see ``EXIT_CODES``).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TextIO

from ._archive import RunArchive, post_key, read_whole_lines
from ._decoding import decode_html
from ._fetching import UNSET, FetchSettings, extract_thread, iter_pages, parse_thread_url
from ._parsing import merge_pages, parse_page, parse_text
from ._version import __version__
from ._vocab import REPLY_WORDS, VIEWS_LABELS
from .errors import (
    ChallengePage,
    DiscuzError,
    FetchError,
    GatePage,
    InvalidSettings,
    InvalidThreadURL,
    PermissionDenied,
    ThreadNotFound,
)
from .models import Thread, ThreadPage

EXIT_OK = 0
EXIT_INCOMPLETE = 3
# checked in order: the first class an error is an instance of gives its code
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidThreadURL, 4),
    (ThreadNotFound, 5),
    (PermissionDenied, 6),  # LoginRequired included
    (ChallengePage, 7),
    (GatePage, 8),
    (FetchError, 9),
    (DiscuzError, 10),  # not a Discuz/thread page, unreadable input
    (OSError, 11),  # a file that cannot be read or written
)
EXIT_UNEXPECTED = 1


def exit_code_for(exc: BaseException) -> int:
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), EXIT_UNEXPECTED)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discuz-extract",
        description="Extract Discuz! forum threads as clean, typed data.",
        epilog="Use 'discuz-extract parse FILE...' for saved pages, 'discuz-extract warc FILE... -o OUT' for "
        "WARC files. Exit codes: see the README.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="thread URLs; '-' reads URLs from stdin")
    add_output_options(parser)
    # settings not given stay UNSET, so FetchSettings keeps its defaults for them
    parser.add_argument("--max-pages", type=int, default=UNSET, help="fetch at most N pages per thread")
    parser.add_argument(
        "--cookies", type=Path, default=UNSET, help="a Netscape cookies.txt for boards that need a login"
    )
    parser.add_argument(
        "--delay", type=float, default=UNSET, help="minimum seconds between requests to a host (default 1)"
    )
    parser.add_argument("--concurrency", type=int, default=UNSET, help="requests in flight per thread (default 2)")
    parser.add_argument("--timeout", type=float, default=UNSET, help="seconds per request phase (default 20)")
    parser.add_argument("--user-agent", default=UNSET, help="the User-Agent header")
    parser.add_argument(
        "--request-deadline",
        type=float,
        default=UNSET,
        help="wall-clock seconds per request, all included (default 120)",
    )
    parser.add_argument("--time-limit", type=float, default=UNSET, help="wall-clock seconds per thread (default none)")
    parser.add_argument(
        "--archive",
        type=Path,
        help="resumable run: remember pages done here; rerun to fetch only what is missing "
        "(writes one post per JSON line; use with -o FILE for exactly-once output)",
    )
    parser.add_argument("--version", action="version", version=f"discuz-extract {__version__}")
    return parser


def build_parse_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discuz-extract parse", description="Parse saved Discuz pages.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="saved pages; pages of one thread merge")
    parser.add_argument("--encoding", help="the charset of the files, when known")
    parser.add_argument("--text", action="store_true", help="the files are plain-text renderings (WET, dumps)")
    add_output_options(parser)
    return parser


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl", "markdown", "text", "csv"),
        default="jsonl",
        help="jsonl: one thread per line (default); csv: one row per post",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, errors only")


# --- output ---------------------------------------------------------------------------------


def render(thread: Thread, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        return thread.model_dump_json(indent=2 if fmt == "json" else None)
    if fmt == "markdown":
        return to_markdown(thread)
    return to_text(thread)


def to_markdown(thread: Thread) -> str:
    counters = f"- {VIEWS_LABELS[0]}: {thread.views} · {REPLY_WORDS[0]}: {thread.replies}"
    lines = [f"# {thread.title or ''}", "", f"- URL: {thread.url}", counters]
    if thread.missing_pages:
        lines.append(f"- missing pages: {thread.missing_pages}")
    for post in thread.posts:
        author = post.author.name if post.author else "-"
        when = post.posted_at.isoformat() if post.posted_at else (post.posted_at_text or "-")
        lines += ["", f"## #{post.floor} {author} · {when}", ""]
        lines += [f"> {q.author or ''}: {q.text}" for q in post.quotes]
        lines.append(post.text or f"*[{post.status.value}]*")
    return "\n".join(lines) + "\n"


def to_text(thread: Thread) -> str:
    parts = [thread.title or ""]
    for post in thread.posts:
        author = post.author.name if post.author else "-"
        parts.append(f"[{post.floor}] {author}\n{post.text}")
    return "\n\n".join(parts) + "\n"


class Writer:
    """Writes results as they come; JSON Lines whole-line-at-a-time so a killed run tears nothing."""

    def __init__(self, stream: TextIO, fmt: str) -> None:
        self.stream, self.fmt, self.count = stream, fmt, 0
        self.csv: csv.DictWriter[str] | None = None

    def write(self, thread: Thread) -> None:
        if self.fmt == "csv":
            self._write_csv(thread)
            return
        text = render(thread, self.fmt)
        if self.fmt == "json":
            text = ("[\n" if self.count == 0 else ",\n") + text
        elif self.fmt == "jsonl":
            text += "\n"
        else:
            text += "\n"
        self.stream.write(text)
        self.stream.flush()
        self.count += 1

    def _write_csv(self, thread: Thread) -> None:
        rows = thread.rows()
        if self.csv is None and rows:
            self.csv = csv.DictWriter(self.stream, fieldnames=list(rows[0]))
            self.csv.writeheader()
        if self.csv is not None:
            self.csv.writerows(rows)
        self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
            self.stream.flush()


# --- progress -------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal; log lines otherwise."""

    def __init__(self, stream: IO[str], quiet: bool) -> None:
        self.stream, self.quiet, self.tty = stream, quiet, stream.isatty()

    def pages(self, label: str) -> object:
        def update(done: int, total: int) -> None:
            if self.quiet or not self.tty:
                return
            width = 24
            filled = width * done // max(total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:50]}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()

        return update

    def note(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.stream)


# --- commands -------------------------------------------------------------------------------


def read_urls(args: Iterable[str], stdin: TextIO) -> Iterator[str]:
    for arg in args:
        if arg == "-":
            yield from (line.strip() for line in stdin if line.strip() and not line.lstrip().startswith("#"))
        else:
            yield arg


def settings_from(ns: argparse.Namespace) -> FetchSettings:
    """The settings the command line gives; options not given are ``UNSET`` (the defaults stay)."""
    return FetchSettings().replace(
        max_pages=ns.max_pages,
        cookies=ns.cookies,
        delay=ns.delay,
        concurrency=ns.concurrency,
        timeout=ns.timeout,
        user_agent=ns.user_agent,
        request_deadline=ns.request_deadline,
        thread_time_limit=ns.time_limit,
    )


def checked_settings(ns: argparse.Namespace) -> FetchSettings:
    """``settings_from``, with a value the settings refuse reported as a usage error (exit 2)."""
    try:
        return settings_from(ns)
    except InvalidSettings as exc:
        build_parser().error(str(exc))


def run_urls(ns: argparse.Namespace, settings: FetchSettings, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    progress = Progress(err, ns.quiet)
    writer = Writer(out, ns.format)
    worst = EXIT_OK
    for url in read_urls(ns.urls, stdin):
        try:
            thread = extract_thread(url, settings=settings, progress=progress.pages(url))  # type: ignore[arg-type]
        except Exception as exc:  # one URL's failure must not stop the others
            code = exit_code_for(exc)
            print(f"error: {url}: {type(exc).__name__}: {exc}", file=err)
            worst = max(worst, code)
            continue
        writer.write(thread)
        if thread.missing_pages:
            print(f"warning: {url}: pages {thread.missing_pages} missing", file=err)
            worst = max(worst, EXIT_INCOMPLETE)
        progress.note(f"ok: {url}: {len(thread.posts)} posts")
    writer.close()
    return worst


def run_parse(ns: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    pages: list[ThreadPage] = []
    worst = EXIT_OK
    for path in ns.files:
        try:
            pages.append(_parse_file(path, ns.encoding, text_mode=ns.text))
        except Exception as exc:
            print(f"error: {path}: {type(exc).__name__}: {exc}", file=err)
            worst = max(worst, exit_code_for(exc))
    writer = Writer(out, ns.format)
    for group in group_by_thread(pages):
        writer.write(merge_pages(group))
    writer.close()
    return worst


def run_resumable(ns: argparse.Namespace, settings: FetchSettings, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """``--archive``: one post per line, pages recorded as they are written, reruns resume."""
    archive = RunArchive(ns.archive)
    if ns.output is not None:
        archive.note_output(read_whole_lines(ns.output))
    else:
        print("warning: --archive without -o cannot see what an interrupted run printed", file=err)
    settings = settings.replace(concurrency=1)
    worst = EXIT_OK
    for url in read_urls(ns.urls, stdin):
        try:
            worst = max(worst, resume_thread(url, settings, archive, out, err))
        except Exception as exc:
            print(f"error: {url}: {type(exc).__name__}: {exc}", file=err)
            worst = max(worst, exit_code_for(exc))
    return worst


def resume_thread(url: str, settings: FetchSettings, archive: RunArchive, out: TextIO, err: TextIO) -> int:
    target = parse_thread_url(url)
    key = f"{target.site}#{target.tid}"
    progress = archive.progress(key)
    code = EXIT_OK
    pages = iter_pages(url, settings=settings, done_pages=progress.done_pages, page_count_hint=progress.page_count)
    for result in pages:
        if result.parsed is None:
            print(f"warning: {url}: page {result.page} failed: {result.error}", file=err)
            code = EXIT_INCOMPLETE
            continue
        page = result.parsed
        keys = [post_key(p.pid, result.page, p.floor, i) for i, p in enumerate(page.posts)]
        write_new_posts(out, key, page, result.page, keys, progress.seen, default_tid=target.tid)
        count = max(page.page_count or 1, result.page)
        archive.record(
            key,
            page=result.page,
            keys=keys,
            complete=result.page < count,
            page_count=count,
        )
    return code


def write_new_posts(
    out: TextIO, key: str, page: ThreadPage, number: int, keys: list[str], seen: set[str], *, default_tid: int
) -> None:
    """Each post not written before, as one whole JSON line (flushed), tagged with its thread."""
    for post, post_id in zip(page.posts, keys):
        if post_id in seen:
            continue
        row = {"thread": key, "key": post_id, "tid": page.tid or default_tid, "title": page.title, "page": number}
        out.write(json.dumps({**row, **post.model_dump(mode="json")}, ensure_ascii=False) + "\n")
        out.flush()
        seen.add(post_id)


def _parse_file(path: Path, encoding: str | None, *, text_mode: bool) -> ThreadPage:
    raw, url = path.read_bytes(), path.resolve().as_uri()
    if text_mode:
        return parse_text(decode_html(raw, encoding).text, url=url)
    return parse_page(raw, url=url, encoding=encoding)


def group_by_thread(pages: list[ThreadPage]) -> list[list[ThreadPage]]:
    groups: dict[object, list[ThreadPage]] = {}
    for index, page in enumerate(pages):
        key: object = page.tid if page.tid is not None else ("file", index)
        groups.setdefault(key, []).append(page)
    return list(groups.values())


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["warc"]:  # WARC segments to corpus documents: its own module
        from ._cli_warc import main as warc_main

        return warc_main(args[1:])
    err = sys.stderr
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=err)
    parse_mode = bool(args) and args[0] == "parse"
    ns = (build_parse_parser() if parse_mode else build_parser()).parse_args(args[1:] if parse_mode else args)
    if not parse_mode and not ns.urls:
        build_parser().error("give at least one URL, or '-' to read URLs from stdin")
    settings = FetchSettings() if parse_mode else checked_settings(ns)  # before -o truncates a file
    try:
        out: TextIO = (
            ns.output.open("a" if ns.format == "jsonl" else "w", encoding="utf-8") if ns.output else sys.stdout
        )
    except OSError as exc:
        print(f"error: cannot open {ns.output}: {exc}", file=err)
        return exit_code_for(exc)
    try:
        if parse_mode:
            return run_parse(ns, out, err)
        if ns.archive is not None:
            return run_resumable(ns, settings, out, err, stdin or sys.stdin)
        return run_urls(ns, settings, out, err, stdin or sys.stdin)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
