"""The mobile API models coerce what Discuz sends (strings, numbers, "", null, garbage, nothing)
and the parser turns every shape into a ThreadPage or its typed error, never another exception."""

from __future__ import annotations

import json
import re

import pytest

from discuz_extract import parse_page
from discuz_extract._parsing.api_schema import (
    ApiAttachment,
    ApiEnvelope,
    ApiPost,
    ApiVariables,
    to_flag,
    to_html,
    to_image_flag,
    to_int,
    to_text,
)
from discuz_extract.errors import GatePage, LoginRequired, NotAThreadPage, NotDiscuzPage, ParseError, ThreadNotFound

from .conftest import fixture_bytes

POST = {"pid": "9", "tid": "7", "number": "2", "author": "alice", "authorid": "5", "dbdateline": "1700000000"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (42, 42), ("-1", -1), ("", None), (None, None), ("garbage", None), (True, None), (1.9, 1)],
)
def test_int(value: object, expected: int | None) -> None:
    assert to_int(value) == expected


@pytest.mark.parametrize(("value", "expected"), [([1], None), ({"a": 1}, None), (float("nan"), None), ("1,234", 1234)])
def test_int_of_odd_values(value: object, expected: int | None) -> None:
    assert to_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("abc", "abc"), (" ", " "), ("", None), (None, None), (12, "12"), (False, None), ([], None)]
)
def test_text(value: object, expected: str | None) -> None:
    assert to_text(value) == expected


def test_html_keeps_an_empty_body() -> None:
    assert to_html("") == "" and to_html("<b>x</b>") == "<b>x</b>"
    assert to_html(None) is None and to_html(3) is None


@pytest.mark.parametrize(("value", "expected"), [("1", True), (1, True), (True, True), ("0", False), ("", False)])
def test_flag(value: object, expected: bool) -> None:
    assert to_flag(value) is expected
    assert to_flag(None) is False and to_flag("yes") is False


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("-1", True), (1, True), ("0", False), (0, False)])
def test_image_flag(value: object, expected: bool) -> None:
    assert to_image_flag(value) is expected
    assert to_image_flag("") is False and to_image_flag(None) is False
    assert ApiAttachment.model_validate({}).isimage is False


def test_post_fields_from_strings_numbers_and_nothing() -> None:
    post = ApiPost.model_validate(POST)
    assert (post.pid, post.tid, post.number, post.authorid, post.dbdateline) == (9, 7, "2", 5, 1700000000)
    numeric = ApiPost.model_validate({k: int(v) if v.isdigit() else v for k, v in POST.items()})
    assert numeric == post
    empty = ApiPost.model_validate({k: "" for k in POST})
    assert (empty.pid, empty.number, empty.author, empty.dbdateline) == (None, None, None, None)
    assert ApiPost.model_validate({k: None for k in POST}) == empty


def test_missing_message_is_none_and_an_empty_one_is_kept() -> None:
    assert ApiPost.model_validate(POST).message is None
    assert ApiPost.model_validate({**POST, "message": ""}).message == ""
    assert ApiPost.model_validate({**POST, "message": ["x"]}).message is None


def test_unknown_keys_are_ignored() -> None:
    post = ApiPost.model_validate({**POST, "memberstatus": "0", "groupiconid": None, "nested": {"a": [1]}})
    assert post == ApiPost.model_validate(POST)


def test_attachments_keep_only_objects() -> None:
    post = ApiPost.model_validate({**POST, "attachments": {"3": {"aid": "3", "isimage": "1"}, "4": "junk"}})
    assert list(post.attachments) == ["3"] and post.attachments["3"].isimage
    assert ApiPost.model_validate({**POST, "attachments": []}).attachments == {}


def test_nested_objects_of_the_wrong_kind_are_empty() -> None:
    variables = ApiVariables.model_validate({"thread": [], "forum": "x", "cache_custominfo_postno": "x"})
    assert variables.thread.tid is None and variables.forum.name is None
    assert variables.cache_custominfo_postno == []
    labels = ApiVariables.model_validate({"cache_custominfo_postno": ["#", "a", 3, None]}).cache_custominfo_postno
    assert labels == ["#", "a", "", ""]


