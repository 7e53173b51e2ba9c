"""The negotiation tracker's store: SQLAlchemy models, Alembic migrations, access rules and
the services that read and change records (with audit log and optimistic concurrency)."""
