"""FetchSettings: every field checked, with an error naming the field and the value."""

from __future__ import annotations

import http.cookiejar
import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import httpx
import pytest
import typing_extensions

from discuz_extract import (
    UNSET,
    DiscuzError,
    FetchOptions,
    FetchSettings,
    InvalidSettings,
    aextract_thread,
    aiter_pages,
    aiter_posts,
    extract_thread,
    iter_pages,
    iter_posts,
)
from discuz_extract._fetching import settings as settings_module
from discuz_extract._fetching.settings import Unset
from discuz_extract.cli import build_parser, main
from discuz_extract.cli._threads import settings_from

from .conftest import fixture_bytes

NAN, INF = float("nan"), float("inf")
FAST = FetchSettings(delay=0, backoff=0.001, backoff_max=0.002, max_attempts=2, obey_robots=False)
SECRET = "s3cr3t"

# every field, with values it cannot take
INVALID: dict[str, list[Any]] = {
    "timeout": [0, -1, NAN, INF, "20", None, True],
    "max_attempts": [0, -3, 1.5, "4", None, True],
    "backoff": [-0.1, NAN, INF, "0.5", None],
    "backoff_max": [-1, NAN, "10", None],
    "retry_after_max": [-1, NAN, -INF, None],
    "retry_total_seconds": [-1, NAN, [], None],
    "delay": [-1, -0.001, NAN, INF, "1", None, False],
    "concurrency": [0, -1, 2.0, None, True],
    "user_agent": ["", "   ", "ua\r\nX-Injected: 1", "ua\n", "ua\0", None, 42],
    "cookies": [42, ["a", "b"], b"cookies.txt", "", {"": "v"}, {"a b": "v"}, {"a=b": "v"}, {1: "v"}, {"sid": 1}],
    "max_response_bytes": [0, -1, 1.0, None],
    "max_pages": [0, -1, 2.5, "3", True],
    "max_redirects": [-1, 1.0, None],
    "thread_time_limit": [0, -1, NAN, "60"],
    "headers": [None, [("A", "b")], {"A": 1}, {1: "b"}, {"": "b"}, {"X Y": "b"}, {"X:": "b"}, {"A": "b\r\nC: d"}],
    "via": ["mobile", "Desktop", "", None, 1],
    "obey_robots": [1, 0, "yes", None],
    "request_deadline": [0, -1, NAN, INF, "60", None, True],
    "max_page_count": [0, -1, 2.5, None, True],
    "allow_private_redirects": [1, 0, "yes", None],
}
SECRET_VALUES: dict[str, Any] = {
    "cookies": {"sid": f"{SECRET}\r\nX: y", "auth": f"{SECRET};"},
    "headers": {"Authorization": f"Bearer {SECRET}\n"},
}
VALID: dict[str, list[Any]] = {
    "timeout": [0.001, 5],
    "max_attempts": [1],
    "backoff": [0, 0.0],
    "backoff_max": [0, INF],
    "retry_after_max": [0, INF],
    "retry_total_seconds": [0, INF],
    "delay": [0],
    "concurrency": [1, 64],
    "user_agent": ["x"],
    "cookies": [
        None,
        {},
        {"sid": "v", "k8Hq_2132_auth": "a%2Fb"},
        "cookies.txt",
        Path("c.txt"),
        http.cookiejar.CookieJar(),
    ],
    "max_response_bytes": [1],
    "max_pages": [1, None],
    "max_redirects": [0],
    "thread_time_limit": [None, 0.001, INF],
    "headers": [{}, {"X-Requested-With": "XMLHttpRequest", "Referer": "http://h/"}],
    "via": ["desktop", "printable", "archiver", "api"],
    "obey_robots": [True, False],
    "request_deadline": [0.001, 120],
    "max_page_count": [1, 10**9],
    "allow_private_redirects": [True, False],
}


def test_the_tables_cover_every_field() -> None:
    names = {f.name for f in fields(FetchSettings)}
    assert set(INVALID) == names and set(VALID) == names
    assert set(settings_module._CHECKS) == names  # every field has its check


@pytest.mark.parametrize(("name", "value"), [(n, v) for n, values in INVALID.items() for v in values])
def test_every_invalid_value_is_refused_naming_the_field(name: str, value: Any) -> None:
    with pytest.raises(InvalidSettings) as caught:
        FetchSettings(**{name: value})
    error = caught.value
    assert error.field == name and error.value is value
    assert f"FetchSettings.{name} " in str(error)
    if name not in ("cookies", "headers") or not isinstance(value, dict):
        assert repr(value) in str(error) or type(value).__name__ in str(error)


@pytest.mark.parametrize(("name", "value"), list(SECRET_VALUES.items()))
def test_secret_values_stay_out_of_the_message(name: str, value: Any) -> None:
    with pytest.raises(InvalidSettings) as caught:
        FetchSettings(**{name: value})
    assert caught.value.field == name and SECRET not in str(caught.value)


@pytest.mark.parametrize(("name", "value"), [(n, v) for n, values in VALID.items() for v in values])
def test_valid_values_are_kept(name: str, value: Any) -> None:
    assert getattr(FetchSettings(**{name: value}), name) is value


def test_invalid_settings_is_a_discuz_error_and_a_value_error() -> None:
    assert issubclass(InvalidSettings, DiscuzError) and issubclass(InvalidSettings, ValueError)


