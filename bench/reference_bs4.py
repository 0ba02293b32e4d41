"""A straightforward BeautifulSoup + lxml scraper of the same fields: the approach most scripts take.

It is a fair peer, not a straw man: it decodes by the page's charset, scopes each post to its
own table, skips the hidden popups and drops the jammer, like discuz-extract does.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from discuz_extract._decoding import decode_html

FLOOR_WORDS = {"楼主": 1, "沙发": 2, "板凳": 3, "地板": 4}
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)?")


warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)  # touch pages start with <?xml


def scrape(content: bytes) -> dict[str, Any]:
    soup = BeautifulSoup(decode_html(content).text, "lxml")
    subject = soup.select_one("#thread_subject")
    counters = [s.get_text(strip=True) for s in soup.select("#postlist div.hm span.xi1")]
    posts = []
    for root in soup.select("div[id^=post_]"):
        pid = root.get("id", "")[5:]
        if not pid.isdigit():
            continue
        posts.append(_post(root, int(pid)))
    return {
        "title": subject.get_text(strip=True) if subject else None,
        "views": int(counters[0]) if len(counters) > 1 else None,
        "replies": int(counters[1]) if len(counters) > 1 else None,
        "posts": posts,
    }


def _post(root: Any, pid: int) -> dict[str, Any]:
    name = root.select_one("td.pls div.pi div.authi a")
    when = root.select_one("em[id^=authorposton]")
    floor = root.select_one("a[id^=postnum]")
    message = root.select_one("[id^=postmessage_]")
    label = floor.get_text(strip=True) if floor else ""
    exact = when.select_one("span[title]") if when else None
    stats = {}
    for cell in root.select("div.tns th, div.tns td"):
        value = cell.select_one("p")
        if value is not None:
            shown = value.get_text(strip=True)
            title = value.select_one("span[title]")
            stats[cell.get_text(strip=True).replace(shown, "")] = title["title"] if title else shown
    text = ""
    if message is not None:
        for noise in message.select("font.jammer, script, style, div.quote, i.pstatus, div.tip, div.a_pr"):
            noise.decompose()
        for span in message.select("span[style]"):
            if "display:none" in span.get("style", "").replace(" ", ""):
                span.decompose()
        lines = (line.strip() for line in message.get_text("\n").split("\n"))
        text = "\n".join(line for line in lines if line)
    shown_time = exact["title"] if exact else (when.get_text(strip=True) if when else "")
    match = DATE.search(shown_time)
    return {
        "pid": pid,
        "floor": FLOOR_WORDS.get(label) or (int(re.sub(r"\D", "", label)) if re.sub(r"\D", "", label) else None),
        "author": name.get_text(strip=True) if name else None,
        "posted_at": match.group() if match else None,
        "stats": stats,
        "text": text,
    }
