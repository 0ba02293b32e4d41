"""``discuz-extract parse FILE...``: saved pages to threads, pages of one thread merged."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._decoding import decode_html
from .._parsing import merge_pages, parse_page, parse_text
from ..models import ThreadPage
from ._command import Command, Session
from ._output import add_output_options, check_output_options, output_stream, writer_for


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="saved pages; pages of one thread merge")
    parser.add_argument("--encoding", help="the charset of the files, when known")
    parser.add_argument("--text", action="store_true", help="the files are plain-text renderings (WET, dumps)")
    add_output_options(parser)


def run(ns: argparse.Namespace, session: Session) -> int:
    check_output_options(ns)
    pages: list[ThreadPage] = []
    report = session.report
    for path in ns.files:
        try:
            pages.append(parse_file(path, ns.encoding, text_mode=ns.text))
        except Exception as exc:
            report.failed(path, exc)
    with output_stream(ns.output, append=ns.format == "jsonl") as out:
        writer = writer_for(ns, out)
        for group in group_by_thread(pages):
            writer.write(merge_pages(group))
        writer.close()
    return report.worst


def parse_file(path: Path, encoding: str | None, *, text_mode: bool) -> ThreadPage:
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


COMMAND = Command(name="parse", summary="parse saved pages", configure=configure, run=run)
