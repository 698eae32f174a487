"""The central schema comes from the shipped Alembic migrations, and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.server.migrate import downgrade, upgrade
from app.server.models import Base
from app.server.testing import PostgresCluster


def test_migrations_build_exactly_the_models_and_downgrade_cleanly(
        pg_cluster: PostgresCluster) -> None:
    name = pg_cluster.create_database()
    url = pg_cluster.url(name)
    try:
        upgrade(url)
        engine = create_engine(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        downgrade(url, "base")
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == ["alembic_version"]
        upgrade(url)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
        engine.dispose()
    finally:
        pg_cluster.drop_database(name)
