"""Conditional GET: an `ETag` on documents a slow link fetches again and again.

A client that already holds the document sends `If-None-Match` and gets a bodiless 304.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from fastapi import Request, Response

# Private: the assessment is the learner's own state, and it changes as he answers.
PRIVATE_REVALIDATE = "private, no-cache"
# Content served by this server version never changes under the same id.
PUBLIC_CONTENT = "public, max-age=86400"


def _render(doc: Mapping[str, Any]) -> bytes:
    # The same rendering as Starlette's JSONResponse.
    return json.dumps(
        doc, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = [candidate.strip() for candidate in if_none_match.split(",")]
    # Weak comparison (RFC 9110 §13.1.2): a "W/" prefix does not matter for a GET.
    current = etag.removeprefix("W/")
    return any(
        candidate == "*" or candidate.removeprefix("W/") == current for candidate in candidates
    )


def client_has_current(request: Request, etag: str) -> bool:
    """Whether the request's If-None-Match names `etag`: answer `not_modified` then."""
    return _matches(request.headers.get("if-none-match"), etag)


def not_modified(etag: str, *, cache_control: str) -> Response:
    """The bodiless 304 for a client whose copy is current."""
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache_control})


def conditional_json(request: Request, doc: Mapping[str, Any], *, cache_control: str) -> Response:
    """200 with the document and its ETag, or 304 when the client's copy is current."""
    body = _render(doc)
    etag = entity_tag(body)
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
