"""The mobile API's listing and index JSON (``module=forumdisplay`` / ``module=forumindex``) (pure).

Read through small pydantic models: every scalar arrives as a string (``mobile_core``'s
``format()``), so numbers are coerced and ``""`` is ``None``. ``forum_threadlist[]``
(``api/4/sub_threadlist.php``) gives exact epoch times (``dbdateline``, ``dblastpost``), the
sticky level (``displayorder``), digest, special, type and price, but never the closed state
or the page count. A moved row's ``tid`` is the target thread (``icontid``) and its counts
are ``-``. Version 1 (still served by some sites) has no displayorder, special or type.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from .._decoding import load_json
from .._text import bounded, normalize_line, to_int
from .._time import make_timezone, parse_absolute
from ..errors import NotAForumPage, ParseError
from ..models import (
    ForumCategory,
    ForumIndex,
    ForumPage,
    ForumSummary,
    PageKind,
    SiteInfo,
    ThreadSpecial,
    ThreadSummary,
)
from . import vocab_forum as V
from .gates import classify_message

SPECIALS = {
    1: ThreadSpecial.POLL,
    2: ThreadSpecial.TRADE,
    3: ThreadSpecial.REWARD,
    4: ThreadSpecial.ACTIVITY,
    5: ThreadSpecial.DEBATE,
}


def _int(value: object) -> int | None:
    """Discuz's string scalars: ``"12"`` -> 12; ``""``, ``"-"``, ``null`` -> None."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return bounded(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return to_int(value)
    return None


def _str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    return text if text.strip() else None


Int = Annotated[int | None, BeforeValidator(_int)]
Str = Annotated[str | None, BeforeValidator(_str)]


def _rows(value: object) -> object:
    """A PHP array with gaps in its keys is encoded as an object: keep its values."""
    return list(value.values()) if isinstance(value, dict) else value


def _types(value: object) -> object:
    return value if isinstance(value, dict) else {}


def _object(value: object) -> object:
    return value if isinstance(value, dict) else None


