"""FetchSettings: every field checked, with an error naming the field and the value."""

from __future__ import annotations

import http.cookiejar
from dataclasses import fields
from pathlib import Path
from typing import Any

import httpx
import pytest

from discuz_extract import DiscuzError, FetchSettings, InvalidSettings, extract_thread
from discuz_extract._fetching import settings as settings_module

NAN, INF = float("nan"), float("inf")
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
