"""The services the screens use, gathered in one object handed to every view.

Views depend on these small protocols only, never on a database session or on a
service's internals, so tests inject fakes (Dangerzone's injected backend) and the
application injects adapters over the real services (`app/views/wiring.py`).
Every rule stays in the services: the views ask, show the answer and its reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from app.services.application.draft import (
    BasicInsuranceChoice,
    PersonDraft,
    ProposalDraft,
    ReservationDraft,
)


class ScreenMemory(Protocol):
    """Where each proposal's screens were (kept with the interface's preferences)."""

    def screen_state(self, key: str) -> dict[str, str]: ...

    def set_screen_state(self, key: str, state: dict[str, str]) -> None: ...


@dataclass(frozen=True)
class Option:
    """A choice shown in a list: a code kept in the draft, a label shown to the agent."""

    code: str
    label: str


# --- agent session ---------------------------------------------------------------

@dataclass(frozen=True)
class LoginAttempt:
    ok: bool
    retry_in_seconds: int = 0  # > 0 while further attempts are refused
    attempts_left: int | None = None


class PasswordChangeError(Exception):
    """The password was not changed; `problems` by field ("current", "new"), and
    `locked_out` when too many wrong current passwords lock the session."""

    def __init__(self, problems: dict[str, str], locked_out: bool = False) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems
        self.locked_out = locked_out


class AgentAuth(Protocol):
    def agent_name(self) -> str: ...

    def log_in(self, password: str) -> LoginAttempt: ...

    def change_password(self, current: str, new: str) -> None:
        """Raises PasswordChangeError; the data stays readable with the new password only."""
        ...

    def lock(self) -> None:
        """Forget the data key until the next successful login."""
        ...


class SyncStatus(Protocol):
    def online(self) -> bool:
        """The last known answer of `check_online()`; cheap."""
        ...

    def check_online(self) -> bool:
        """Ask whether the insurer's server answers now: may wait on the network, so the
        status bar calls it off the interface thread."""
        ...

    def unsynced_changes(self) -> int: ...


# --- clients and proposals -------------------------------------------------------

@dataclass(frozen=True)
class ProposalRow:
    proposal_id: str  # "" for a client without a proposal yet
    client: str  # the policyholder's name
    ahv_number: str
    postal_code: str
    municipality: str
    status: str  # a lifecycle state code, see app/views/labels.py
    updated_at: datetime
    persons: int = 1
    household_id: str = ""
    members: str = ""  # every member: "Rochat Sophie, Thomas, Noah, Mia" ("" = the client)


class ClientDirectory(Protocol):
    def statuses(self) -> Sequence[str]: ...

    def search(self, text: str, status: str | None = None,
               limit: int = 200) -> Sequence[ProposalRow]:
        """Proposals matching a name, AHV number or postal code prefix, most recent first."""
        ...


class SaveError(Exception):
    """The store refused a save for a reason the agent must know (changed elsewhere...)."""


class Proposals(Protocol):
    def new_draft(self, household_id: str | None = None) -> ProposalDraft:
        """A new proposal, for a known household or a new one."""
        ...

    def load_draft(self, proposal_id: str) -> ProposalDraft: ...

    def save_draft(self, draft: ProposalDraft) -> None:
        """Keep what was entered (the store, or a recovery file while it is incomplete);
        raises SaveError when neither is possible."""
        ...

    def required_signers(self, draft: ProposalDraft) -> Sequence[Signer]: ...

    def cancel(self, draft: ProposalDraft) -> None:
        """Set an unsigned proposal aside (the client did not go ahead); it stays on file.
        Raises SaveError with the reason when it cannot be (signed...)."""
        ...

    def restore(self, draft: ProposalDraft) -> None:
        """A cancelled proposal back to draft; raises SaveError."""
        ...

    def delete(self, proposal_id: str) -> None:
        """Delete a proposal never signed (draft, complete, cancelled, or not yet stored);
        its household stays. Raises SaveError with the reason when it cannot be (signed...)."""
        ...

    def sign(self, draft: ProposalDraft, pdf: bytes) -> str:
        """Freeze the signed proposal, store the document; returns its SHA-256."""
        ...


@dataclass(frozen=True)
class Signer:
    key: str  # a person's key, or "agent"
    role: str  # policyholder, insured_person, legal_representative, agent
    name: str
    for_person: str = ""  # the child a legal representative signs for


# --- household -------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    postal_code: str
    municipality: str
    canton: str
    locality: str = ""
    language: str = ""  # most spoken there ("fr", "de", "it"): the client's default


@dataclass(frozen=True)
class RegionChoice:
    region: int | None  # None: the agent must pick one of the candidates
    candidates: tuple[int, ...]
    message: str = ""


class Places(Protocol):
    def lookup(self, postal_code: str) -> Sequence[Place]: ...

    def premium_region(self, postal_code: str, canton: str, municipality: str) -> RegionChoice:
        ...


class PersonChecks(Protocol):
    """Pure field validators of the store: a message naming the problem, or None."""

    def check_field(self, name: str, value: str) -> str | None: ...

    def check_person(self, person: PersonDraft, today: date) -> dict[str, str]: ...


# --- basic insurance -------------------------------------------------------------

@dataclass(frozen=True)
class BasicInsuranceDates:
    start_date: date  # the earliest start with the new insurer
    late: bool  # late affiliation: a surcharge may apply
    switch_end: date | None = None  # when the current insurer's cover may end
    notice_deadline: date | None = None  # last day the notice may reach the insurer
    explanations: tuple[str, ...] = ()  # the rules applied, in plain sentences
    first_month_factor: Decimal = Decimal("1")
    sources: tuple[str, ...] = ()  # where those rules come from (seed articles, federal law)
    assumed: bool = False  # one of the rules is to be confirmed by the insurer


class BasicInsurance(Protocol):
    def insurers(self) -> Sequence[Option]: ...

    def models(self) -> Sequence[Option]: ...

    def deductibles(self, birth_date: date | None, start_date: date) -> Sequence[Decimal]:
        """The options for this person (children's or adults'); all of them without a birth
        date."""
        ...

    def dates(self, choice: BasicInsuranceChoice, person: PersonDraft,
              today: date) -> BasicInsuranceDates:
        """Raises ValueError or LookupError with a message for the agent."""
        ...


# --- products --------------------------------------------------------------------

@dataclass(frozen=True)
class ProductInfo:
    code: str
    name: str
    description: str = ""
    levels: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Family:
    code: str
    name: str
    products: tuple[ProductInfo, ...]


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = ()  # sentences in the agent's language


@dataclass(frozen=True)
class WaitingPeriod:
    benefit: str
    months: int
    covered_from: date


@dataclass(frozen=True)
class KeyDate:
    label: str
    day: date


class Catalogue(Protocol):
    def families(self) -> Sequence[Family]: ...

    def deductibles(self, product: str, level: str | None) -> Sequence[Decimal]: ...

    def eligibility(self, product: str, level: str | None, person: PersonDraft,
                    draft: ProposalDraft) -> Eligibility: ...

    def waiting_periods(self, product: str, level: str | None,
                        start_date: date) -> Sequence[WaitingPeriod]: ...

    def exclusions(self, product: str, level: str | None) -> Sequence[str]: ...

    def level_features(self, product: str) -> Sequence[tuple[str, dict[str, str]]]:
        """Rows of the side-by-side comparison: (feature, {level code: text})."""
        ...

    def key_dates(self, draft: ProposalDraft, signed_on: date) -> Sequence[KeyDate]: ...


# --- premiums --------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteLine:
    person_key: str
    product: str  # code; "LAMAL" for basic insurance
    label: str
    level: str | None
    deductible: Decimal | None
    gross: Decimal
    discounts: tuple[tuple[str, Decimal], ...]  # (reason, amount off)
    net: Decimal  # gross - discounts + surcharge
    surcharge: Decimal = Decimal("0")  # for paying in instalments


@dataclass(frozen=True)
class Quote:
    frequency: str
    lines: tuple[QuoteLine, ...]
    total: Decimal  # of the priced lines only: see `missing`
    notes: tuple[str, ...] = ()  # e.g. "illustrative tariff"
    missing: tuple[MissingPremium, ...] = ()  # chosen, but not in the total

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class MissingPremium:
    """A cover chosen for a person whose premium the total leaves out, and why."""

    person_key: str
    label: str
    reason: str  # in plain words, with what to change


@dataclass(frozen=True)
class BasicPremiums:
    """One person's monthly basic-insurance premium with the insurer and accident cover
    chosen, for each (model, deductible) the tariff prices; `note` says why there is none
    (no canton yet, no tariff...) or that the tariff is illustrative."""

    amounts: Mapping[tuple[str, Decimal], Decimal] = field(default_factory=dict)
    note: str = ""

    def amount(self, model: str, deductible: Decimal | None) -> Decimal | None:
        return None if deductible is None else self.amounts.get((model, deductible))


class Pricing(Protocol):
    frequencies: Sequence[str]

    def quote(self, draft: ProposalDraft, frequency: str) -> Quote: ...

    def price_of(self, draft: ProposalDraft, person_key: str, product: str,
                 level: str | None, deductible: Decimal | None) -> Decimal | None:
        """Monthly net premium of one choice, or None when the tariff has none."""
        ...

    def price_note(self, draft: ProposalDraft, person_key: str, product: str,
                   level: str | None, deductible: Decimal | None) -> str:
        """Why `price_of` has no premium for this choice, a sentence for the agent."""
        ...

    def basic_premiums(self, person: PersonDraft,
                       choice: BasicInsuranceChoice) -> BasicPremiums: ...


# --- questionnaire and reservations ----------------------------------------------

@dataclass(frozen=True)
class Question:
    """A question, or a field of a case. Answers in the draft: per question id
    `{"value": ..., "cases": [{field id: value}, ...]}`; values are bool, str, date,
    Decimal, or "YYYY-MM" for a month; text that could not be read stays text."""

    id: str
    text: str
    kind: str  # yes_no, text, date, month_year, choice, number
    required: bool = True
    choices: tuple[Option, ...] = ()
    case_fields: tuple[Question, ...] = ()  # a "yes" opens one or more cases of these
    visible_if: tuple[str, tuple[str, ...]] | None = None  # in a case: (field id, values)


@dataclass(frozen=True)
class Referral:
    """One person's products whose answers go to the insurer's medical officer, who decides
    (004 art. 6 al. 5, art. 7), and why (the rules' notes, in the agent's language)."""

    person_key: str
    products: tuple[str, ...]
    reasons: tuple[str, ...] = ()


class Questionnaires(Protocol):
    def questions_for(self, person: PersonDraft,
                      draft: ProposalDraft) -> Sequence[Question]: ...

    def answered_by_representative(self, person: PersonDraft, draft: ProposalDraft) -> bool: ...

    def check(self, person: PersonDraft, draft: ProposalDraft) -> dict[str, str]:
        """Problems by question id, or "<question>.<case number>.<field>" for a case's
        field (missing answer, inconsistent date...)."""
        ...

    def suggestions(self, draft: ProposalDraft) -> Sequence[ReservationDraft]:
        """Reservations the answers suggest; the same finding keeps the same key."""
        ...

    def remarks(self, draft: ProposalDraft) -> Sequence[tuple[str, str]]:
        """(person key, sentence) for what to tell the client that is neither a reservation
        nor a referral (a product's own exclusion, a waiting period)."""
        ...

    def referrals(self, draft: ProposalDraft) -> Sequence[Referral]:
        """Per person, the products referred to the insurer's medical officer."""
        ...

    def check_reservation(self, draft: ProposalDraft,
                          reservation: ReservationDraft) -> dict[str, str]:
        """A reservation entered or edited by the agent: problems by field (condition,
        products, until)."""
        ...

    def reservation_problems(self, draft: ProposalDraft) -> dict[str, str]:
        """By reservation key: what keeps the proposal from being signed (no consent yet)."""
        ...


# --- documents -------------------------------------------------------------------

@dataclass(frozen=True)
class DeclarationText:
    key: str
    text: str  # in the proposal's language: the one the client reads and signs
    required: bool
    language: str = "en"


class Documents(Protocol):
    def proposal_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        """The proposal as the client reads and signs it; raises ValueError naming what is
        missing."""
        ...

    def offer_pdf(self, draft: ProposalDraft, language: str,
                  compare_deductibles: bool = False) -> bytes:
        """The offer of the chosen covers, optionally with the basic insurance priced at
        every deductible; raises ValueError naming what is missing."""
        ...

    def declarations(self, language: str) -> Sequence[DeclarationText]:
        """The declarations the client gives before signing, in `language` (the proposal's)."""
        ...


# --- days without network: the offline bundle -------------------------------------

@dataclass(frozen=True)
class BundleWritten:
    path: Path
    changes: int
    documents: int


class BundleRefused(Exception):
    """No bundle can be written yet; the message is a sentence for the agent."""


# --- after a sync: conflicts and repriced offers ----------------------------------

class ReviewError(Exception):
    """A conflict could not be settled or a repricing acknowledged; the message is a
    sentence for the agent (server unreachable, sync not set up...)."""


@dataclass(frozen=True)
class ConflictRow:
    """A field both the agent and the insurer changed (issue 7): the agent decides."""

    id: int
    entity: str  # the journal's entity name: person, household, proposal...
    field: str  # the record's column name
    subject: str  # whom it concerns: a person's or household's name, "" if unknown
    mine: Any  # the value on this laptop, as the sync protocol carries it
    theirs: Any  # the insurer's value
    created_at: datetime


class SyncConflicts(Protocol):
    def count(self) -> int:
        """Open conflicts; a local read, cheap."""
        ...

    def open_conflicts(self) -> Sequence[ConflictRow]: ...

    def resolve(self, conflict_id: int, keep: str) -> None:
        """Keep "mine" or "theirs" on both sides: talks to the server, so the views call it
        off the interface thread; raises ReviewError with a sentence for the agent."""
        ...


@dataclass(frozen=True)
class RepricedLine:
    person: str  # the person's name
    product: str  # the product's name in the interface language
    old: Decimal | None  # monthly; None: not in the old offer
    new: Decimal | None  # None: no longer priced

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal("0")) - (self.old or Decimal("0"))


