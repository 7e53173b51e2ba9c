"""Health: is the service up and its database reachable (public)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import text

from burdenshare.api.access import authorize
from burdenshare.api.deps import SessionDep
from burdenshare.api.models import Health

router = APIRouter(prefix="/api", tags=["meta"], dependencies=[Depends(authorize)])


@router.get("/health", response_model=Health)
def health(session: SessionDep) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", database=session.get_bind().dialect.name)
