"""The path and query parameters the record routes share (ids, delegation codes, versions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from burdenshare.limits import MAX_INT

PathId = Annotated[int, Path(ge=1, le=MAX_INT, description="The id of a record.")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_INT, description="Only this record's.")]
QueryCode = Annotated[
    str | None,
    Query(max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", description="A delegation."),
]
QueryVersion = Annotated[
    int | None, Query(ge=1, le=MAX_INT, description="The version you read (409 if stale).")
]
