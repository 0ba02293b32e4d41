"""The one boundary of the public parse functions: whatever a page triggers is a DiscuzError.

A parser is pure code over untrusted input; an input no check foresaw (a 5,000-digit number
that ``int`` refuses, a structure no rule expects) must still end as a typed error that names
its cause, never a bare ``ValueError`` from deep inside.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from ..errors import DiscuzError, UnexpectedError

C = TypeVar("C")
P = ParamSpec("P")
R = TypeVar("R")
_SHOWN = 200  # characters of the cause's message kept in ours


def typed_errors(parse: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
    """Wrap ``parse(content, ...)``: DiscuzError and a wrong argument type pass, the rest is typed."""

    @functools.wraps(parse)
    def guarded(content: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return parse(content, *args, **kwargs)
        except DiscuzError:
            raise
        except Exception as exc:
            if isinstance(exc, TypeError) and not isinstance(content, (bytes, bytearray, str)):
                raise  # the caller's mistake, said as Python says it
            url = kwargs.get("url")
            where = url if isinstance(url, str) else None
            raise UnexpectedError(f"{type(exc).__name__}: {str(exc)[:_SHOWN]}", url=where, cause=exc) from exc

    return guarded
