"""Sync state: server versions, conflicts, decisions, settings, documents, runs, offer pricing.

Frozen like 0001: plain SQLAlchemy types (UTC datetimes as DATETIME).

Revision ID: 0004_sync
Revises: 0003_lifecycle
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sync"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_conflicts',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=100), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('server_value', sa.JSON(), nullable=True),
    sa.Column('client_value', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflicts_entity_id'), ['entity_id'], unique=False)

    op.create_table('sync_decisions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('feed_seq', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.String(length=36), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('policy_number', sa.String(length=64), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('reservations_ciphertext', sa.LargeBinary(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_decisions')),
    sa.UniqueConstraint('feed_seq', name=op.f('uq_sync_decisions_feed_seq'))
    )
    with op.batch_alter_table('sync_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_decisions_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('sync_documents',
    sa.Column('document_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('shipped_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_sync_documents'))
    )
    op.create_table('sync_entities',
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('shadow', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_sync_entities'))
    )
    op.create_table('sync_runs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_runs'))
    )
    op.create_table('sync_settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('secret', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_settings'))
    )
    op.create_table('offer_pricing',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('proposal_id', sa.String(length=36), nullable=False),
    sa.Column('catalogue_version', sa.String(length=64), nullable=False),
    sa.Column('tariff_version', sa.String(length=64), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('priced_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_offer_pricing_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_pricing')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_offer_pricing_proposal_id'))
    )
    op.create_table('repricings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('proposal_id', sa.String(length=36), nullable=False),
    sa.Column('old_tariff_version', sa.String(length=64), nullable=False),
    sa.Column('new_tariff_version', sa.String(length=64), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_repricings_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repricings'))
    )
    with op.batch_alter_table('repricings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repricings_proposal_id'), ['proposal_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('repricings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repricings_proposal_id'))

    op.drop_table('repricings')
    op.drop_table('offer_pricing')
    op.drop_table('sync_settings')
    op.drop_table('sync_runs')
    op.drop_table('sync_entities')
    op.drop_table('sync_documents')
    with op.batch_alter_table('sync_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_decisions_proposal_id'))

    op.drop_table('sync_decisions')
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_entity_id'))

    op.drop_table('sync_conflicts')
