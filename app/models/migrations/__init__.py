"""Alembic migrations of the local database, shipped inside the package.

Run programmatically by `app.services.schema` (no alembic.ini needed). To write a
new revision during development:
    .venv/bin/python -m app.services.schema revision "what changes"
"""
