"""Alembic environment: the caller passes an open connection (see app.services.store.schema)."""

from __future__ import annotations

from alembic import context

from app.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.services.store.schema, which passes a connection")



def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The FTS5 indexes and their shadow tables are made by hand (revisions 0002, 0005).
    return not (type_ == "table" and name is not None
                and name.startswith(("person_search", "household_search")))


context.configure(
    connection=connection,
    include_object=include_object,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
