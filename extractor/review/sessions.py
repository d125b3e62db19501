"""Server-side sessions of the review queue (ASGI middleware). The cookie carries one random token and nothing else:
no user name, no password fingerprint, no CSRF token (all of that stays on the server, `accounts.py`).

    ServerSessionMiddleware(app, accounts=…, secret=…, max_age=…, secure=None)

API requests with an `Authorization` header (bearer tokens, api.py) pass through untouched: no session.

For each request `scope["session"]` is the session's data (a dict, what `request.session` returns) and
`scope["review.session"]` a `SessionInfo`: the token, the signed-in user name (None for a signed-out browser)
and what the handlers asked for — `sign_in(info, token)` after a correct password, `signed_out(info)` after
sign-out. A signed-out browser gets a token too (set on its first visit) from which the CSRF token of the
sign-in form is derived (`auth.anonymous_csrf`); nothing is stored for it.

The cookie is HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over HTTPS — directly, or through a
trusted proxy's `X-Forwarded-Proto: https` (`extract review --behind-proxy`) — or always with `secure=True`
(`extract review --secure-cookies`).
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser

from .accounts import TOKEN_RE, Accounts
from .auth import anonymous_csrf

SESSION_COOKIE = "karmayogi_review"


@dataclass
class SessionInfo:
    token: str
    username: str | None
    loaded: str = ""                     # the data as loaded (JSON), to see whether a handler changed it
    fresh: bool = False                  # the browser had no usable cookie: one is set on this response
    new_token: str | None = None         # signed in on this request: this token replaces the cookie
    ended: bool = False                  # signed out on this request: a new signed-out token replaces it
    data: dict = field(default_factory=dict)


def sign_in(info: SessionInfo, token: str) -> None:
    info.new_token = token


def signed_out(info: SessionInfo) -> None:
    info.ended = True


def _cookie_token(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            token = cookie_parser(value.decode("latin-1")).get(SESSION_COOKIE)
            if token and TOKEN_RE.match(token):
                return token
    return None


def _bearer_api(scope) -> bool:
    """An API request that names its reviewer with `Authorization` (api.py): no session, no cookie, so a cookie
    sent alongside can neither help nor hurt it."""
    return scope["path"].startswith("/api/") and any(name == b"authorization" for name, _ in scope.get("headers", ()))


class ServerSessionMiddleware:
    def __init__(self, app, *, accounts: Accounts, secret: str, max_age: int, secure: bool | None = None) -> None:
        self.app, self.accounts, self.secret, self.max_age, self.secure = app, accounts, secret, max_age, secure

    def _set_cookie(self, headers: MutableHeaders, scope, token: str, *, persistent: bool) -> None:
        parts = [f"{SESSION_COOKIE}={token}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if persistent:
            parts.append(f"Max-Age={int(self.max_age)}")
        if self.secure or (self.secure is None and scope.get("scheme") == "https"):
            parts.append("Secure")
        headers.append("set-cookie", "; ".join(parts))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/static/") or _bearer_api(scope):
            return await self.app(scope, receive, send)
        token = _cookie_token(scope)
        loaded = await run_in_threadpool(self.accounts.load_session, token) if token else None
        if loaded is not None:
            data = loaded["data"]
            info = SessionInfo(token=token, username=loaded["username"])
        else:
            fresh = token is None
            if fresh:
                token = secrets.token_urlsafe(32)
            data = {"csrf": anonymous_csrf(self.secret, token)}
            info = SessionInfo(token=token, username=None, fresh=fresh)
        info.data = data
        info.loaded = json.dumps(data, sort_keys=True)
        scope["session"] = data
        scope["review.session"] = info

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if info.new_token:
                    self._set_cookie(headers, scope, info.new_token, persistent=True)
                elif info.ended:
                    self._set_cookie(headers, scope, secrets.token_urlsafe(32), persistent=False)
                else:
                    if info.username and json.dumps(data, sort_keys=True) != info.loaded:
                        await run_in_threadpool(self.accounts.save_session_data, info.token, data)
                    if info.fresh:
                        self._set_cookie(headers, scope, info.token, persistent=False)
            await send(message)

        await self.app(scope, receive, send_with_cookie)