@dataclass(frozen=True)
class RepricedOffer:
    """An unsigned offer priced again with a newer tariff, not reviewed yet."""

    id: str
    proposal_id: str
    client: str  # the policyholder's name
    old_tariff: str
    new_tariff: str
    lines: tuple[RepricedLine, ...]
    created_at: datetime

    @property
    def total_difference(self) -> Decimal:
        return sum((line.difference for line in self.lines), Decimal("0"))


class Repricings(Protocol):
    def count(self) -> int:
        """Repriced offers not reviewed yet; a local read, cheap."""
        ...

    def unreviewed(self) -> Sequence[RepricedOffer]: ...

    def acknowledge(self, repricing_id: str) -> None: ...


# --- after the signature: the proposal's follow-up ---------------------------------

class FollowUpError(Exception):
    """A follow-up the services refused; the message is a sentence for the agent (too late,
    date in the future, answer already recorded...)."""


@dataclass(frozen=True)
class DecisionLine:
    """The insurer's decision on one product for one person."""

    person: str  # the person's name
    product: str  # code and name, in the interface language
    decision: str  # an item state: proposed (pending), accepted, accepted_with_reservations,
    # refused (by the insurer), dropped (the client refused its reservation)


@dataclass(frozen=True)
class ConsentLine:
    """A reservation and the client's answer to it (CGC art. 8)."""

    key: str
    person: str
    wording: str  # "left knee, meniscus surgery 2024"
    products: tuple[str, ...]
    status: str  # a reservation state, see app/views/labels.py
    until: date | None = None  # None: for the whole contract
    answer_by: date | None = None  # the insurer's time limit, when known
    answered_on: date | None = None
    awaiting: bool = False  # the client's answer may be recorded now
    decided: bool = False  # decided by the insurer, not only suggested or entered
    origin: str = "agent"  # suggested (a rule), agent, insurer


