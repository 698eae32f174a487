"""Proposal lifecycle: longer status values, signed document hash, superseded versions and
the insurer's decision per item.

Revision ID: 0003_lifecycle
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_lifecycle"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=12),
                              type_=sa.String(length=30), existing_nullable=False)
        batch_op.add_column(sa.Column("document_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("supersedes_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_proposals_supersedes_id_proposals"),
                                    "proposals", ["supersedes_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("proposal_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision", sa.String(length=30), nullable=False,
                                      server_default="proposed"))


def downgrade() -> None:
    with op.batch_alter_table("proposal_items", schema=None) as batch_op:
        batch_op.drop_column("decision")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_proposals_supersedes_id_proposals"), type_="foreignkey")
        batch_op.drop_column("supersedes_id")
        batch_op.drop_column("document_sha256")
        batch_op.alter_column("status", existing_type=sa.String(length=30),
                              type_=sa.String(length=12), existing_nullable=False)
