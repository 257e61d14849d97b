"""The one JSON:API codec of the client, for the dialect Pix produces (jsonapi-serializer).

Reading: `Document.parse(body)` accepts `data` as an object, an array or null, with optional
`included` and `meta`. `document.one(Model)`, `.many(Model)` and `.page(Model)` turn resource
objects into typed `Resource` models: attributes become fields (kebab-case keys, snake_case
names), relationships given by linkage are replaced by the linked resources found in
`included` (recursively), and lazy relationships (`links.related` only) are kept in
`Resource.related_links` so the caller can GET them later.

Writing: `encode_document(...)` builds a request document from a strict `RequestModel` and
`ResourceRef` relationships.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from api_client.errors import UnexpectedResponseError
from api_client.pagination import Page, PageMeta

TYPE_KEY = "@type"
"""Where the JSON:API `type` goes in a flattened resource: `type` is often an attribute."""
LINKS_KEY = "@links"
"""Where lazy relationship links go in a flattened resource."""

MAX_DEPTH = 6
"""How deep linkage is followed; deeper resources stay as `{id, @type}` stubs."""


def to_kebab(name: str) -> str:
    """`first_name` → `first-name`: Pix attribute keys are kebab-case."""
    return name.replace("_", "-")


class Resource(BaseModel):
    """Base of every response model: lenient, so an older client survives a newer server.

    Unknown attributes are kept (`extra="allow"`), a missing attribute reads as None (declare
    fields with a None default), numeric ids are read as strings.
    """

    model_config = ConfigDict(
        alias_generator=to_kebab,
        populate_by_name=True,
        extra="allow",
        coerce_numbers_to_str=True,
    )

    id: str
    resource_type: str | None = Field(default=None, alias=TYPE_KEY)
    related_links: dict[str, str] = Field(default_factory=dict, alias=LINKS_KEY)

    def related(self, relationship: str) -> str | None:
        """The URL to GET to load a lazy relationship (e.g. `"profile"`), if the server gave one."""
        return self.related_links.get(relationship)


class RequestModel(BaseModel):
    """Base of request attribute models: strict, so a typo or a wrong type fails here."""

    model_config = ConfigDict(
        alias_generator=to_kebab,
        populate_by_name=True,
        extra="forbid",
        strict=True,
    )


R = TypeVar("R", bound=Resource)


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """A resource identifier: `{"type": ..., "id": ...}` (Pix accepts numeric ids in requests)."""

    type: str
    id: str | int

    def to_json(self) -> dict[str, Any]:
        """The identifier object as sent in a relationship."""
        return {"type": self.type, "id": self.id}


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a resource object.

    `has_data` tells linkage (`data` given, possibly null) from a lazy link (no `data`).
    """

    has_data: bool
    data: ResourceRef | list[ResourceRef] | None
    related: str | None


