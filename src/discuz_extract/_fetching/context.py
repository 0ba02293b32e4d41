"""The state fetches share beyond one call: robots.txt rules read, and each host's request schedule.

Both are objects held by a ``FetchContext``. The public calls use ``default_context()``, one
instance per process, so that consecutive calls to one site read its robots.txt once and stay
``delay`` apart; a fresh ``FetchContext()`` shares nothing with it (tests swap one in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .http import PaceSchedule
from .robots import RobotsCache


@dataclass(frozen=True)
class FetchContext:
    """The process-wide objects of fetching: the robots.txt cache and the per-host pace schedule."""

    robots: RobotsCache = field(default_factory=RobotsCache)
    pacing: PaceSchedule = field(default_factory=PaceSchedule)


DEFAULT_CONTEXT = FetchContext()


def default_context() -> FetchContext:
    """The context the public calls use: ``DEFAULT_CONTEXT``, looked up at call time."""
    return DEFAULT_CONTEXT
