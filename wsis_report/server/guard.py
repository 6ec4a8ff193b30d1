"""Who may use the page: the local computer, or whoever holds the token printed at start.

On 127.0.0.1 (the default), only programs on this computer can connect; a web page elsewhere
could still reach it through a name that it points at 127.0.0.1 ("DNS rebinding"), so a
request must also name the server as this computer does (``Host: 127.0.0.1:8000``). Any other
``--host`` needs a token: random, printed at start (or set in ``WSIS_REPORT_TOKEN``, at least
16 characters, or the server refuses to start), given in the address (``?token=…``, then kept
in a cookie and taken out of the address) or in an ``Authorization: Bearer`` header.
"""

from __future__ import annotations

import hmac
import os
import secrets
from typing import Callable

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
TOKEN_VARIABLE = "WSIS_REPORT_TOKEN"
SHORTEST_TOKEN = 16

# Plain HTML and a style sheet from the server itself: no script, frame, plug-in or
# outside resource is allowed, and no other site may frame the page.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class Refused(Exception):
    """The server must not start as asked."""


def needs_token(host: str) -> bool:
    return host not in LOCAL_HOSTS


def make_token(host: str) -> str | None:
    """The token this server asks for, or None on the local computer."""
    if not needs_token(host):
        return None
    given = os.environ.get(TOKEN_VARIABLE)
    if given is None:
        return secrets.token_urlsafe(24)
    if len(given) < SHORTEST_TOKEN:
        raise Refused(f"{TOKEN_VARIABLE} is {len(given)} characters long; a token that guards "
                      f"a server on {host} needs at least {SHORTEST_TOKEN}. Unset it and a "
                      "random one is made.")
    return given


def local_names(port: int) -> set[str]:
    """What a browser on this computer writes in the Host header for this server."""
    names = {f"{h}:{port}" for h in ("127.0.0.1", "localhost")} | {f"[::1]:{port}"}
    return names | ({"127.0.0.1", "localhost", "[::1]"} if port == 80 else set())


def same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def bearer(header: str | None) -> str | None:
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


class Access:
    """Decides, for each request, whether it may go on: ``verdict`` returns None to let it,
    or (status, reason) to refuse it."""

    def __init__(self, port: int, token: str | None) -> None:
        self.token, self.names = token, (local_names(port) if token is None else None)

    def verdict(self, host_header: str, query_token: str | None, cookie: str | None,
                authorization: str | None) -> tuple[int, str] | None:
        if self.names is not None and host_header.lower() not in self.names:
            return 400, "This server answers only to the address it printed when it started."
        if self.token is None:
            return None
        if any(same(t, self.token) for t in (query_token, cookie, bearer(authorization))):
            return None
        if query_token is None and cookie is None and authorization is None:
            return 401, ("This page needs the address with its token, as printed when the "
                         "server started (…/?token=…).")
        return 403, ("The token is wrong. Use the address printed when the server started, "
                     "with its token.")


def secure(set_header: Callable[[str, str], None]) -> None:
    for name, value in HEADERS.items():
        set_header(name, value)
