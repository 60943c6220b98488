"""Which addresses newstrace connects to: public ones only, unless the user allows others (SSRF).

The check is made where connections are opened (:class:`CheckedBackend`, httpcore's network backend), on the
very addresses connected to: every redirect hop and robots.txt request goes through it, and a name that resolves
to a public address when checked and a private one a moment later (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

import httpcore

from .urls import FetchFailed, FetchSettings

# The kinds of address never connected to unless allowed, most telling first, as messages name them ("10.0.0.1 is
# a private address"); any other address that is not global (100.64.0.0/10, say) is "a non-public" one.
NON_PUBLIC = {
    "loopback": "a loopback",
    "link_local": "a link-local",
    "multicast": "a multicast",
    "unspecified": "an unspecified",
    "reserved": "a reserved",
    "private": "a private",
}


class CheckedBackend(httpcore.SyncBackend):
    """Opens connections only to public addresses (or those the settings allow), and to the very address checked,
    so a name that resolves elsewhere a moment later (DNS rebinding) gains nothing."""

    def __init__(self, settings: FetchSettings):
        self.allow_all = settings.allow_private
        self.allowed = tuple(ipaddress.ip_network(n) for n in settings.allowed_networks)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchFailed(f"cannot resolve host {host} ({getattr(exc, 'strerror', None) or exc})") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in found))
        for address in addresses:
            if not self.allow_all and (why := address_refusal(address, self.allowed)):
                shown = host if host == address else f"{host} ({address})"
                raise FetchFailed(f"refused: {shown} is {why} address (--allow-private fetches it)")
        error: Exception = FetchFailed(f"cannot resolve host {host}")
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error


def address_refusal(address: str, allowed: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network] = ()) -> str | None:
    """Why newstrace will not connect to ``address`` ("a loopback"), or None for a public one (or one in
    ``allowed``). IPv4 addresses written as IPv6 (``::ffff:10.0.0.1``) are judged as IPv4."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in allowed):
        return None
    for kind, named in NON_PUBLIC.items():
        if getattr(ip, f"is_{kind}"):
            return named
    return None if ip.is_global else "a non-public"
