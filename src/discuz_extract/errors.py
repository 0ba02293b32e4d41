"""One exception hierarchy for everything discuz-extract raises.

``DiscuzError`` is the root. Parsing errors say what the page *is* (a gate page, a
challenge, not Discuz at all); fetch errors carry the URL, the HTTP status and how many
attempts were made.
"""

from __future__ import annotations

from typing import Any


class DiscuzError(Exception):
    """Base class of every error raised by discuz-extract."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return f"{self.message} ({self.url})" if self.url else self.message


# --- parsing -------------------------------------------------------------------------


class ParseError(DiscuzError):
    """The input could not be read as a Discuz page."""


class DecodeError(ParseError):
    """The bytes could not be decoded in any plausible charset."""


class NotDiscuzPage(ParseError):
    """The page carries none of the markers a Discuz thread page has."""


class NotAThreadPage(ParseError):
    """A Discuz page, but not a thread (a forum listing, a portal page, ...)."""

    def __init__(self, message: str, *, url: str | None = None, page_kind: str | None = None) -> None:
        super().__init__(message, url=url)
        self.page_kind = page_kind


class NotAForumPage(ParseError):
    """A Discuz page, but not a forum listing or forum index (a thread, a portal page, ...)."""

    def __init__(self, message: str, *, url: str | None = None, page_kind: str | None = None) -> None:
        super().__init__(message, url=url)
        self.page_kind = page_kind


class TruncatedRecord(ParseError):
    """A WARC record whose body was cut (``WARC-Truncated``, or shorter than its length): not
    parsed, because a cut page would pass for a whole one."""

    def __init__(self, message: str, *, url: str | None = None, reason: str | None = None) -> None:
        super().__init__(message, url=url)
        self.reason = reason


# --- gate pages: Discuz answered, but not with the thread ------------------------------


class GatePage(DiscuzError):
    """Discuz answered with a message page instead of the thread.

    ``site_message`` is the text Discuz showed (for example
    ``抱歉，指定的主题不存在或已被删除或正在被审核``); ``message_key`` is the language key
    when the page names it (the mobile API does).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        site_message: str | None = None,
        message_key: str | None = None,
    ) -> None:
        super().__init__(message, url=url)
        self.site_message = site_message
        self.message_key = message_key


class ThreadNotFound(GatePage):
    """The thread does not exist, was deleted, or is waiting for moderation."""


class PermissionDenied(GatePage):
    """The viewer's group may not read this forum or thread."""


class LoginRequired(PermissionDenied):
    """The page asks the viewer to log in (a login form, or a redirect to member.php)."""


class BoardClosed(GatePage):
    """The site is closed for maintenance."""


class AccessBanned(GatePage):
    """The viewer's IP address or account is banned."""


class ChallengePage(GatePage):
    """An anti-crawler interstitial: Discuz's antitheft script, its CC defence, or a WAF.

    It is detected and reported, never executed. ``challenge`` names the kind.
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        challenge: str = "unknown",
        site_message: str | None = None,
    ) -> None:
        super().__init__(message, url=url, site_message=site_message)
        self.challenge = challenge


# --- fetching ------------------------------------------------------------------------


class FetchError(DiscuzError):
    """A request failed after every retry."""

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.attempts = attempts


class ResponseTooLarge(FetchError):
    """The body went over ``FetchSettings.max_response_bytes``; reading stopped early."""


class TooManyRedirects(FetchError):
    """A redirect chain went over ``FetchSettings.max_redirects`` or looped."""


class DeadlineExceeded(FetchError):
    """A request went over ``FetchSettings.request_deadline`` (attempts, waits and redirects
    included): a server that answers too slowly, or drips its answer byte by byte."""


class BadResponse(FetchError):
    """The server's answer cannot be used: a redirect to an invalid or non-http(s) URL, a
    ``Content-Encoding`` that cannot be decoded (or stacked too deep). Not retried."""


class RedirectRefused(FetchError):
    """A redirect from the start URL's network to a more private one (private, loopback,
    link-local or unspecified addresses), refused unless ``allow_private_redirects``."""


class LeftThread(FetchError):
    """The answer is not the page asked for: a redirect to another thread, site, page or page
    kind, or a page whose content names another thread. Its posts are never merged.

    ``target`` is where the answer came from (the final URL, or the tid the page names).
    """

    def __init__(
        self, message: str, *, url: str | None = None, target: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.target = target


class LeftForum(LeftThread):
    """A listing's answer is not the page asked for: a redirect to another forum, site or page
    kind, or a listing whose content names another forum. Its rows are not taken."""


class UnexpectedError(DiscuzError):
    """Anything else a page, a header or a URL triggered while one page was fetched and parsed
    (a bug, or input no check foresaw), wrapped so it is typed: ``cause`` is the original
    exception (also ``__cause__``), and the message names its type."""

    def __init__(self, message: str, *, url: str | None = None, cause: BaseException | None = None) -> None:
        super().__init__(message, url=url)
        self.cause = cause


class RobotsDisallowed(DiscuzError):
    """The site's robots.txt disallows this URL (opt out with ``obey_robots=False``)."""


class InvalidThreadURL(DiscuzError, ValueError):
    """The URL is not one of the thread URL forms Discuz serves."""


class InvalidForumURL(DiscuzError, ValueError):
    """The URL is not one of the forum listing URL forms Discuz serves."""


class InvalidSettings(DiscuzError, ValueError):
    """A fetch setting has a value it cannot take (a negative delay, a header with a line break...).

    Raised by ``FetchSettings`` and by every call that takes settings as keywords. ``field``
    names the setting; ``value`` is the value refused.
    """

    def __init__(self, message: str, *, field: str, value: object) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class IncompleteThread(DiscuzError):
    """Raised by the streaming readers after the last post: some pages failed after retries.

    ``failures`` names each page, its URL and its error (``PageFailure`` models).
    """

    def __init__(self, message: str, *, url: str | None = None, failures: list[Any] | None = None) -> None:
        super().__init__(message, url=url)
        self.failures = failures or []

    @property
    def missing_pages(self) -> list[int]:
        return [f.page for f in self.failures]


class IncompleteForum(DiscuzError):
    """Raised by ``iter_forum`` after the last thread: some listing pages failed after retries
    (or a limit stopped the reading), so threads listed there may be missing.

    ``failures`` names each listing page, its URL and its error (``PageFailure`` models).
    """

    def __init__(self, message: str, *, url: str | None = None, failures: list[Any] | None = None) -> None:
        super().__init__(message, url=url)
        self.failures = failures or []

    @property
    def missing_pages(self) -> list[int]:
        return [f.page for f in self.failures]


class LimitExceeded(DiscuzError):
    """A configured limit (time per thread, ...) stopped the work."""
