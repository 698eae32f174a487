"""Persistence: SQLAlchemy 2.x typed models, one module per concept.

Importing this package registers every table on `Base.metadata`.
"""

from app.models.agent import Agent
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.document import Document
from app.models.household import Household, Person
from app.models.journal import JournalEntry
from app.models.proposal import Proposal, ProposalItem, ProposalStatus
from app.models.questionnaire import AnswerSet
from app.models.reservation import Reservation
from app.models.signature import Signature
from app.models.sync import (
    OfferPricing,
    Repricing,
    SyncConflict,
    SyncDecision,
    SyncDocument,
    SyncEntity,
    SyncRun,
    SyncSetting,
)

__all__ = [
    "Agent",
    "AnswerSet",
    "AuditEntry",
    "Base",
    "Document",
    "Household",
    "JournalEntry",
    "OfferPricing",
    "Person",
    "Proposal",
    "ProposalItem",
    "ProposalStatus",
    "Repricing",
    "Reservation",
    "Signature",
    "SyncConflict",
    "SyncDecision",
    "SyncDocument",
    "SyncEntity",
    "SyncRun",
    "SyncSetting",
]
