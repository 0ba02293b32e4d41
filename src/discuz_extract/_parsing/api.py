"""The mobile API's JSON (``api/mobile/index.php?module=viewthread``, versions 1 to 5) (pure).

All scalars are strings. ``postlist[]`` gives pid, ``number`` (floor), ``dbdateline``
(epoch seconds: exact times) and the message as HTML without jammer. Errors come as
``Message.messageval`` or a bare ``{"error": ...}``.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

from .._text import normalize_line, parse_int
from .._time import parse_absolute
from ..errors import GatePage, NotAThreadPage, ParseError
from ..models import Attachment, Author, ForumRef, Image, PageKind, Post, PostStatus, SiteInfo, ThreadPage
from .common import apply_message, floor_from_label, fragment, status_from_notice
from .gates import classify_message

JSONP = re.compile(r"^\s*[\w.$]+\s*\((.*)\)\s*;?\s*$", re.S)


def looks_json(text: str) -> bool:
    head = text.lstrip()[:200]
    return head.startswith("{") or bool(re.match(r"^[\w.$]+\s*\(\s*\{", head))


def load(text: str, url: str | None) -> dict[str, Any]:
    m = JSONP.match(text)
    try:
        data = json.loads(m.group(1) if m else text)
    except (json.JSONDecodeError, ValueError) as exc:
        raise ParseError(f"invalid mobile API JSON: {exc}", url=url) from exc
    if not isinstance(data, dict):
        raise ParseError("mobile API JSON is not an object", url=url)
    return data


def parse_api(text: str, *, url: str | None) -> ThreadPage:
    data = load(text, url)
    if "error" in data and "Variables" not in data:
        raise classify_message(str(data["error"]), url=url, key=str(data["error"]))
    variables = data.get("Variables")
    if not isinstance(variables, dict):
        raise ParseError("mobile API JSON without Variables", url=url)
    if "forum_threadlist" in variables:
        raise NotAThreadPage("a mobile API forumdisplay response, not a thread", url=url, page_kind="forumdisplay")
    postlist = variables.get("postlist") or []
    message = _dict(data.get("Message"))
    if not postlist and message:
        raise _gate(message, url)
    if not isinstance(postlist, list) or not postlist:
        raise NotAThreadPage("a mobile API response without posts", url=url)
    thread = _dict(variables.get("thread"))
    tz = _site_timezone(postlist)
    base = _site_base(url)
    posts = [_post(item, tz=tz, base=base, labels=variables.get("cache_custominfo_postno")) for item in postlist]
    ppp = parse_int(str(variables.get("ppp") or "")) or len(posts)
    replies = parse_int(str(thread.get("replies") or ""))
    fid = parse_int(str(variables.get("fid") or thread.get("fid") or ""))
    forum = _dict(variables.get("forum"))
    return ThreadPage(
        kind=PageKind.API,
        url=url,
        tid=parse_int(str(thread.get("tid") or postlist[0].get("tid") or "")),
        title=thread.get("subject") or None,
        forum=ForumRef(fid=fid, name=forum.get("name") or None) if fid else None,
        views=parse_int(str(thread.get("views") or "")),
        replies=parse_int(str(thread.get("allreplies") or thread.get("replies") or "")),
        page=_page_from_url(url),
        page_count=max(1, math.ceil((replies + 1) / ppp)) if replies is not None and ppp else None,
        site=SiteInfo(
            software="Discuz!",
            charset=str(data.get("Charset") or "").lower() or None,
            url=base,
            utc_offset=tz.utcoffset(None).total_seconds() / 3600 if tz is not None and tz.utcoffset(None) else None,
        ),
        posts=posts,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _gate(message: dict[str, Any], url: str | None) -> GatePage:
    key = str(message.get("messageval") or "")
    text = str(message.get("messagestr") or key)
    return classify_message(text, url=url, key=key)


def _site_timezone(postlist: list[Any]) -> timezone | None:
    """The site offset, from a post whose ``dateline`` is absolute: text time minus epoch time."""
    for item in postlist:
        if not isinstance(item, dict) or not item.get("dbdateline"):
            continue
        shown = parse_absolute(str(item.get("dateline") or "").replace("&nbsp;", " "), timezone.utc)
        if shown is not None and shown.second == datetime.fromtimestamp(int(item["dbdateline"]), timezone.utc).second:
            delta = shown - datetime.fromtimestamp(int(item["dbdateline"]), timezone.utc)
            return timezone(timedelta(minutes=round(delta.total_seconds() / 60)))
    return None


def _site_base(url: str | None) -> str | None:
    if not url or "api/mobile" not in url:
        return None
    return url.split("api/mobile", 1)[0]


def _page_from_url(url: str | None) -> int:
    m = re.search(r"[?&]page=(\d+)", url or "")
    return int(m.group(1)) if m else 1


def _post(item: dict[str, Any], *, tz: timezone | None, base: str | None, labels: Any) -> Post:
    zone = tz or timezone(timedelta(hours=8))
    number = str(item.get("number") or item.get("position") or "")
    post = Post(
        pid=parse_int(str(item.get("pid") or "")),
        floor=floor_from_label(number + "#") if number else None,
        floor_label=_label(number, labels),
        is_first=str(item.get("first")) == "1",
        subject=normalize_line(str(item.get("subject") or "")) or None,
        posted_at_text=normalize_line(str(item.get("dateline") or "").replace("&nbsp;", " ")) or None,
    )
    if item.get("dbdateline"):
        post.posted_at = datetime.fromtimestamp(int(item["dbdateline"]), zone)
    post.author = _author(item)
    message = item.get("message")
    if isinstance(message, str):
        message = _undo_double_escape(message)
        status = status_from_notice(normalize_line(fragment(message).text())) if len(message) < 300 else None
        if status in (PostStatus.BLOCKED, PostStatus.PASSWORD, PostStatus.PAID, PostStatus.AUTHOR_ONLY):
            post.status, post.status_text = status, normalize_line(fragment(message).text())
        else:
            apply_message(post, fragment(message), tz=zone, base=base)
    _attachments(item, post, base)
    return post


DOUBLE_ESCAPED = re.compile(r"&amp;(?:amp|lt|gt|quot|nbsp|#\d+);")


def _undo_double_escape(message: str) -> str:
    """Some API builds escape the entities of the message HTML once more (``&amp;amp;``)."""
    return message.replace("&amp;", "&") if DOUBLE_ESCAPED.search(message) else message


def _label(number: str, labels: Any) -> str | None:
    if not number.isdigit():
        return None
    n = int(number)
    if isinstance(labels, list) and 0 < n < len(labels) and isinstance(labels[n], str) and labels[n].strip():
        return str(labels[n])
    return f"{n}#"


def _author(item: dict[str, Any]) -> Author | None:
    name = str(item.get("author") or item.get("username") or "")
    uid = parse_int(str(item.get("authorid") or ""))
    if not name and not uid:
        return None
    anonymous = str(item.get("anonymous")) == "1" or (name == "匿名" and not uid)
    return Author(
        uid=uid or None,
        name=name or None,
        group_id=parse_int(str(item.get("groupid") or "")) or None,
        is_anonymous=anonymous,
    )


def _attachments(item: dict[str, Any], post: Post, base: str | None) -> None:
    attachments = item.get("attachments")
    if not isinstance(attachments, dict):
        return
    inline = {i.aid for i in post.images}
    for aid_text, info in attachments.items():
        if not isinstance(info, dict):
            continue
        aid = parse_int(str(info.get("aid") or aid_text))
        url = str(info.get("url") or "") + str(info.get("attachment") or "")
        absolute = urljoin(base, url) if base and url else (url or None)
        post.attachments.append(
            Attachment(
                name=info.get("filename") or None,
                url=absolute,
                size=info.get("attachsize") or (f"{info['filesize']} Bytes" if info.get("filesize") else None),
                aid=aid,
                downloads=parse_int(str(info.get("downloads") or "")),
            )
        )
        if str(info.get("isimage")) not in ("0", "", "None") and absolute and aid not in inline:
            post.images.append(Image(url=absolute, aid=aid, alt=info.get("imgalt") or None))
