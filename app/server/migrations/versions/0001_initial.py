"""Central sync database: principals, entities, changes, decisions, feed, releases,
documents, sync log.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_counter'))
    )
    op.execute("INSERT INTO feed_counter (id, value) VALUES (1, 0)")
    op.create_table('principals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('accreditation', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('signing_key', sa.LargeBinary(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("role IN ('agent', 'backoffice')", name=op.f('ck_principals_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_principals')),
    sa.UniqueConstraint('accreditation', name=op.f('uq_principals_accreditation'))
    )
    op.create_table('bundle_imports',
    sa.Column('bundle_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('counts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['principals.id'], name=op.f('fk_bundle_imports_agent_id_principals')),
    sa.PrimaryKeyConstraint('bundle_id', name=op.f('pk_bundle_imports'))
    )
    op.create_table('documents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['principals.id'], name=op.f('fk_documents_agent_id_principals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    op.create_index(op.f('ix_documents_agent_id'), 'documents', ['agent_id'], unique=False)
    op.create_table('entities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('entity_type', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('client_version', sa.Integer(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=True),
    sa.Column('meta', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('deleted_seq', sa.BigInteger(), nullable=True),
    sa.Column('sealed_seq', sa.BigInteger(), nullable=True),
    sa.Column('sealed_tx', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['principals.id'], name=op.f('fk_entities_owner_id_principals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities'))
    )
    op.create_index(op.f('ix_entities_owner_id'), 'entities', ['owner_id'], unique=False)
    op.create_index('ix_entities_owner_type', 'entities', ['owner_id', 'entity_type'], unique=False)
    op.create_index(op.f('ix_entities_parent_id'), 'entities', ['parent_id'], unique=False)
    op.create_table('feed',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['principals.id'], name=op.f('fk_feed_agent_id_principals')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_feed'))
    )
    op.create_index('ix_feed_agent_seq', 'feed', ['agent_id', 'seq'], unique=False)
    op.create_table('releases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('published_by', sa.Uuid(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('catalogue', 'tariff')", name=op.f('ck_releases_kind')),
    sa.ForeignKeyConstraint(['published_by'], ['principals.id'], name=op.f('fk_releases_published_by_principals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_releases')),
    sa.UniqueConstraint('kind', 'version', name=op.f('uq_releases_kind'))
    )
    op.create_table('sync_log',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('principal_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('client_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('clock_skew_seconds', sa.Integer(), nullable=True),
    sa.Column('remote', sa.String(length=64), nullable=True),
    sa.Column('counts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['principal_id'], ['principals.id'], name=op.f('fk_sync_log_principal_id_principals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_log'))
    )
    op.create_index('ix_sync_log_principal_started', 'sync_log', ['principal_id', 'started_at'], unique=False)
    op.create_table('applied_changes',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('sync_id', sa.BigInteger(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['principals.id'], name=op.f('fk_applied_changes_agent_id_principals')),
    sa.ForeignKeyConstraint(['sync_id'], ['sync_log.id'], name=op.f('fk_applied_changes_sync_id_sync_log')),
    sa.PrimaryKeyConstraint('change_id', name=op.f('pk_applied_changes'))
    )
    op.create_index('ix_applied_changes_agent_seq', 'applied_changes', ['agent_id', 'seq'], unique=False)
    op.create_table('conflicts',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=128), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('server_value', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('client_value', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'mine', 'theirs', 'superseded')", name=op.f('ck_conflicts_status')),
    sa.ForeignKeyConstraint(['agent_id'], ['principals.id'], name=op.f('fk_conflicts_agent_id_principals')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_conflicts_entity_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflicts'))
    )
    op.create_index(op.f('ix_conflicts_agent_id'), 'conflicts', ['agent_id'], unique=False)
    op.create_index(op.f('ix_conflicts_entity_id'), 'conflicts', ['entity_id'], unique=False)
    op.create_table('decisions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('policy_number', sa.String(length=64), nullable=True),
    sa.Column('items', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('reservations', sa.LargeBinary(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.Uuid(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['principals.id'], name=op.f('fk_decisions_agent_id_principals')),
    sa.ForeignKeyConstraint(['decided_by'], ['principals.id'], name=op.f('fk_decisions_decided_by_principals')),
    sa.ForeignKeyConstraint(['proposal_id'], ['entities.id'], name=op.f('fk_decisions_proposal_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    op.create_index(op.f('ix_decisions_agent_id'), 'decisions', ['agent_id'], unique=False)
    op.create_index(op.f('ix_decisions_proposal_id'), 'decisions', ['proposal_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_decisions_proposal_id'), table_name='decisions')
    op.drop_index(op.f('ix_decisions_agent_id'), table_name='decisions')
    op.drop_table('decisions')
    op.drop_index(op.f('ix_conflicts_entity_id'), table_name='conflicts')
    op.drop_index(op.f('ix_conflicts_agent_id'), table_name='conflicts')
    op.drop_table('conflicts')
    op.drop_index('ix_applied_changes_agent_seq', table_name='applied_changes')
    op.drop_table('applied_changes')
    op.drop_index('ix_sync_log_principal_started', table_name='sync_log')
    op.drop_table('sync_log')
    op.drop_table('releases')
    op.drop_index('ix_feed_agent_seq', table_name='feed')
    op.drop_table('feed')
    op.drop_index(op.f('ix_entities_parent_id'), table_name='entities')
    op.drop_index('ix_entities_owner_type', table_name='entities')
    op.drop_index(op.f('ix_entities_owner_id'), table_name='entities')
    op.drop_table('entities')
    op.drop_index(op.f('ix_documents_agent_id'), table_name='documents')
    op.drop_table('documents')
    op.drop_table('bundle_imports')
    op.drop_table('principals')
    op.drop_table('feed_counter')