class _Api(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ApiThread(_Api):
    tid: Int = None
    author: Str = None
    authorid: Int = None
    subject: Str = None
    dbdateline: Int = None
    dateline: Str = None
    dblastpost: Int = None
    lastpost: Str = None
    lastposter: Str = None
    views: Str = None
    replies: Str = None
    displayorder: Int = None
    digest: Int = None
    special: Int = None
    typeid: Int = None
    attachment: Int = None
    price: Int = None
    readperm: Int = None
    replycredit: Int = None
    rushreply: Int = None


class ApiForum(_Api):
    fid: Int = None
    fup: Int = None
    name: Str = None
    description: Str = None
    threads: Int = None
    posts: Int = None
    todayposts: Int = None
    threadcount: Int = None
    redirect: Str = None
    sublist: Annotated[list[ApiForum], BeforeValidator(_rows)] = []


class ApiThreadTypes(_Api):
    types: Annotated[dict[int, str], BeforeValidator(_types)] = {}


class ApiCategory(_Api):
    fid: Int = None
    name: Str = None
    forums: Annotated[list[Int], BeforeValidator(_rows)] = []


class ApiVariables(_Api):
    forum: ApiForum | None = None
    forum_threadlist: Annotated[list[ApiThread], BeforeValidator(_rows)] | None = None
    sublist: Annotated[list[ApiForum], BeforeValidator(_rows)] = []
    threadtypes: Annotated[ApiThreadTypes | None, BeforeValidator(_object)] = None
    tpp: Int = None
    page: Int = None
    catlist: Annotated[list[ApiCategory], BeforeValidator(_rows)] | None = None
    forumlist: Annotated[list[ApiForum], BeforeValidator(_rows)] | None = None
    postlist: list[object] | None = None  # a viewthread response


class ApiMessage(_Api):
    messageval: Str = None
    messagestr: Str = None


class ApiResponse(_Api):
    Version: Str = None
    Charset: Str = None
    Variables: ApiVariables | None = None
    Message: ApiMessage | None = None
    error: Str = None


def load(text: str, url: str | None) -> ApiResponse:
    """The response, or the gate error it carries (``Message`` with no data, ``{"error": ...}``)."""
    try:
        data = load_json(text)
        response = ApiResponse.model_validate(data)
    except (ValueError, RecursionError, ValidationError) as exc:  # JSONDecodeError is a ValueError
        raise ParseError(f"invalid mobile API JSON: {exc}", url=url) from exc
    if response.error is not None and response.Variables is None:
        raise classify_message(response.error, url=url, key=response.error)
    return response


def _gate(response: ApiResponse, url: str | None) -> None:
    message = response.Message
    if message is not None and (message.messageval or message.messagestr):
        key = message.messageval or ""
        raise classify_message(message.messagestr or key, url=url, key=key)


def _site(response: ApiResponse, url: str | None, tz: timezone | None) -> SiteInfo:
    offset = tz.utcoffset(None) if tz is not None else None
    return SiteInfo(
        software=V.SOFTWARE,
        charset=(response.Charset or "").lower() or None,
        url=url.split(V.API_BASE, 1)[0] if url and V.API_BASE in url else None,
        utc_offset=offset.total_seconds() / 3600 if offset is not None else None,
    )


def _timezone(rows: list[ApiThread]) -> timezone | None:
    """The site's offset: a row's absolute ``lastpost`` text minus its epoch ``dblastpost``."""
    for row in rows:
        for shown, epoch in ((row.lastpost, row.dblastpost), (row.dateline, row.dbdateline)):
            text = (shown or "").replace(V.NBSP_ENTITY, " ")
            if epoch is None or not V.CLOCK.search(text):
                continue
            local = parse_absolute(text, timezone.utc)
            if local is not None:
                delta = local - datetime.fromtimestamp(epoch, timezone.utc).replace(second=0)
                return timezone(timedelta(minutes=round(delta.total_seconds() / 900) * 15))
    return None


def parse_forum_api(text: str, *, url: str | None) -> ForumPage:
    response = load(text, url)
    variables = response.Variables or ApiVariables()
    if variables.forum_threadlist is None:
        _gate(response, url)
        raise _not_listing(variables, url)
    rows = variables.forum_threadlist
    tz = _timezone(rows)
    zone = tz or make_timezone(None)
    forum = variables.forum or ApiForum()
    types = variables.threadtypes.types if variables.threadtypes is not None else None
    count = forum.threadcount
    page_count = max(1, math.ceil(count / variables.tpp)) if count is not None and variables.tpp else None
    page = variables.page or 1
    # Discuz answers a page past the end with page 1's rows, but echoes the page asked for
    page = 1 if page_count is not None and page > page_count else page
    return ForumPage(
        kind=PageKind.API,
        url=url,
        fid=forum.fid,
        name=forum.name,
        description=forum.description,
        page=page,
        page_count=page_count,
        thread_count=forum.threads,
        thread_types=types,
        sub_forums=[_forum(sub) for sub in variables.sublist],
        threads=[_row(row, zone, types or {}) for row in rows],
        site=_site(response, url, tz),
    )


def _not_listing(variables: ApiVariables, url: str | None) -> NotAForumPage:
    kind = V.KIND_INDEX if variables.catlist is not None else _other_kind(variables)
    return NotAForumPage("a mobile API response without a thread list", url=url, page_kind=kind)


def _other_kind(variables: ApiVariables) -> str | None:
    return V.KIND_THREAD if variables.postlist is not None else None


def _row(row: ApiThread, tz: timezone, types: dict[int, str]) -> ThreadSummary:
    moved = row.views == V.API_MOVED and row.replies == V.API_MOVED
    created = datetime.fromtimestamp(row.dbdateline, tz) if row.dbdateline is not None else None
    anonymous = row.authorid == 0 if row.authorid is not None else None
    return ThreadSummary(
        tid=None if moved else row.tid,
        title=normalize_line(row.subject) if row.subject else None,
        type_id=row.typeid or None,
        type_name=types.get(row.typeid) if row.typeid else None,
        author=None if anonymous else row.author,
        author_uid=row.authorid or None,
        anonymous=anonymous,
        created_at=created,
        created_on=created.date() if created is not None else _day(row.dateline, tz),
        replies=None if moved else _int(row.replies),
        views=None if moved else _int(row.views),
        last_post_at=datetime.fromtimestamp(row.dblastpost, tz) if row.dblastpost is not None else None,
        last_poster=row.lastposter,
        sticky=row.displayorder if row.displayorder is None or row.displayorder >= 0 else None,
        digest=row.digest,
        moved=moved,
        moved_to=row.tid if moved else None,
        special=SPECIALS.get(row.special) if row.special is not None else None,
        has_attachment=row.attachment > 0 if row.attachment is not None else None,
        has_image=row.attachment == 2 if row.attachment is not None else None,
        price=row.price if row.price and row.special != 3 and row.price > 0 else None,
        reward=row.price if row.special == 3 and row.price and row.price > 0 else None,
        reward_solved=(row.price is not None and row.price < 0) if row.special == 3 else None,
        read_permission=row.readperm,
        reply_credit=row.replycredit,
        rush_reply=row.rushreply == 1 if row.rushreply is not None else None,
    )


def _day(text: str | None, tz: timezone) -> date | None:
    shown = parse_absolute((text or "").replace(V.NBSP_ENTITY, " "), tz)
    return shown.date() if shown is not None else None


def _forum(forum: ApiForum) -> ForumSummary:
    return ForumSummary(
        fid=forum.fid,
        name=forum.name,
        description=forum.description,
        threads=forum.threads,
        posts=forum.posts,
        today_posts=forum.todayposts,
        sub_forums=[_forum(sub) for sub in forum.sublist],
    )


def parse_index_api(text: str, *, url: str | None) -> ForumIndex:
    response = load(text, url)
    variables = response.Variables or ApiVariables()
    if variables.catlist is None or variables.forumlist is None:
        _gate(response, url)
        kind = V.KIND_LISTING if variables.forum_threadlist is not None else _other_kind(variables)
        raise NotAForumPage("a mobile API response without a forum index", url=url, page_kind=kind)
    forums = {forum.fid: forum for forum in variables.forumlist}
    categories = [
        ForumCategory(
            gid=cat.fid,
            name=cat.name,
            forums=[_forum(forums[fid]) for fid in cat.forums if fid is not None and fid in forums],
        )
        for cat in variables.catlist
    ]
    return ForumIndex(kind=PageKind.API, url=url, categories=categories, site=_site(response, url, None))
