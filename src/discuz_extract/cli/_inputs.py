"""What the main command reads: URLs from its arguments and stdin, checked, and hints for errors."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InvalidThreadURL, LoginRequired, RobotsDisallowed
from ._command import Session

# what to try next, by the class of an error (the first match)
HINTS: tuple[tuple[type[BaseException], str], ...] = (
    (RobotsDisallowed, "--no-robots fetches it anyway"),
    (LoginRequired, "log in with a browser and give its cookies: --cookies cookies.txt"),
)


def read_urls(args: Iterable[str], session: Session) -> Iterator[str]:
    for arg in args:
        if arg == "-":
            for line in session.stdin_lines():
                if line.strip() and not line.lstrip().startswith("#"):
                    yield line.strip()
        else:
            yield arg


def check_url(url: str) -> None:
    """A saved page given where a URL goes: say how to read it (``InvalidThreadURL``)."""
    if url.startswith("file:") or ("://" not in url and Path(url).exists()):
        raise InvalidThreadURL(f"a file, not a URL; to read saved pages, run: discuz-extract parse {shlex.quote(url)}")


def hint_for(exc: BaseException) -> str | None:
    return next((hint for kind, hint in HINTS if isinstance(exc, kind)), None)
