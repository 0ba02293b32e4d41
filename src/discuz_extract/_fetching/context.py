"""The state fetches share beyond one call: robots.txt rules read, each host's request
schedule, and the resolver that tells where a redirect goes.

They are objects held by a ``FetchContext``. The public calls use ``default_context()``, one
instance per process, so that consecutive calls to one site read its robots.txt once and stay
``delay`` apart; a fresh ``FetchContext()`` shares nothing with it (tests swap one in, with a
``StaticResolver`` so that no test asks DNS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .http import PaceSchedule
from .network import Resolver
from .robots import RobotsCache


@dataclass(frozen=True)
class FetchContext:
    """The process-wide objects of fetching: the robots.txt cache, the per-host pace schedule,
    and the resolver of redirect targets."""

    robots: RobotsCache = field(default_factory=RobotsCache)
    pacing: PaceSchedule = field(default_factory=PaceSchedule)
    resolver: Resolver = field(default_factory=Resolver)


DEFAULT_CONTEXT = FetchContext()


def default_context() -> FetchContext:
    """The context the public calls use: ``DEFAULT_CONTEXT``, looked up at call time."""
    return DEFAULT_CONTEXT
