"""Base of the typed resource namespaces (`client.users`, `client.orga`, `client.admin`…).

A namespace is bound to one space: its calls carry that space's token and audience headers.
Adding one is a small file: subclass `SpaceResource`, set `space`, write one method per
route with `self._get(...)` / `self._post(...)` and `document.one(Model)` / `.many(Model)`
/ `.page(Model)`, then attach it in `PixClient.__init__`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from api_client._core import ApiCore
from api_client.errors import NoSessionError, UnexpectedResponseError
from api_client.jsonapi import Document
from api_client.spaces import Space


class SpaceResource:
    """A group of routes called from one space."""

    space: ClassVar[Space]

    def __init__(self, core: ApiCore) -> None:
        self._core = core

    @property
    def _user_id(self) -> int:
        """The logged-in user's id (routes like `/prescribers/{userId}` need it)."""
        session = self._core.session
        if session is None or not session.has(self.space):
            raise NoSessionError(self.space)
        return session.user_id

    async def _get(
        self, path: str, *, params: Mapping[str, Any] | None = None, authenticated: bool = True
    ) -> Document:
        """GET a JSON:API document (retried on network failures and 502/503/504/429)."""
        document = await self._core.send_document(
            "GET", path, space=self.space, params=params, authenticated=authenticated
        )
        if document is None:
            raise UnexpectedResponseError(f"GET {path} answered an empty body")
        return document

    async def _post(
        self,
        path: str,
        body: Any = None,
        *,
        idempotency_key: str | None = None,
        authenticated: bool = True,
    ) -> Document | None:
        """POST a JSON:API document; retried only with an idempotency key (or if unsent)."""
        return await self._core.send_document(
            "POST",
            path,
            space=self.space,
            json=body,
            idempotency_key=idempotency_key,
            authenticated=authenticated,
        )

    async def _put(self, path: str, body: Any = None) -> Document | None:
        """PUT a JSON:API document (idempotent, so retried)."""
        return await self._core.send_document("PUT", path, space=self.space, json=body)

    async def _patch(
        self, path: str, body: Any = None, *, idempotency_key: str | None = None
    ) -> Document | None:
        """PATCH a JSON:API document; retried only with an idempotency key (or if unsent)."""
        return await self._core.send_document(
            "PATCH", path, space=self.space, json=body, idempotency_key=idempotency_key
        )

    async def _delete(self, path: str, body: Any = None) -> Document | None:
        """DELETE a resource (idempotent, so retried)."""
        return await self._core.send_document("DELETE", path, space=self.space, json=body)
