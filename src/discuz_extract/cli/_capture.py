"""``--warc-output FILE.warc.gz``: every HTTP exchange of a fetching command written as WARC/1.1
request and response records as it happens (``discuz_extract.warc.WarcWriter``), each write
held under the interrupt guard so that Ctrl-C never tears a record."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .._fetching.exchange import Exchange, ExchangeObserver
from ._command import UsageError
from ._interrupt import Guard


def add_warc_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warc-output",
        type=Path,
        metavar="FILE.warc.gz",
        help="also write every HTTP exchange (robots.txt, redirects and retries included) to this WARC file "
        "as it happens, bodies as received; appended to on a rerun (needs the warc extra)",
    )


@contextmanager
def warc_capture(path: Path | None, guard: Guard) -> Iterator[ExchangeObserver | None]:
    """The observer that writes ``path`` (``None`` without one); the file is closed at the end."""
    if path is None:
        yield None
        return
    try:
        from ..warc import WarcWriter
    except ImportError as exc:
        raise UsageError(f"--warc-output needs the warc extra: pip install 'discuz-extract[warc]' ({exc})") from exc
    command = " ".join(shlex.quote(arg) for arg in sys.argv[1:])
    with WarcWriter(path, info={"command": f"discuz-extract {command}".strip()}) as writer:

        def observe(exchange: Exchange) -> None:
            with guard.writing():
                writer(exchange)

        yield observe
