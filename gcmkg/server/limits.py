"""The limits that keep the endpoint up, and the error every refusal raises.

``EndpointError`` carries the HTTP status and a one-line message meant for the client; the app
turns it into a plain-text response. Nothing here touches the store.

>>> Limits().timeout
5.0
>>> str(EndpointError(413, "request body over 1048576 bytes"))
'request body over 1048576 bytes'
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from starlette.requests import Request

from gcmkg.errors import GcmkgError


class EndpointError(GcmkgError):
    """A request the endpoint refuses or cannot answer: an HTTP status, a message, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Limits:
    """Per-query time limit (seconds), result rows, request body bytes, and whether SERVICE may call out."""

    timeout: float = 5.0
    max_rows: int = 10_000
    max_body: int = 1_048_576
    allow_service: bool = False


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to be over ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise EndpointError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise EndpointError(413, f"request body of {declared} bytes is over the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise EndpointError(413, f"request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def check_token(request: Request, token: str | None) -> None:
    """Let the request write only if it carries ``Authorization: Bearer <token>`` for the configured token.

    No token configured: writes are off (403). No or malformed header: 401. Wrong token: 403.
    """
    if not token:
        raise EndpointError(403, "this server does not accept writes; start it with --update-token "
                                 "(or GCMKG_UPDATE_TOKEN) to allow them")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise EndpointError(401, "writes need the header 'Authorization: Bearer <token>'",
                            {"WWW-Authenticate": 'Bearer realm="gcmkg"'})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise EndpointError(403, "the bearer token is not the one this server was started with")
