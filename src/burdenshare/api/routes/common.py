"""What every record route shares: the Records service of the caller, pages, request data."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from burdenshare.api.access import PrincipalDep, authorize
from burdenshare.api.deps import SessionDep
from burdenshare.api.models import Page
from burdenshare.api.responses import problems
from burdenshare.data.schemas import PartyPreferences
from burdenshare.limits import MAX_INT
from burdenshare.store.records import Page as StorePage
from burdenshare.store.records import Records
from burdenshare.store.schemas import preferences_json

Out = TypeVar("Out", bound=BaseModel)
PathId = Annotated[int, Path(ge=1, le=MAX_INT, description="The id of a record.")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_INT, description="Only this record's.")]
QueryCode = Annotated[
    str | None,
    Query(max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", description="A delegation."),
]
QueryVersion = Annotated[
    int | None, Query(ge=1, le=MAX_INT, description="The version you read (409 if stale).")
]
BASE = "/api/negotiations/{negotiation_id}"


def guarded_router(prefix: str, tag: str) -> APIRouter:
    """A router whose every route is authorized by the access table and documents the errors
    any guarded route may answer (401, 403, 404, 409)."""
    return APIRouter(
        prefix=prefix,
        tags=[tag],
        dependencies=[Depends(authorize)],
        responses=problems(401, 403, 404, 409),
    )


def records(session: SessionDep, who: PrincipalDep) -> Records:
    return Records(session, who)


RecordsDep = Annotated[Records, Depends(records)]


def page_of(out: type[Out], page: StorePage[Any]) -> Page[Out]:
    items = [out.model_validate(item) for item in page.items]
    return Page[out](items=items, total=page.total, limit=page.limit, offset=page.offset)  # type: ignore[valid-type]


def data_of(body: BaseModel, update: bool = False) -> dict[str, Any]:
    """A request's fields as record values (only the fields sent, on an update)."""
    data = body.model_dump(exclude_unset=update, exclude={"version"})
    preferences = getattr(body, "preferences", None)
    if isinstance(preferences, PartyPreferences):
        data["preferences"] = preferences_json(preferences)
    return data