@dataclass(frozen=True)
class FollowUp:
    """What became of a signed proposal; `signed_on` is None before signing."""

    status: str  # a lifecycle state code
    signed_on: date | None = None
    submitted_on: date | None = None
    decided_on: date | None = None
    policy_number: str = ""
    revocation_until: date | None = None
    revocation_open: bool = False  # a revocation sent today would be accepted
    revocation_reason: str = ""  # why not, when it is not open
    # a revocation sent by the deadline may still be recorded (it may arrive later)
    revocation_recordable: bool = False
    decisions: tuple[DecisionLine, ...] = ()
    reservations: tuple[ConsentLine, ...] = ()
    history: tuple[tuple[date, str], ...] = ()  # (day, state reached), oldest first


class FollowUps(Protocol):
    def follow_up(self, proposal_id: str) -> FollowUp: ...

    def record_answer(self, proposal_id: str, reservation_key: str, consented: bool,
                      on: date) -> FollowUp:
        """The client's written consent to a reservation, or refusal (the products concerned
        are dropped); raises FollowUpError."""
        ...

    def set_answer_by(self, proposal_id: str, day: date) -> FollowUp:
        """The insurer's time limit for the client's answer, for the awaited reservations
        that have none; raises FollowUpError."""
        ...

    def revoke(self, proposal_id: str, sent_on: date) -> FollowUp:
        """The client's revocation, sent on `sent_on`; raises FollowUpError (e.g. too late)."""
        ...

    def consent_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        """The declaration of consent to the awaited reservations, for the client to sign;
        raises ValueError naming what is missing. May be called off the interface thread."""
        ...