def test_defaults_are_valid_and_documented() -> None:
    FetchSettings()
    doc = FetchSettings.__doc__ or ""
    for item in fields(FetchSettings):
        assert f"        {item.name}: " in doc, item.name


def test_a_bad_keyword_setting_raises_before_any_request() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be made")

    with pytest.raises(InvalidSettings) as caught:
        extract_thread(
            "http://h/thread-1-1-1.html", client=httpx.Client(transport=httpx.MockTransport(handler)), delay=-1
        )
    assert caught.value.field == "delay"


# --- replace, UNSET and the keyword options -------------------------------------------------


def test_replace_applies_none() -> None:
    limited = FetchSettings(max_pages=3, thread_time_limit=60.0, cookies={"sid": "v"})
    assert limited.replace(max_pages=None).max_pages is None
    assert limited.replace(thread_time_limit=None).thread_time_limit is None
    assert limited.replace(cookies=None).cookies is None
    assert limited.replace(max_pages=5, delay=0.5) == FetchSettings(
        max_pages=5, delay=0.5, thread_time_limit=60.0, cookies={"sid": "v"}
    )


def test_unset_leaves_a_field_as_it_is() -> None:
    limited = FetchSettings(max_pages=3, delay=0.25)
    assert limited.replace(max_pages=UNSET, delay=UNSET) == limited
    assert limited.replace(max_pages=UNSET, delay=2.0) == FetchSettings(max_pages=3, delay=2.0)
    assert repr(UNSET) == "UNSET"


def test_replace_checks_the_copy_and_the_names() -> None:
    with pytest.raises(InvalidSettings) as caught:
        FetchSettings().replace(max_redirects=-1)
    assert caught.value.field == "max_redirects"
    with pytest.raises(TypeError, match="'dealy'; did you mean 'delay'"):
        FetchSettings().replace(dealy=1)  # type: ignore[call-arg]
    assert not hasattr(FetchSettings, "with_overrides")


def test_fetch_options_has_exactly_the_fields_of_fetch_settings() -> None:
    options = typing_extensions.get_type_hints(FetchOptions)
    settings = typing.get_type_hints(FetchSettings)
    assert list(options) == list(settings)  # the same names, in the same order
    assert not FetchOptions.__required_keys__
    for name, kind in settings.items():
        assert members(options[name]) == members(kind) | {Unset}, name


def members(kind: Any) -> set[Any]:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return {m for arg in typing.get_args(kind) for m in members(arg)}
    return {kind}


@pytest.mark.parametrize("call", [extract_thread, aextract_thread, iter_pages, aiter_pages, iter_posts, aiter_posts])
def test_the_public_calls_take_every_option_as_a_keyword(call: Callable[..., Any]) -> None:
    hints = typing_extensions.get_type_hints(call, include_extras=True)
    assert hints["options"] == typing_extensions.Unpack[FetchOptions]
    assert hints["settings"] == FetchSettings | None
    parameters = inspect.signature(call).parameters
    assert parameters["options"].kind is inspect.Parameter.VAR_KEYWORD
    assert "max_pages" not in parameters  # a setting like any other, None included


def three_pages(seen: list[str]) -> httpx.Client:
    rich = [fixture_bytes(f"rich.desktop.p{n}.gbk.html") for n in (1, 2, 3)]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        page = int(request.url.path.split("-")[2])
        return httpx.Response(200, content=rich[page - 1], headers={"Content-Type": "text/html; charset=gbk"})

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_a_keyword_none_resets_the_settings_value() -> None:
    url, one_page = "http://bbs.example.cn/thread-2048-1-1.html", FAST.replace(max_pages=1)
    seen: list[str] = []
    assert extract_thread(url, client=three_pages(seen), settings=one_page, max_pages=None).complete
    assert len(seen) == 3
    assert extract_thread(url, client=three_pages(seen), settings=one_page, max_pages=UNSET).skipped_pages == [2, 3]
    assert len(seen) == 4
    pages = [r.page for r in iter_pages(url, client=three_pages(seen), settings=one_page, max_pages=None)]
    assert pages == [1, 2, 3]


def test_the_cli_leaves_options_not_given_unset() -> None:
    ns = build_parser().parse_args(["http://h/thread-1-1-1.html"])
    assert ns.max_pages is UNSET and ns.delay is UNSET and ns.cookies is UNSET
    assert settings_from(ns) == FetchSettings()
    ns = build_parser().parse_args(
        ["http://h/thread-1-1-1.html", "--max-pages", "2", "--delay", "0", "--cookies", "c.txt"]
    )
    assert settings_from(ns) == FetchSettings(max_pages=2, delay=0.0, cookies=Path("c.txt"))


@pytest.mark.parametrize(
    "option", [["--delay", "-1"], ["--concurrency", "0"], ["--max-pages", "0"], ["--timeout", "0"]]
)
def test_a_bad_cli_option_is_a_usage_error_that_leaves_the_output_alone(
    option: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "threads.json"
    out.write_text("kept\n")
    with pytest.raises(SystemExit) as caught:
        main(["http://h/thread-1-1-1.html", *option, "--format", "json", "-o", str(out)])
    assert caught.value.code == 2
    assert "FetchSettings." in capsys.readouterr().err
    assert out.read_text() == "kept\n"  # not truncated
