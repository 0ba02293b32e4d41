"""The state fetches share beyond one call: robots.txt rules read, each host's request
schedule, the resolver that tells where a redirect goes, and who observes the exchanges.

They are objects held by a ``FetchContext``. The public calls use ``default_context()``, one
instance per process, so that consecutive calls to one site read its robots.txt once and stay
``delay`` apart; a fresh ``FetchContext()`` shares nothing with it (tests swap one in, with a
``StaticResolver`` so that no test asks DNS). ``with_observer`` gives a context that shares
all of that and also hands every exchange to one more observer (a ``WarcWriter``): the public
calls' ``warc=`` argument.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .exchange import ExchangeObserver
from .http import PaceSchedule
from .network import Resolver
from .robots import RobotsCache


@dataclass(frozen=True)
class FetchContext:
    """The process-wide objects of fetching: the robots.txt cache, the per-host pace schedule,
    the resolver of redirect targets, and the observers of every exchange."""

    robots: RobotsCache = field(default_factory=RobotsCache)
    pacing: PaceSchedule = field(default_factory=PaceSchedule)
    resolver: Resolver = field(default_factory=Resolver)
    observers: tuple[ExchangeObserver, ...] = ()

    def with_observer(self, observer: ExchangeObserver | None) -> FetchContext:
        """This context (the same cache, schedule and resolver) with one more observer."""
        if observer is None:
            return self
        return dataclasses.replace(self, observers=(*self.observers, observer))


DEFAULT_CONTEXT = FetchContext()


def default_context() -> FetchContext:
    """The context the public calls use: ``DEFAULT_CONTEXT``, looked up at call time."""
    return DEFAULT_CONTEXT
