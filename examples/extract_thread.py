"""Extract a Discuz thread and print it.

    python examples/extract_thread.py            # the bundled demo, served on 127.0.0.1
    python examples/extract_thread.py URL        # any thread URL

With no argument it starts a loopback HTTP server that serves two bundled threads the way a
real GBK Discuz X3.4 site does (rewrite URLs, GBK bytes): the seed thread, and a 3-page thread
(its second page also asked for under the dynamic URL form). The real fetcher reads them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from discuz_extract import Thread, extract_thread
from discuz_extract.testing import LoopbackSite, Reply

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def show(thread: Thread) -> None:
    print("=" * 72)
    print(thread.title)
    print(f"查看: {thread.views} | 回复: {thread.replies} | 页数: {thread.page_count} | 站点: {thread.site.name}")
    if thread.missing_pages:
        print("missing pages:", thread.missing_pages)
    for post in thread.posts:
        author = post.author.name if post.author else "-"
        when = post.posted_at.isoformat() if post.posted_at else "-"
        first_line = post.text.split("\n", 1)[0] if post.text else f"[{post.status.value}]"
        print(f"  #{post.floor} {author} {when} {first_line[:60]}")
    print("-" * 72)
    print(thread.article)


def demo_site(site: LoopbackSite) -> list[str]:
    """Serve the bundled threads like a real GBK site does; return the URLs to extract."""
    site.route("/thread-1523-1-1.html", Reply.html((FIXTURES / "seed.desktop.gbk.html").read_bytes(), "gbk"))
    for page in (1, 2, 3):
        body = (FIXTURES / f"rich.desktop.p{page}.gbk.html").read_bytes()
        site.route(f"/thread-2048-{page}-1.html", Reply.html(body, "gbk"))
    return [site.url("thread-1523-1-1.html"), site.url("thread-2048-2-1.html")]


def main(argv: list[str]) -> int:
    if argv:
        for url in argv:
            show(extract_thread(url))
        return 0
    with LoopbackSite(max_requests=100) as site:
        for url in demo_site(site):
            show(extract_thread(url, delay=0.05))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
