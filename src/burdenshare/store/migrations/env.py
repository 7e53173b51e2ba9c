"""Alembic environment: runs migrations on the engine handed over by burdenshare.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from burdenshare.store import models

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through burdenshare.store.migrate (no alembic.ini)")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=models.Delegation.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    context.run_migrations()
