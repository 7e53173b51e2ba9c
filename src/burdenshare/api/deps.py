"""Request dependencies: the database session (reader or writer), paging, the app settings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from sqlalchemy.orm import Session

from burdenshare.store.database import Database
from burdenshare.store.settings import Settings

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def database(request: Request) -> Database:
    found: Database = request.app.state.database
    return found


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


def db_session(request: Request) -> Iterator[Session]:
    """A session for this request: a writer (serialized on SQLite) unless the method reads."""
    db = database(request)
    factory = db.reader if request.method in READ_METHODS else db.writer
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(db_session)]
SettingsDep = Annotated[Settings, Depends(settings)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    config: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Items per page.")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
) -> Paging:
    if limit > config.max_page_size:
        raise HTTPException(
            422,
            [
                {
                    "loc": ["query", "limit"],
                    "msg": f"Input should be less than or equal to {config.max_page_size}",
                    "type": "less_than_equal",
                }
            ],
        )
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
