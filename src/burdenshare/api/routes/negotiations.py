"""Negotiations, the audit log, and the analysis of a negotiation's recorded offers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import func, select

from burdenshare.api.access import PrincipalDep
from burdenshare.api.analysis_models import Analysis
from burdenshare.api.deps import PagingDep, SessionDep
from burdenshare.api.models import (
    AuditRead,
    NegotiationCreate,
    NegotiationRead,
    NegotiationUpdate,
    Page,
)
from burdenshare.api.params import PathId, QueryId, QueryVersion
from burdenshare.api.routes.common import guarded_router
from burdenshare.store import negotiations as store
from burdenshare.store.analysis import analyse
from burdenshare.store.audit import changed_fields, visible_entries
from burdenshare.store.models import AuditEntry

router = guarded_router("/api", "negotiations")
ONE = "/negotiations/{negotiation_id}"


@router.get("/negotiations", response_model=Page[NegotiationRead])
def list_negotiations(session: SessionDep, who: PrincipalDep, paging: PagingDep) -> Any:
    page = store.list_negotiations(session, who, paging.limit, paging.offset)
    items = [NegotiationRead.model_validate(n) for n in page.items]
    return Page[NegotiationRead](
        items=items, total=page.total, limit=page.limit, offset=page.offset
    )


@router.post("/negotiations", response_model=NegotiationRead, status_code=201)
def create_negotiation(body: NegotiationCreate, session: SessionDep, who: PrincipalDep) -> Any:
    return NegotiationRead.model_validate(store.create_negotiation(session, who, body.model_dump()))


@router.get(ONE, response_model=NegotiationRead)
def get_negotiation(negotiation_id: PathId, session: SessionDep, who: PrincipalDep) -> Any:
    return NegotiationRead.model_validate(store.get_negotiation(session, who, negotiation_id))


@router.patch(ONE, response_model=NegotiationRead)
def update_negotiation(
    negotiation_id: PathId, body: NegotiationUpdate, session: SessionDep, who: PrincipalDep
) -> Any:
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    found = store.update_negotiation(session, who, negotiation_id, body.version, changes)
    return NegotiationRead.model_validate(found)


@router.delete(ONE, status_code=204)
def delete_negotiation(
    negotiation_id: PathId, session: SessionDep, who: PrincipalDep, version: QueryVersion = None
) -> None:
    """Delete an empty negotiation (delete its records first)."""
    store.delete_negotiation(session, who, negotiation_id, version)


@router.get(ONE + "/analysis", response_model=Analysis)
def analysis(
    negotiation_id: PathId,
    session: SessionDep,
    who: PrincipalDep,
    outcomes: Annotated[bool, Query(description="Include every outcome's utilities.")] = False,
) -> Any:
    """The engine's bargaining analysis from your delegation's own private profiles, with
    every recorded offer placed on it (utilities, Pareto distance, ZOPA, concessions)."""
    return analyse(session, who, negotiation_id, outcomes)


@router.get("/audit", response_model=Page[AuditRead])
def audit(
    session: SessionDep,
    who: PrincipalDep,
    paging: PagingDep,
    negotiation_id: QueryId = None,
    table: Annotated[
        str | None, Query(max_length=40, pattern=r"^[a-z_]+$", description="A table's name.")
    ] = None,
    record_id: QueryId = None,
) -> Any:
    """The changes you may see, newest first."""
    query = visible_entries(who)
    for column, value in (
        (AuditEntry.negotiation_id, negotiation_id),
        (AuditEntry.table_name, table),
        (AuditEntry.record_id, record_id),
    ):
        if value is not None:
            query = query.where(column == value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(AuditEntry.id.desc()).limit(paging.limit).offset(paging.offset)
    )
    items = [_audit(entry) for entry in rows]
    return Page[AuditRead](items=items, total=total, limit=paging.limit, offset=paging.offset)


def _audit(entry: AuditEntry) -> AuditRead:
    skip = ("changed", "id")
    data = {name: getattr(entry, name) for name in AuditRead.model_fields if name not in skip}
    opaque = entry.entry_hash or ""  # sequential ids would count others' private changes
    return AuditRead.model_validate(data | {"id": opaque, "changed": changed_fields(entry)})
