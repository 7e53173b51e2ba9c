"""The record routes: list, create, get, update and delete for every record kind of
:data:`burdenshare.api.kinds.RECORD_KINDS`, built from its declaration."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter

from burdenshare.api.deps import PagingDep
from burdenshare.api.kinds import RECORD_KINDS, RecordKind
from burdenshare.api.models import Page
from burdenshare.api.params import PathId, QueryVersion
from burdenshare.api.routes.common import BASE, RecordsDep, data_of, guarded_router, page_of
from burdenshare.store.records import Records

KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD


def _signed(call: Callable[..., Any], *params: tuple[str, Any, Any]) -> Callable[..., Any]:
    """``call`` (taking keyword arguments) with the signature FastAPI reads its parameters from:
    (name, annotation, default) each, ``inspect.Parameter.empty`` for none."""
    call.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, KEYWORD, annotation=kind, default=d) for name, kind, d in params]
    )
    return call


def add_record_routes(router: APIRouter, kind: RecordKind) -> None:
    """The five routes of one record kind, in the order and with the names, parameters and
    answers the OpenAPI schema documents."""
    collection, item, key = f"/{kind.path}", f"/{kind.path}/{{{kind.key}}}", kind.key
    none = inspect.Parameter.empty
    scope = ("negotiation_id", PathId, none)
    store = ("records", RecordsDep, none)

    def list_(negotiation_id: int, records: Records, paging: Any, **filters: Any) -> Any:
        page = records.list(kind.model, negotiation_id, filters, paging.limit, paging.offset)
        return page_of(kind.read, page)

    def create(negotiation_id: int, body: Any, records: Records) -> Any:
        return kind.read.model_validate(records.create(kind.model, negotiation_id, data_of(body)))

    def get(negotiation_id: int, records: Records, **ids: int) -> Any:
        return kind.read.model_validate(records.get(kind.model, negotiation_id, ids[key]))

    def update(negotiation_id: int, body: Any, records: Records, **ids: int) -> Any:
        changes = data_of(body, update=True)
        found = records.update(kind.model, negotiation_id, ids[key], body.version, changes)
        return kind.read.model_validate(found)

    def delete(
        negotiation_id: int, records: Records, version: int | None = None, **ids: int
    ) -> None:
        records.delete(kind.model, negotiation_id, ids[key], version)

    filters = [(name, annotation, None) for name, annotation in kind.filters]
    the_id = (key, PathId, none)
    router.add_api_route(
        collection,
        _signed(list_, scope, store, ("paging", PagingDep, none), *filters),
        methods=["GET"],
        name=f"list_{kind.many}",
        response_model=Page[kind.read],  # type: ignore[name-defined]
    )
    router.add_api_route(
        collection,
        _signed(create, scope, ("body", kind.create, none), store),
        methods=["POST"],
        name=f"create_{kind.one}",
        response_model=kind.read,
        status_code=201,
    )
    router.add_api_route(
        item,
        _signed(get, scope, the_id, store),
        methods=["GET"],
        name=f"get_{kind.one}",
        response_model=kind.read,
    )
    router.add_api_route(
        item,
        _signed(update, scope, the_id, ("body", kind.update, none), store),
        methods=["PATCH"],
        name=f"update_{kind.one}",
        response_model=kind.read,
    )
    router.add_api_route(
        item,
        _signed(delete, scope, the_id, store, ("version", QueryVersion, None)),
        methods=["DELETE"],
        name=f"delete_{kind.one}",
        status_code=204,
        response_model=None,
    )


router = guarded_router(BASE, "records")
for _kind in RECORD_KINDS:
    add_record_routes(router, _kind)
