"""The clients list: a household's names and places searched at once, most recent first.

`household_search` is an FTS5 index with one document per household (rowid = the
household's rowid): `names`, every member's first and last name; `places`, every member's
locality, municipality and postal code. The `unicode61 remove_diacritics 2` tokenizer folds
case and accents as `person_search` does ("zurich" matches "Zürich"). Every word typed is a
prefix of one of them, whichever member it belongs to: "Lausanne" finds the households
living there (issue 15, item 17: it found nobody), "rochat noah" the Rochats with a Noah.
Triggers on `persons` rewrite the household's document whenever a member is added,
removed, renamed or moves; the statement at the end indexes existing households (run it
again after a VACUUM, which may renumber rowids). Covering indexes give the list's lines
without reading the records: proposals and households newest first (`updated_at`), and a
household's proposals (`ix_proposals_household_lines`).

Revision ID: 0005_client_search
Revises: 0004_sync
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0005_client_search"
down_revision = "0004_sync"
branch_labels = None
depends_on = None

# The document of the households whose id is in `{ids}`.
_DOCUMENT = """
INSERT INTO household_search(rowid, names, places)
SELECT h.rowid,
       group_concat(p.first_name || ' ' || p.last_name, ' '),
       group_concat(p.locality || ' ' || p.municipality || ' ' || p.postal_code, ' ')
FROM households h JOIN persons p ON p.household_id = h.id
WHERE h.id IN ({ids})
GROUP BY h.rowid;
"""


def _refresh(*ids: str) -> str:
    """Trigger statements: the documents of these households written anew."""
    listed = ", ".join(ids)
    return (f"DELETE FROM household_search WHERE rowid IN "
            f"(SELECT rowid FROM households WHERE id IN ({listed}));"
            + _DOCUMENT.format(ids=listed))


UPGRADE = (
    """CREATE VIRTUAL TABLE household_search USING fts5(
           names, places, tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER household_search_person_insert AFTER INSERT ON persons BEGIN
           {_refresh("new.household_id")}
       END""",
    f"""CREATE TRIGGER household_search_person_delete AFTER DELETE ON persons BEGIN
           {_refresh("old.household_id")}
       END""",
    f"""CREATE TRIGGER household_search_person_update AFTER UPDATE OF
           household_id, first_name, last_name, locality, municipality, postal_code
           ON persons BEGIN
           {_refresh("old.household_id", "new.household_id")}
       END""",
    """CREATE TRIGGER household_search_delete AFTER DELETE ON households BEGIN
           DELETE FROM household_search WHERE rowid = old.rowid;
       END""",
    _DOCUMENT.format(ids="SELECT id FROM households"),
)
TRIGGERS = ("household_search_person_insert", "household_search_person_delete",
            "household_search_person_update", "household_search_delete")


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)
    # the list's lines read from the indexes alone: newest first, or a household's
    op.create_index("ix_proposals_updated_at", "proposals",
                    ["updated_at", "household_id", "status", "id"])
    op.create_index("ix_households_updated_at", "households", ["updated_at", "id"])
    op.create_index("ix_proposals_household_lines", "proposals",
                    ["household_id", "updated_at", "status", "id"])


def downgrade() -> None:
    op.drop_index("ix_proposals_household_lines", "proposals")
    op.drop_index("ix_households_updated_at", "households")
    op.drop_index("ix_proposals_updated_at", "proposals")
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS household_search")
