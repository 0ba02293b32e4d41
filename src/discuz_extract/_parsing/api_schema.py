"""The mobile API's JSON as pydantic models, as loose as the API itself (pure).

Discuz serialises its database rows as they are: every scalar is a string in practice, but a
build or a plugin may send a number, ``""``, ``null`` or nothing. The annotated types below
coerce each value once (``ApiInt``, ``ApiText``, ...) so that the parser reads typed fields,
and a value of the wrong kind becomes "unknown" rather than an error. Unknown keys are
ignored. The one shape the models refuse is a post that is not an object: the parser turns
that ``ValidationError`` into a ``ParseError``.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .._text import bounded, parse_int


def to_int(value: object) -> int | None:
    """A JSON number, or the first integer in a string; None for ``""``, null, booleans, garbage
    and numbers too large to be an id or a count."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return bounded(value)
    if isinstance(value, float):
        return bounded(int(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        return parse_int(value)
    return None


def to_text(value: object) -> str | None:
    """A non-empty string as given, a JSON number as its digits; None for ``""`` and the rest."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def to_html(value: object) -> str | None:
    """A message body: any string, even ``""`` (an empty post still has a body); else None."""
    return value if isinstance(value, str) else None


def to_flag(value: object) -> bool:
    """Discuz's ``"0"``/``"1"`` switches: on for "1" (or a JSON 1 or true), off for anything else."""
    return value in (1, "1")


def to_image_flag(value: object) -> bool:
    """``isimage``: "0", "" or null is a file; anything else ("1", and "-1" too) an image."""
    return value not in (None, "", "0", 0)


def _error_text(value: object) -> str:
    return to_text(value) or ""


def _object(value: object) -> object:
    """A nested object, or an empty one in place of anything else (PHP sends ``[]`` for none)."""
    return value if isinstance(value, dict) else {}


def _object_or_none(value: object) -> object:
    return value if isinstance(value, dict) else None


def _nonempty_object(value: object) -> object:
    return value if isinstance(value, dict) and value else None


def _objects_by_key(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        return {}
    return {str(key): item for key, item in value.items() if isinstance(item, dict)}


def _posts(value: object) -> object:
    """A list stays; nothing (null, ``""``, ``[]``, ``{}``) is no posts; anything else is None."""
    if isinstance(value, list):
        return value
    return [] if not value else None


def _labels(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [label if isinstance(label, str) else "" for label in value]


def _texts(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [text for text in map(to_text, value) if text is not None]


def _present(value: object) -> bool:
    return True


ApiInt = Annotated[int | None, BeforeValidator(to_int)]
ApiText = Annotated[str | None, BeforeValidator(to_text)]
ApiHtml = Annotated[str | None, BeforeValidator(to_html)]
ApiFlag = Annotated[bool, BeforeValidator(to_flag)]
ApiTexts = Annotated[list[str], BeforeValidator(_texts)]


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ApiAttachment(ApiModel):
    """One of a post's ``attachments``, keyed by aid."""

    aid: ApiInt = None
    url: ApiText = None  # the attachment folder (relative or absolute) ...
    attachment: ApiText = None  # ... and the file's path inside it
    filename: ApiText = None
    attachsize: ApiText = None  # as shown: "356.12 KB"
    filesize: ApiText = None  # bytes
    downloads: ApiInt = None
    isimage: Annotated[bool, BeforeValidator(to_image_flag)] = False
    imgalt: ApiText = None


class ApiPost(ApiModel):
    """An item of ``postlist``."""

    pid: ApiInt = None
    tid: ApiInt = None
    number: ApiText = None  # the floor ...
    position: ApiText = None  # ... under its other name (either may be missing)
    first: ApiFlag = False
    author: ApiText = None
    username: ApiText = None
    authorid: ApiInt = None
    groupid: ApiInt = None
    anonymous: ApiFlag = False
    subject: ApiText = None
    dateline: ApiText = None  # as shown: absolute, or relative with &nbsp;
    dbdateline: ApiInt = None  # epoch seconds
    message: ApiHtml = None  # missing from some special threads' first post (trade)
    attachments: Annotated[dict[str, ApiAttachment], BeforeValidator(_objects_by_key)] = Field(default_factory=dict)
    imagelist: ApiTexts = Field(default_factory=list)  # aids of the images among the attachments


class ApiThread(ApiModel):
    tid: ApiInt = None
    fid: ApiInt = None
    subject: ApiText = None
    views: ApiInt = None
    replies: ApiInt = None  # the pages are counted from this one ...
    allreplies: ApiInt = None  # ... the page reports this one (they differ on a v1 trade thread)


class ApiForum(ApiModel):
    name: ApiText = None


class ApiVariables(ApiModel):
    thread: Annotated[ApiThread, BeforeValidator(_object)] = Field(default_factory=ApiThread)
    forum: Annotated[ApiForum, BeforeValidator(_object)] = Field(default_factory=ApiForum)
    fid: ApiInt = None
    ppp: ApiInt = None  # posts per page
    # [] when absent or empty; None when it is there but not a list
    postlist: Annotated[list[ApiPost] | None, BeforeValidator(_posts)] = Field(default_factory=list)
    # the site's names of the first floors, by floor number; index 0 is the "#" of the others
    cache_custominfo_postno: Annotated[list[str], BeforeValidator(_labels)] = Field(default_factory=list)
    # the key alone tells a forumdisplay (thread listing) response
    is_listing: Annotated[bool, BeforeValidator(_present)] = Field(default=False, alias="forum_threadlist")


class ApiMessage(ApiModel):
    messageval: ApiText = None  # the language key: "thread_nonexistence"
    messagestr: ApiText = None  # the text, or the key again with a "mobile:" prefix


class ApiEnvelope(ApiModel):
    version: ApiText = Field(default=None, alias="Version")
    charset: ApiText = Field(default=None, alias="Charset")
    # a key that is there but not an object leaves None, as a missing one does
    variables: Annotated[ApiVariables | None, BeforeValidator(_object_or_none)] = Field(default=None, alias="Variables")
    # an empty object is no message
    message: Annotated[ApiMessage | None, BeforeValidator(_nonempty_object)] = Field(default=None, alias="Message")
    error: Annotated[str | None, BeforeValidator(_error_text)] = None

    @property
    def bare_error(self) -> str | None:
        """The text of a bare ``{"error": ...}`` reply (one without a ``Variables`` key), else None."""
        return None if self.error is None or "variables" in self.model_fields_set else self.error
