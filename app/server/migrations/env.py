"""Alembic environment of the central database (online migrations only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from app.server.models import Base

url = context.config.get_main_option("sqlalchemy.url")
assert url, "sqlalchemy.url must be set by app.server.migrate"
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
