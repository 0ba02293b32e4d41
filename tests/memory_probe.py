"""Run one bomb against the fetcher under an address-space limit (a subprocess of the tests).

``python -m tests.memory_probe ENCODING MEGABYTES HEADROOM_MB`` serves the bomb from a
loopback site, limits this process to its current address space plus ``HEADROOM_MB``, then
prints one word per reader: ``too-large`` (stopped at the cap), ``memory-error``, or the
error's type. The first reader is httpx's own ``read()`` (the control: the bomb is real), the
second ``extract_thread`` with a 1 MiB cap.
"""

from __future__ import annotations

import resource
import sys
import threading

import httpx

from discuz_extract import FetchSettings, ResponseTooLarge, extract_thread
from discuz_extract.testing import LoopbackSite, Reply

from .hostile import BOMBS, MIB


def address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")


def outcome(run: object) -> str:
    try:
        run()  # type: ignore[operator]
    except MemoryError:
        return "memory-error"
    except ResponseTooLarge:
        return "too-large"
    except Exception as exc:  # reported, not hidden: the test names what it got
        return type(exc).__name__
    return "read-whole"


def main() -> None:
    encoding, megabytes, headroom = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    threading.stack_size(256 * 1024)
    body = BOMBS[encoding](megabytes)
    settings = FetchSettings(delay=0, max_attempts=1, obey_robots=False, max_response_bytes=MIB)
    with LoopbackSite(max_requests=20) as site:
        site.route("/thread-1-1-1.html", Reply.compressed(body, encoding, precompressed=True))
        site.route("/thread-2-1-1.html", Reply.html(b"<html></html>"))
        url = site.url("thread-1-1-1.html")
        with httpx.Client() as client:
            client.get(site.url("thread-2-1-1.html"))  # warm both readers up before the limit
            outcome(lambda: extract_thread(site.url("thread-2-1-1.html"), settings=settings))
            limit = address_space() + headroom * MIB
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            control = outcome(lambda: client.get(url).content)
        ours = outcome(lambda: extract_thread(url, settings=settings))
    print(control, ours)


if __name__ == "__main__":
    main()
