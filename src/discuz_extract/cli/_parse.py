"""``discuz-extract parse FILE...``: saved pages to threads, pages of one thread merged.

A file is read as a plain-text rendering (``parse_text``) with ``--text``, when its name ends
in ``.txt``, or when it holds no markup and no JSON; otherwise as a page (``parse_page``).
``-`` reads one page from stdin. A thread whose pages were not all given, or one cut off,
is written all the same, with a warning naming the pages, and the run exits 3.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from .._decoding import decode_html
from .._parsing import merge_pages, parse_page, parse_text
from ..errors import NotDiscuzPage
from ..models import ThreadPage
from ._command import Command, Session, UsageError
from ._output import add_output_options, check_output_options, output_stream, writer_for

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".text", ".wet")
_MARKUP = re.compile(
    rb"<(?:!doctype|\?xml|html|head|body|div|table|tr|td|ul|li|meta|script|style|link|title|form|p|br|span|a|img|font)\b",
    re.I,
)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="saved pages (pages of one thread merge); '-' reads a page from stdin"
    )
    parser.add_argument("--encoding", help="the charset of the files, when known")
    parser.add_argument(
        "--text", action="store_true", help="read every file as a plain-text rendering (WET, dumps); .txt files are"
    )
    add_output_options(parser)


@dataclass
class Source:
    """A page read, and the file it came from (as given)."""

    name: str
    page: ThreadPage


def run(ns: argparse.Namespace, session: Session) -> int:
    check_output_options(ns)
    if ns.files.count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given once")
    report = session.report
    sources: list[Source] = []
    for name in ns.files:
        try:
            sources.append(Source(name, read_source(name, ns, session)))
        except Exception as exc:
            report.failed(name, exc, hint=hint_for(name, exc, text_mode=ns.text))
    with output_stream(ns.output, append=False) as out:
        writer = writer_for(ns, out, session.guard)
        try:
            for group in group_by_thread(sources):
                thread = merge_pages([s.page for s in group])
                writer.write(thread)
                report.gaps(group[0].name, thread, absent="not given")
        finally:
            writer.close()
    return report.worst


def read_source(name: str, ns: argparse.Namespace, session: Session) -> ThreadPage:
    if name == STDIN:
        return parse_bytes(session.stdin_bytes(), None, ns.encoding, text_mode=ns.text)
    path = Path(name)
    raw = path.read_bytes()
    text_mode = ns.text or path.suffix.lower() in TEXT_SUFFIXES
    return parse_bytes(raw, path.resolve().as_uri(), ns.encoding, text_mode=text_mode)


def parse_bytes(raw: bytes, url: str | None, encoding: str | None, *, text_mode: bool) -> ThreadPage:
    if text_mode or looks_like_plain_text(raw):
        return parse_text(decode_html(raw, encoding).text, url=url)
    return parse_page(raw, url=url, encoding=encoding)


def looks_like_plain_text(raw: bytes) -> bool:
    """No markup in the head and not JSON: a text rendering (a WET record, a dump)."""
    head = raw[:65536].lstrip()
    if not head or b"\0" in head or head[:1] in (b"{", b"[") or head.startswith(b"\xef\xbb\xbf{"):
        return False
    return _MARKUP.search(head) is None


def hint_for(name: str, exc: BaseException, *, text_mode: bool) -> str | None:
    if isinstance(exc, FileNotFoundError) and _URL.match(name):
        return f"to fetch a URL, run: discuz-extract {name}"
    if isinstance(exc, NotDiscuzPage) and not text_mode:
        return "if it is a plain-text rendering of a page, add --text"
    return None


def group_by_thread(sources: list[Source]) -> list[list[Source]]:
    groups: dict[object, list[Source]] = {}
    for index, source in enumerate(sources):
        key: object = source.page.tid if source.page.tid is not None else ("file", index)
        groups.setdefault(key, []).append(source)
    return list(groups.values())


COMMAND = Command(synopsis="FILE...", name="parse", summary="parse saved pages", configure=configure, run=run)