@dataclass(frozen=True, slots=True)
class ResourceObject:
    """A raw resource object of a document."""

    type: str
    id: str | None
    attributes: Mapping[str, Any]
    relationships: Mapping[str, Relationship]

    @classmethod
    def parse(cls, raw: Any) -> ResourceObject:
        """Read one resource object; raises UnexpectedResponseError on a wrong shape."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("type"), str):
            raise UnexpectedResponseError("JSON:API resource object without a type")
        raw_id = raw.get("id")
        attributes = raw.get("attributes")
        attributes = {} if attributes is None else attributes
        relationships = raw.get("relationships")
        relationships = {} if relationships is None else relationships
        if not isinstance(attributes, Mapping) or not isinstance(relationships, Mapping):
            raise UnexpectedResponseError("JSON:API resource object with malformed members")
        return cls(
            type=raw["type"],
            id=None if raw_id is None else str(raw_id),
            attributes=dict(attributes),
            relationships={
                str(name): _parse_relationship(value) for name, value in relationships.items()
            },
        )

    @property
    def key(self) -> tuple[str, str | None]:
        """`(type, id)`, how linkage finds this object."""
        return (self.type, self.id)


class Document:
    """A parsed JSON:API response document."""

    def __init__(
        self,
        data: ResourceObject | list[ResourceObject] | None,
        included: Sequence[ResourceObject] = (),
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        self.data = data
        self.included: tuple[ResourceObject, ...] = tuple(included)
        self.meta: dict[str, Any] = dict(meta or {})
        primary = data if isinstance(data, list) else ([data] if data else [])
        # Linkage may point at primary data too, not only at `included`.
        self._index: dict[tuple[str, str | None], ResourceObject] = {
            obj.key: obj for obj in (*primary, *self.included)
        }

    @classmethod
    def parse(cls, body: Any) -> Document:
        """Read a decoded JSON body; raises UnexpectedResponseError if it is not JSON:API."""
        if not isinstance(body, Mapping) or "data" not in body:
            raise UnexpectedResponseError("response is not a JSON:API document")
        raw_data = body["data"]
        data: ResourceObject | list[ResourceObject] | None
        if raw_data is None:
            data = None
        elif isinstance(raw_data, list):
            data = [ResourceObject.parse(item) for item in raw_data]
        else:
            data = ResourceObject.parse(raw_data)
        raw_included = body.get("included") or []
        raw_meta = body.get("meta") or {}
        if not isinstance(raw_included, list) or not isinstance(raw_meta, Mapping):
            raise UnexpectedResponseError("JSON:API document with malformed included or meta")
        return cls(data, [ResourceObject.parse(item) for item in raw_included], raw_meta)

    def find(self, type_: str, id_: str | int) -> ResourceObject | None:
        """The resource object of the document with this type and id, if present."""
        return self._index.get((type_, str(id_)))

    def flatten(self, obj: ResourceObject) -> dict[str, Any]:
        """One resource as a plain dict: attributes, resolved linkage, id, type and links."""
        return self._flatten(obj, frozenset(), 0)

    def one(self, model: type[R]) -> R:
        """The primary data as one `model`; raises if `data` is null or an array."""
        if not isinstance(self.data, ResourceObject):
            raise UnexpectedResponseError("expected one resource, got " + _describe(self.data))
        return _validate(model, self.flatten(self.data))

    def optional(self, model: type[R]) -> R | None:
        """The primary data as one `model`, or None when `data` is null."""
        return None if self.data is None else self.one(model)

    def many(self, model: type[R]) -> list[R]:
        """The primary data as a list of `model`; raises unless `data` is an array."""
        if not isinstance(self.data, list):
            raise UnexpectedResponseError(
                "expected a list of resources, got " + _describe(self.data)
            )
        return [_validate(model, self.flatten(obj)) for obj in self.data]

    def page(self, model: type[R]) -> Page[R]:
        """The primary data as a `Page` of `model`, with the pagination `meta`.

        Without pagination keys in `meta`, the list is taken as one complete page.
        """
        items = self.many(model)
        fallback = {"page": 1, "pageSize": len(items), "rowCount": len(items), "pageCount": 1}
        try:
            meta = PageMeta.model_validate({**fallback, **self.meta})
        except pydantic.ValidationError as exc:
            raise UnexpectedResponseError(f"malformed pagination meta: {exc}") from exc
        return Page(items=items, meta=meta)

    def _flatten(
        self, obj: ResourceObject, visiting: frozenset[tuple[str, str | None]], depth: int
    ) -> dict[str, Any]:
        flat: dict[str, Any] = dict(obj.attributes)
        flat["id"] = obj.id
        flat[TYPE_KEY] = obj.type
        links: dict[str, str] = {}
        inner = visiting | {obj.key}
        for name, relationship in obj.relationships.items():
            if relationship.related is not None:
                links[name] = relationship.related
            # An attribute of the same name wins: it is what the serializer meant to expose.
            if not relationship.has_data or name in obj.attributes:
                continue
            if isinstance(relationship.data, list):
                flat[name] = [self._resolve(ref, inner, depth) for ref in relationship.data]
            elif relationship.data is None:
                flat[name] = None
            else:
                flat[name] = self._resolve(relationship.data, inner, depth)
        flat[LINKS_KEY] = links
        return flat

    def _resolve(
        self, ref: ResourceRef, visiting: frozenset[tuple[str, str | None]], depth: int
    ) -> dict[str, Any]:
        key = (ref.type, str(ref.id))
        target = self._index.get(key)
        # A cycle (a membership's organisation listing its memberships) or a resource that
        # is not included stays an identifier stub: enough for the model's `id`.
        if target is None or key in visiting or depth >= MAX_DEPTH:
            return {"id": str(ref.id), TYPE_KEY: ref.type, LINKS_KEY: {}}
        return self._flatten(target, visiting, depth + 1)


def encode_document(
    *,
    type_: str | None = None,
    id_: str | int | None = None,
    attributes: RequestModel | Mapping[str, Any] | None = None,
    relationships: Mapping[str, ResourceRef | Sequence[ResourceRef] | None] | None = None,
    partial: bool = False,
) -> dict[str, Any]:
    """Build a JSON:API request document `{"data": {...}}`.

    `partial=True` sends only the attributes that were explicitly set on the model (PATCH).
    Members that are not given are left out, as the Pix front-ends do (the organisation
    switch sends `relationships` only).
    """
    data: dict[str, Any] = {}
    if type_ is not None:
        data["type"] = type_
    if id_ is not None:
        data["id"] = str(id_)
    if attributes is not None:
        if isinstance(attributes, RequestModel):
            data["attributes"] = attributes.model_dump(
                by_alias=True, mode="json", exclude_unset=partial
            )
        else:
            data["attributes"] = dict(attributes)
    if relationships is not None:
        data["relationships"] = {
            name: {"data": _encode_linkage(value)} for name, value in relationships.items()
        }
    return {"data": data}


def _encode_linkage(value: ResourceRef | Sequence[ResourceRef] | None) -> Any:
    if value is None:
        return None
    if isinstance(value, ResourceRef):
        return value.to_json()
    return [ref.to_json() for ref in value]


def _parse_relationship(raw: Any) -> Relationship:
    if not isinstance(raw, Mapping):
        return Relationship(has_data=False, data=None, related=None)
    links = raw.get("links")
    related = links.get("related") if isinstance(links, Mapping) else None
    if isinstance(related, Mapping):  # JSON:API allows a link object {href, meta}
        related = related.get("href")
    if not isinstance(related, str):
        related = None
    if "data" not in raw:
        return Relationship(has_data=False, data=None, related=related)
    raw_data = raw["data"]
    data: ResourceRef | list[ResourceRef] | None
    if raw_data is None:
        data = None
    elif isinstance(raw_data, list):
        data = [_parse_identifier(item) for item in raw_data]
    else:
        data = _parse_identifier(raw_data)
    return Relationship(has_data=True, data=data, related=related)


def _parse_identifier(raw: Any) -> ResourceRef:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("type"), str) or "id" not in raw:
        raise UnexpectedResponseError("JSON:API relationship with a malformed identifier")
    return ResourceRef(type=raw["type"], id=str(raw["id"]))


def _validate(model: type[R], flat: dict[str, Any]) -> R:
    try:
        return model.model_validate(flat)
    except pydantic.ValidationError as exc:
        raise UnexpectedResponseError(
            f"{flat.get(TYPE_KEY)} {flat.get('id')} does not fit {model.__name__}: {exc}"
        ) from exc


def _describe(data: ResourceObject | list[ResourceObject] | None) -> str:
    if data is None:
        return "null"
    return "an array" if isinstance(data, list) else "one resource"
