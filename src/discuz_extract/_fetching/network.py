"""How private a network address is, and the resolver that tells it for a host name.

A redirect may not move to a more private network than the start URL's: from a public
address to a private one (RFC 1918, CGNAT, unique-local IPv6), a link-local one (cloud
metadata at 169.254.169.254) or this machine (loopback, unspecified). IPv4 hidden in IPv6
(mapped ``::ffff:a.b.c.d``, 6to4, NAT64 ``64:ff9b::/96``) counts as the IPv4 it carries, and
the numeric host forms a resolver accepts (``2130706433``, ``0x7f.1``) as what they mean.
"""

from __future__ import annotations

import enum
import ipaddress
import socket

import anyio

_IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")


class Scope(enum.IntEnum):
    """Network scopes, from the most public to the most private."""

    PUBLIC = 0
    PRIVATE = 1
    LINK_LOCAL = 2
    LOCAL = 3  # this machine: loopback or unspecified


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_scope(address: str) -> Scope:
    """The scope of an IP address text (an IPv6 zone such as ``%eth0`` is ignored)."""
    ip: _IP = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_v4(ip)) is not None:
        ip = inner
    if ip.is_unspecified or ip.is_loopback or (isinstance(ip, ipaddress.IPv4Address) and ip in _THIS_NETWORK):
        return Scope.LOCAL
    if ip.is_link_local:
        return Scope.LINK_LOCAL
    return Scope.PUBLIC if ip.is_global else Scope.PRIVATE


def numeric_host(host: str) -> str | None:
    """The address a numeric host stands for, without any DNS lookup; ``None`` for a name."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    if bare and all(c in "0123456789abcdefxABCDEFX." for c in bare):
        try:
            return socket.inet_ntoa(socket.inet_aton(bare))  # the forms inet_aton accepts: 127.1, 0x7f.1
        except OSError:
            return None
    return None


class Resolver:
    """Host names to addresses (the twins' I/O); an empty list when the name does not resolve.

    ``FetchContext.resolver`` holds the one the fetch uses; tests swap in a ``StaticResolver``.
    """

    def resolve(self, host: str, port: int) -> list[str]:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return []
        return [str(info[4][0]) for info in infos]

    async def aresolve(self, host: str, port: int) -> list[str]:
        try:
            infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return []
        return [str(info[4][0]) for info in infos]


class StaticResolver(Resolver):
    """Names from a table (``{"bbs.example.cn": ["93.184.216.34"]}``), no DNS; unknown names
    do not resolve. ``localhost`` is 127.0.0.1 and ::1 unless the table says otherwise."""

    def __init__(self, table: dict[str, list[str]] | None = None) -> None:
        self.table = {"localhost": ["127.0.0.1", "::1"], **(table or {})}

    def resolve(self, host: str, port: int) -> list[str]:
        return list(self.table.get(host.lower().rstrip("."), []))

    async def aresolve(self, host: str, port: int) -> list[str]:
        return self.resolve(host, port)


def scope_of(addresses: list[str], *, most_private: bool) -> Scope | None:
    """The scope of a host from its addresses: the most private one (for a redirect target)
    or the most public one (for the start); ``None`` when there is none."""
    scopes = [address_scope(a) for a in addresses]
    if not scopes:
        return None
    return max(scopes) if most_private else min(scopes)
