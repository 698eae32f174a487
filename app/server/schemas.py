"""Wire formats of the sync API (JSON). The client in `app.services.sync.client` writes the same."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.server.merge import Change

MAX_BATCH = 5000


class ChangeIn(BaseModel):
    change_id: uuid.UUID
    seq: int = Field(ge=1)
    entity_type: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    entity_id: uuid.UUID
    op: Literal["upsert", "delete"] = "upsert"
    fields: dict[str, Any] = Field(default_factory=dict)
    base_version: int = Field(default=0, ge=0)
    entity_version: int = Field(default=0, ge=0)
    sensitive: list[str] = Field(default_factory=list)
    parent_id: uuid.UUID | None = None
    tx: str | None = Field(default=None, max_length=64)
    recorded_at: str | None = None  # the client's clock: logged, never used to order

    def to_change(self) -> Change:
        return Change(change_id=self.change_id, seq=self.seq, entity_type=self.entity_type,
                      entity_id=self.entity_id, op=self.op, fields=self.fields,
                      base_version=self.base_version, entity_version=self.entity_version,
                      sensitive=frozenset(self.sensitive), parent_id=self.parent_id, tx=self.tx)


class PushIn(BaseModel):
    batch_id: uuid.UUID | None = None
    changes: list[ChangeIn] = Field(max_length=MAX_BATCH)


class ResolveIn(BaseModel):
    keep: Literal["mine", "theirs"]


class DocumentIn(BaseModel):
    id: uuid.UUID
    proposal_id: uuid.UUID | None = None
    kind: str = Field(default="document", max_length=32)
    language: str = Field(default="", max_length=8)
    filename: str = Field(default="", max_length=255)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    content: str  # base64


class SigningKeyIn(BaseModel):
    public_key: str  # base64 of the raw 32-byte Ed25519 public key


class ReservationIn(BaseModel):
    condition: str = Field(min_length=1, max_length=500)
    body_part: str = Field(default="", max_length=200)
    until: date | None = None  # None: for the whole contract (CGC art. 8 al. 3)


class DecisionItemIn(BaseModel):
    item_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    product: str = Field(min_length=1, max_length=64)
    outcome: Literal["accepted", "accepted_with_reservations", "refused"]
    reservations: list[ReservationIn] = Field(default_factory=list)


class DecisionIn(BaseModel):
    items: list[DecisionItemIn] = Field(min_length=1)
    policy_number: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=2000)


class OfficeEditIn(BaseModel):
    base_version: int = Field(ge=0)
    fields: dict[str, Any] = Field(min_length=1)


class ReleaseIn(BaseModel):
    kind: Literal["catalogue", "tariff"]
    version: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any]
