"""The mobile API's JSON (``api/mobile/index.php?module=viewthread``, versions 1 to 5) (pure).

The JSON is read through the models of ``api_schema``, which coerce its string scalars.
``postlist[]`` gives pid, ``number`` (floor), ``dbdateline`` (epoch seconds: exact times)
and the message as HTML without jammer. Errors come as ``Message.messageval`` or a bare
``{"error": ...}``.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin

from pydantic import ValidationError

from .._decoding import load_json
from .._text import normalize_line, parse_int, to_int
from .._time import parse_absolute
from .._vocab import ANONYMOUS
from ..errors import GatePage, NotAThreadPage, ParseError
from ..models import Attachment, Author, ForumRef, Image, PageKind, Post, PostStatus, SiteInfo, ThreadPage
from .api_schema import ApiAttachment, ApiEnvelope, ApiMessage, ApiPost, ApiVariables
from .common import apply_message, floor_from_label, fragment, status_from_notice
from .gates import classify_message

DOUBLE_ESCAPED = re.compile(r"&amp;(?:amp|lt|gt|quot|nbsp|#\d+);")
# times are shown in the site's zone; when no post tells it, Discuz's default (UTC+8)
DEFAULT_ZONE = timezone(timedelta(hours=8))
# notices that stand in place of a message the viewer may not read (short: checked below 300 chars)
LOCKED = (PostStatus.BLOCKED, PostStatus.PASSWORD, PostStatus.PAID, PostStatus.AUTHOR_ONLY)
NOTICE_MAX = 300


def load(text: str, url: str | None) -> ApiEnvelope:
    """The envelope of a JSON (or JSONP) reply; ``ParseError`` for anything unreadable."""
    try:
        data = load_json(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"invalid mobile API JSON: {exc}", url=url) from exc
    if not isinstance(data, dict):
        raise ParseError("mobile API JSON is not an object", url=url)
    try:
        return ApiEnvelope.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"])
        raise ParseError(f"mobile API JSON of an unexpected shape at {where}", url=url) from exc


def parse_api(text: str, *, url: str | None) -> ThreadPage:
    envelope = load(text, url)
    variables, items = _thread_variables(envelope, url)
    thread = variables.thread
    tz = _site_timezone(items)
    base = _site_base(url)
    posts = [_post(item, tz=tz, base=base, labels=variables.cache_custominfo_postno) for item in items]
    return ThreadPage(
        kind=PageKind.API,
        url=url,
        tid=_first_known(thread.tid, items[0].tid),
        title=thread.subject,
        forum=_forum(variables),
        views=thread.views,
        replies=_first_known(thread.allreplies, thread.replies),
        page=_page_number(url, posts, variables.ppp),
        page_count=_page_count(thread.replies, variables.ppp or len(posts)),
        site=_site(envelope.charset, base, tz),
        posts=posts,
    )


def _thread_variables(envelope: ApiEnvelope, url: str | None) -> tuple[ApiVariables, list[ApiPost]]:
    """The Variables of a thread page and its posts; any other reply raises what it stands for."""
    if envelope.bare_error is not None:
        raise classify_message(envelope.bare_error, url=url, key=envelope.bare_error)
    variables = envelope.variables
    if variables is None:
        raise ParseError("mobile API JSON without Variables", url=url)
    if variables.is_listing:
        raise NotAThreadPage("a mobile API forumdisplay response, not a thread", url=url, page_kind="forumdisplay")
    # no posts and a Message: the message is why (a postlist that is not a list is no reason)
    if variables.postlist == [] and envelope.message is not None:
        raise _gate(envelope.message, url)
    if not variables.postlist:
        raise NotAThreadPage("a mobile API response without posts", url=url)
    return variables, variables.postlist


def _gate(message: ApiMessage, url: str | None) -> GatePage:
    key = message.messageval or ""
    return classify_message(message.messagestr or key, url=url, key=key)


def _first_known(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _forum(variables: ApiVariables) -> ForumRef | None:
    fid = _first_known(variables.fid, variables.thread.fid)
    return ForumRef(fid=fid, name=variables.forum.name) if fid else None


def _page_count(replies: int | None, ppp: int) -> int | None:
    return max(1, math.ceil((replies + 1) / ppp)) if replies is not None and ppp else None


def _site(charset: str | None, base: str | None, tz: timezone | None) -> SiteInfo:
    offset = tz.utcoffset(None) if tz is not None else None
    return SiteInfo(
        software="Discuz!",
        charset=charset.lower() if charset else None,
        url=base,
        utc_offset=offset.total_seconds() / 3600 if offset else None,
    )


def _site_timezone(items: list[ApiPost]) -> timezone | None:
    """The site offset, from a post whose ``dateline`` is absolute: text time minus epoch time."""
    for item in items:
        exact = _epoch(item.dbdateline, timezone.utc)
        shown = parse_absolute(_shown_time(item.dateline), timezone.utc)
        if exact is None or shown is None or shown.second != exact.second:
            continue
        minutes = round((shown - exact).total_seconds() / 60)
        if abs(minutes) < 24 * 60:  # beyond that the two times are not the same moment
            return timezone(timedelta(minutes=minutes))
    return None


def _epoch(seconds: int | None, tz: timezone) -> datetime | None:
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz)
    except (OverflowError, OSError, ValueError):
        return None


def _shown_time(dateline: str | None) -> str:
    return (dateline or "").replace("&nbsp;", " ")


def _site_base(url: str | None) -> str | None:
    if not url or "api/mobile" not in url:
        return None
    return url.split("api/mobile", 1)[0]


def _page_number(url: str | None, posts: list[Post], per_page: int | None) -> int:
    """The page the URL asked for; without a URL, the page the first floor sits on."""
    m = _PAGE_IN_URL.search(url or "")
    if m and (asked := to_int(m.group(1))) is not None:
        return asked
    first = next((p.floor for p in posts if p.floor is not None and p.floor > 0), None)
    return (first - 1) // per_page + 1 if first is not None and per_page else 1


_PAGE_IN_URL = re.compile(r"[?&]page=(\d+)")


def _post(item: ApiPost, *, tz: timezone | None, base: str | None, labels: list[str]) -> Post:
    zone = tz or DEFAULT_ZONE
    number = item.number or item.position or ""
    post = Post(
        pid=item.pid,
        floor=floor_from_label(number + "#") if number else None,
        floor_label=_label(number, labels),
        is_first=item.first,
        subject=normalize_line(item.subject or "") or None,
        posted_at_text=normalize_line(_shown_time(item.dateline)) or None,
        posted_at=_epoch(item.dbdateline, zone),
        author=_author(item),
    )
    if item.message is not None:
        _read_message(post, item.message, tz=zone, base=base)
    _attachments(post, item.attachments, base)
    return post


def _read_message(post: Post, message: str, *, tz: timezone, base: str | None) -> None:
    """The message HTML into the post, or the status notice that stands in its place."""
    html = _undo_double_escape(message)
    node = fragment(html)
    notice = normalize_line(node.text()) if len(html) < NOTICE_MAX else None
    status = status_from_notice(notice) if notice is not None else None
    if status in LOCKED:
        post.status, post.status_text = status, notice
    else:
        apply_message(post, node, tz=tz, base=base)


def _undo_double_escape(message: str) -> str:
    """Some API builds escape the entities of the message HTML once more (``&amp;amp;``)."""
    return message.replace("&amp;", "&") if DOUBLE_ESCAPED.search(message) else message


def _label(number: str, labels: list[str]) -> str | None:
    n = to_int(number) if number.isdecimal() else None
    if n is None:
        return None
    if 0 < n < len(labels) and labels[n].strip():
        return labels[n]
    return f"{n}#"


def _author(item: ApiPost) -> Author | None:
    name = item.author or item.username
    uid = item.authorid
    if not name and not uid:
        return None
    return Author(
        uid=uid or None,
        name=name,
        group_id=item.groupid or None,
        is_anonymous=item.anonymous or (name == ANONYMOUS and not uid),
    )


def _attachments(post: Post, attachments: dict[str, ApiAttachment], base: str | None) -> None:
    """Each file; an image too, unless the message already shows it inline."""
    inline = {image.aid for image in post.images}
    for key, info in attachments.items():
        aid = _first_known(info.aid, parse_int(key))
        attachment = _attachment(info, aid, base)
        post.attachments.append(attachment)
        if info.isimage and attachment.url and aid not in inline:
            post.images.append(Image(url=attachment.url, aid=aid, alt=info.imgalt))


def _attachment(info: ApiAttachment, aid: int | None, base: str | None) -> Attachment:
    url = (info.url or "") + (info.attachment or "")
    return Attachment(
        name=info.filename,
        url=urljoin(base, url) if base and url else (url or None),
        size=info.attachsize or (f"{info.filesize} Bytes" if info.filesize else None),
        aid=aid,
        downloads=info.downloads,
    )