@pytest.mark.parametrize(
    ("value", "expected"), [(None, []), ("", []), ({}, []), ([], []), ({"1": {}}, None), (5, None)]
)
def test_postlist_states(value: object, expected: list[ApiPost] | None) -> None:
    assert ApiVariables.model_validate({"postlist": value}).postlist == expected
    assert ApiVariables.model_validate({}).postlist == []


def test_listing_is_told_by_the_key_alone() -> None:
    assert ApiVariables.model_validate({"forum_threadlist": None}).is_listing
    assert not ApiVariables.model_validate({}).is_listing


def test_envelope_error_and_variables() -> None:
    assert ApiEnvelope.model_validate({"error": "user_banned"}).bare_error == "user_banned"
    assert ApiEnvelope.model_validate({"error": None}).bare_error == ""
    assert ApiEnvelope.model_validate({"error": "x", "Variables": None}).bare_error is None
    assert ApiEnvelope.model_validate({"Variables": []}).variables is None
    assert ApiEnvelope.model_validate({"Message": {}}).message is None
    envelope = ApiEnvelope.model_validate({"Version": 4, "Charset": "GBK", "Message": {"messageval": 0}})
    assert (envelope.version, envelope.charset) == ("4", "GBK")
    assert envelope.message is not None and envelope.message.messageval == "0"


def _page(data: object) -> bytes:
    """A response as mobile_core::result prints it: Version and Charset open the envelope."""
    if isinstance(data, dict) and "Variables" in data and "Version" not in data:
        data = {"Version": "4", "Charset": "UTF-8", **data}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _numeric(value: object) -> object:
    """Every digit string as a JSON number, recursively."""
    if isinstance(value, dict):
        return {k: _numeric(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numeric(v) for v in value]
    return int(value) if isinstance(value, str) and re.fullmatch(r"-?\d+", value) else value


@pytest.mark.parametrize("name", ["seed.api.json", "rich.api.p1.json", "rich.api.p2.json"])
def test_numbers_read_as_the_strings_do(name: str) -> None:
    data = json.loads(fixture_bytes(name))
    assert parse_page(_page(_numeric(data))) == parse_page(fixture_bytes(name))


def _thread(**post: object) -> bytes:
    return _page({"Variables": {"thread": {"tid": "7"}, "postlist": [{**POST, **post}]}})


@pytest.mark.parametrize("dbdateline", ["garbage", "", None, [1], "99999999999999999999", 1e300])
def test_bad_epochs_leave_the_time_unknown(dbdateline: object) -> None:
    post = parse_page(_thread(dbdateline=dbdateline, dateline="2024-1-2 03:04")).posts[0]
    assert post.posted_at is None and post.posted_at_text == "2024-1-2 03:04"


def test_an_epoch_a_year_off_the_shown_time_gives_no_site_offset() -> None:
    page = parse_page(_thread(dbdateline="4", dateline="2024-1-2 03:04:04"))
    assert page.site is not None and page.site.utc_offset is None


def test_a_post_without_message_still_parses() -> None:
    post = parse_page(_thread()).posts[0]
    assert post.pid == 9 and post.floor == 2 and post.text == ""
    assert post.author is not None and post.author.name == "alice"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"Version": "4"}, NotDiscuzPage),  # no Variables: sniff finds no mobile API envelope
        ({"Variables": "x"}, ParseError),
        ({"Variables": {"postlist": ["not a post"]}}, ParseError),
        ({"Variables": {"postlist": [None]}}, ParseError),
        ({"Variables": {}}, NotAThreadPage),
        ({"Variables": {"forum_threadlist": []}}, NotAThreadPage),
        ({"Variables": {"postlist": {"1": POST}}, "Message": {"messageval": "thread_nonexistence"}}, NotAThreadPage),
        ({"Variables": {"postlist": []}, "Message": {"messageval": "thread_nonexistence"}}, ThreadNotFound),
        ({"Variables": {"postlist": None}, "Message": {"messageval": "x//1", "messagestr": 5}}, LoginRequired),
        ({"Variables": {}, "Message": {"other": "1"}}, GatePage),
        ({"error": None}, NotDiscuzPage),  # a bare null error names no Discuz language key
    ],
)
def test_bad_shapes_end_in_typed_errors(data: object, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        parse_page(_page(data))
    assert type(caught.value) is error
