"""Full-text person search (FTS5) and an index to list proposals by status.

`person_search` is an external-content FTS5 index over persons' first and last
names. The `unicode61 remove_diacritics 2` tokenizer folds case and accents, so
"zoe" matches "Zoé" and "muller" matches "Müller". Triggers keep it in step with
`persons`; existing rows are indexed by the 'rebuild' command below, which is
also what must run after a VACUUM (VACUUM may renumber the rowids it maps to).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = (
    """CREATE VIRTUAL TABLE person_search USING fts5(
           first_name, last_name,
           content='persons', content_rowid='rowid',
           tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER person_search_insert AFTER INSERT ON persons BEGIN
           INSERT INTO person_search(rowid, first_name, last_name)
           VALUES (new.rowid, new.first_name, new.last_name);
       END""",
    """CREATE TRIGGER person_search_delete AFTER DELETE ON persons BEGIN
           INSERT INTO person_search(person_search, rowid, first_name, last_name)
           VALUES ('delete', old.rowid, old.first_name, old.last_name);
       END""",
    """CREATE TRIGGER person_search_update AFTER UPDATE OF first_name, last_name ON persons BEGIN
           INSERT INTO person_search(person_search, rowid, first_name, last_name)
           VALUES ('delete', old.rowid, old.first_name, old.last_name);
           INSERT INTO person_search(rowid, first_name, last_name)
           VALUES (new.rowid, new.first_name, new.last_name);
       END""",
    "INSERT INTO person_search(person_search) VALUES ('rebuild')",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.create_index("ix_proposals_status_updated_at", ["status", "updated_at"])


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_index("ix_proposals_status_updated_at")
    for trigger in ("person_search_insert", "person_search_delete", "person_search_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS person_search")
