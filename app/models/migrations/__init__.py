"""Alembic migrations of the local database, shipped inside the package.

Run programmatically by `app.services.store.schema` (no alembic.ini needed). To write a
new revision during development:
    .venv/bin/python -m app.services.store.schema revision "what changes"
"""

# The newest revision, so that opening an up-to-date database needs no Alembic import
# (a measurable part of start-up). tests/services/test_schema.py checks it against Alembic.
HEAD = "0005_client_search"
