"""Fake services for the views' tests (Dangerzone's dummy backend).

Small, predictable, and shaped like the real services, so a view test checks what the
view does with an answer, not the answer itself. Figures are test fixtures only; the
few rules echo seed 003 (GM up to 55; DP0 for 0-18, DP1-3 up to 60; LS no questions).
"""

from __future__ import annotations

import copy
import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from app.services.application.draft import (
    BasicInsuranceChoice,
    PersonDraft,
    ProductChoice,
    ProposalDraft,
    ReservationDraft,
)
from app.services.application.ports import (
    BasicInsuranceDates,
    BasicPremiums,
    ConflictRow,
    ConsentLine,
    DecisionLine,
    DeclarationText,
    Eligibility,
    Family,
    FollowUp,
    FollowUpError,
    KeyDate,
    LoginAttempt,
    Option,
    PasswordChangeError,
    Place,
    ProductInfo,
    ProposalRow,
    Question,
    Quote,
    QuoteLine,
    Referral,
    RegionChoice,
    RepricedLine,
    RepricedOffer,
    ReviewError,
    SaveError,
    Signer,
    WaitingPeriod,
)
from app.services.dates import add_months, age_on
from app.views.context import AppContext
from app.views.preferences import MemoryPreferences

TODAY = date(2026, 11, 20)


class FakeAuth:
    locked = False

    def lock(self) -> None:
        self.locked = True

    def __init__(self, password: str = "correct horse", delay_after: int = 5) -> None:
        self.password = password
        self.delay_after = delay_after
        self.failures = 0
        self.attempts: list[str] = []

    def agent_name(self) -> str:
        return "Claire Rochat"

    def change_password(self, current: str, new: str) -> None:
        """As the store: the current password checked first (3 wrong ones lock), then the
        new one's length."""
        if current != self.password:
            self.failures += 1
            if self.failures >= 3:
                raise PasswordChangeError({"current": "Locked."}, locked_out=True)
            raise PasswordChangeError({"current": "Wrong password."})
        if len(new) < 8:
            raise PasswordChangeError({"new": "The password needs at least 8 characters."})
        self.password = new

    def log_in(self, password: str) -> LoginAttempt:
        self.attempts.append(password)
        if password == self.password:
            self.failures = 0
            self.locked = False
            return LoginAttempt(ok=True)
        self.failures += 1
        if self.failures >= self.delay_after:
            return LoginAttempt(ok=False, retry_in_seconds=2, attempts_left=0)
        return LoginAttempt(ok=False, attempts_left=self.delay_after - self.failures)


class FakeSync:
    def __init__(self) -> None:
        self.is_online = False
        self.pending = 3

    def online(self) -> bool:
        return self.is_online

    def check_online(self) -> bool:
        self.checks = getattr(self, "checks", 0) + 1
        return self.is_online

    def unsynced_changes(self) -> int:
        return self.pending


class FakeProposals:
    """Drafts in memory; also the client directory over them."""

    def __init__(self) -> None:
        self.drafts: dict[str, ProposalDraft] = {}
        self.updated: dict[str, datetime] = {}
        self.saves = 0
        self.signed: dict[str, tuple[bytes, str]] = {}
        self._clock = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def add(self, draft: ProposalDraft, updated_at: datetime | None = None) -> ProposalDraft:
        self.drafts[draft.id] = copy.deepcopy(draft)
        self._clock += timedelta(minutes=1)
        self.updated[draft.id] = updated_at or self._clock
        return draft

    # Proposals
    def new_draft(self, household_id: str | None = None) -> ProposalDraft:
        return ProposalDraft(persons=[PersonDraft(role="policyholder")])

    def load_draft(self, proposal_id: str) -> ProposalDraft:
        return copy.deepcopy(self.drafts[proposal_id])

    def save_draft(self, draft: ProposalDraft) -> None:
        self.saves += 1
        self.add(draft)

    def required_signers(self, draft: ProposalDraft) -> Sequence[Signer]:
        holder = draft.policyholder
        signers: list[Signer] = []
        for person in draft.persons:
            adult = person.birth_date is None or age_on(person.birth_date, TODAY) >= 18
            if adult:
                role = "policyholder" if person.role == "policyholder" else "insured_person"
                signers.append(Signer(person.key, role, person.full_name))
            elif holder is not None:
                signers.append(Signer(holder.key, "legal_representative", holder.full_name,
                                      for_person=person.key))
        signers.append(Signer("agent", "agent", "Claire Rochat"))
        return signers

    def cancel(self, draft: ProposalDraft) -> None:
        if draft.status not in ("draft", "ready"):
            raise SaveError("A proposal cannot go from “signed” to “cancelled”.")
        draft.status, draft.editable = "cancelled", False
        self.add(draft)

    def restore(self, draft: ProposalDraft) -> None:
        draft.status, draft.editable = "draft", True
        self.add(draft)

    def delete(self, proposal_id: str) -> None:
        if self.drafts[proposal_id].status not in ("draft", "ready", "cancelled", "unsaved"):
            raise SaveError("A signed proposal cannot be deleted: it is what the client signed.")
        del self.drafts[proposal_id]

    def sign(self, draft: ProposalDraft, pdf: bytes) -> str:
        digest = hashlib.sha256(pdf).hexdigest()
        self.signed[draft.id] = (pdf, digest)
        stored = copy.deepcopy(draft)
        stored.status = "signed"
        stored.editable = False
        stored.document_sha256 = digest
        stored.signed_pdf = pdf
        self.add(stored)
        return digest

    # ClientDirectory
    def statuses(self) -> Sequence[str]:
        return ["draft", "signed"]

    def search(self, text: str, status: str | None = None,
               limit: int = 200) -> Sequence[ProposalRow]:
        rows = []
        needle = text.casefold()
        for draft in self.drafts.values():
            holder = draft.policyholder or PersonDraft()
            haystack = [holder.first_name, holder.last_name, holder.full_name,
                        holder.ahv_number, holder.postal_code]
            if needle and not any(h.casefold().startswith(needle) for h in haystack):
                continue
            if status and draft.status != status:
                continue
            rows.append(ProposalRow(draft.id, holder.full_name, holder.ahv_number,
                                    holder.postal_code, holder.municipality, draft.status,
                                    self.updated[draft.id], len(draft.persons)))
        rows.sort(key=lambda r: r.updated_at, reverse=True)
        return rows[:limit]


class FakePlaces:
    PLACES = {
        "1003": [Place("1003", "Lausanne", "VD")],
        "3011": [Place("3011", "Bern", "BE")],
        "6900": [Place("6900", "Lugano", "TI"), Place("6900", "Massagno", "TI")],
        "1950": [Place("1950", "Sion", "VS")],
    }

    def lookup(self, postal_code: str) -> Sequence[Place]:
        return self.PLACES.get(postal_code, [])

    def premium_region(self, postal_code: str, canton: str, municipality: str) -> RegionChoice:
        if canton == "TI":  # two regions; the fake knows Lugano only
            return RegionChoice(1 if municipality == "Lugano" else None, (1, 2),
                                "" if municipality == "Lugano" else "Pick the region (1, 2).")
        return RegionChoice(1, (1,))


def _ahv_ok(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 13 or digits[:3] != [7, 5, 6]:
        return False
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == digits[12]


class FakeChecks:
    def check_field(self, name: str, value: str) -> str | None:
        value = value.strip()
        if name == "ahv_number" and value and not _ahv_ok(value):
            return "AHV number: the check digit does not match."
        if name == "postal_code" and value and not (len(value) == 4 and value.isdigit()):
            return "Postal code: four digits."
        if name == "email" and value and "@" not in value:
            return "E-mail: not an address."
        return None

    def check_person(self, person: PersonDraft, today: date) -> dict[str, str]:
        problems: dict[str, str] = {}
        for name in ("first_name", "last_name"):
            if not getattr(person, name):
                problems[name] = "Required."
        if not person.sex:
            problems["sex"] = "Required."
        if person.birth_date is None:
            problems["birth_date"] = "Birth date: required, as dd.mm.yyyy."
        elif person.birth_date > today:
            problems["birth_date"] = "Birth date: in the future."
        for name in ("ahv_number", "postal_code", "email"):
            message = self.check_field(name, getattr(person, name))
            if message:
                problems[name] = message
        return problems


class FakeBasic:
    def insurers(self) -> Sequence[Option]:
        return [Option("CMVEO", "CMVEO"), Option("EGK", "EGK"), Option("SWICA", "SWICA")]

    def models(self) -> Sequence[Option]:
        return [Option("standard", "Standard"), Option("family_doctor", "Family doctor"),
                Option("hmo", "HMO"), Option("telmed", "Telmed")]

    CHILD = [Decimal(n) for n in (0, 100, 200, 300, 400, 500, 600)]
    ADULT = [Decimal(n) for n in (300, 500, 1000, 1500, 2000, 2500)]

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def deductibles(self, birth_date: date | None, start_date: date) -> Sequence[Decimal]:
        if birth_date is None:
            return sorted(set(self.CHILD) | set(self.ADULT))
        return self.CHILD if start_date.year - birth_date.year < 19 else self.ADULT

    def dates(self, choice: BasicInsuranceChoice, person: PersonDraft,
              today: date) -> BasicInsuranceDates:
        self.asked.append((person.key, choice.reason))
        if choice.reason in ("birth", "arrival"):
            assert choice.event_date is not None
            return BasicInsuranceDates(choice.event_date, late=False,
                                       explanations=("Retroactive to the event.",))
        if choice.current_insurer == choice.insurer:
            raise ValueError("previous_insurer: same as the new insurer")
        return BasicInsuranceDates(start_date=date(today.year + 1, 1, 1), late=False,
                                   switch_end=date(today.year, 12, 31),
                                   notice_deadline=date(today.year, 11, 30),
                                   explanations=("Ordinary deductible: 3 months' notice.",))


GM = ProductInfo("GM", "Global semi-private", "Hospital, semi-private ward")
SC = ProductInfo("SC", "Complementary care", "Outpatient care",
                 tuple(Option(str(n), f"SC{n}") for n in (1, 2, 3, 4)))
DP = ProductInfo("DP", "Dental plus", "Dental care",
                 tuple(Option(str(n), f"DP{n}") for n in (0, 1, 2, 3)))
LS = ProductInfo("LS", "Legis sana+", "Patient's legal protection")
PRICES = {("GM", None): Decimal("180.00"), ("LS", None): Decimal("4.50")}
PRICES.update({("SC", str(n)): Decimal("10") * n for n in (1, 2, 3, 4)})
PRICES.update({("DP", str(n)): Decimal("15") + Decimal("12") * n for n in (0, 1, 2, 3)})


class FakeCatalogue:
    def families(self) -> Sequence[Family]:
        return [Family("global", "Global", (GM,)),
                Family("outpatient", "Outpatient care", (SC,)),
                Family("dental", "Dental", (DP,)),
                Family("legal", "Legal protection", (LS,))]

    def deductibles(self, product: str, level: str | None) -> Sequence[Decimal]:
        return {"GM": [Decimal(0), Decimal(1000), Decimal(3000)],
                "SC": [Decimal(0), Decimal(50)]}.get(product, [])

    def eligibility(self, product: str, level: str | None, person: PersonDraft,
                    draft: ProposalDraft) -> Eligibility:
        if person.birth_date is None:
            return Eligibility(True)
        age = age_on(person.birth_date, draft.start_date or TODAY)
        if product == "GM" and age > 55:
            return Eligibility(False, ("Only up to age 55 (003, GM).",))
        if product == "DP" and level == "0" and age > 18:
            return Eligibility(False, ("DP0 only from 0 to 18 (003, DP).",))
        if product == "DP" and level != "0" and age > 60:
            return Eligibility(False, ("Only up to age 60 (003, DP).",))
        return Eligibility(True)

    def waiting_periods(self, product: str, level: str | None,
                        start_date: date) -> Sequence[WaitingPeriod]:
        if product == "DP":
            return [WaitingPeriod("dental", 3, add_months(start_date, 3)),
                    WaitingPeriod("dental_prosthetics", 12, add_months(start_date, 12))]
        if product == "GM":
            return [WaitingPeriod("maternity_hospital", 12, add_months(start_date, 12))]
        return []

    def exclusions(self, product: str, level: str | None) -> Sequence[str]:
        return ["Teeth missing at entry"] if product == "DP" else []

    def level_features(self, product: str) -> Sequence[tuple[str, dict[str, str]]]:
        if product == "DP":
            return [("Yearly maximum", {"0": "CHF 15'000.–", "1": "CHF 1'000.–",
                                        "2": "CHF 3'000.–", "3": "CHF 15'000.–"})]
        return [("Level", {o.code: o.label for o in SC.levels})]

    def key_dates(self, draft: ProposalDraft, signed_on: date) -> Sequence[KeyDate]:
        return [KeyDate("Revocation until", signed_on + timedelta(days=14))]


class FakePricing:
    frequencies = ("annual", "semi_annual", "quarterly", "monthly")
    FACTORS = {"annual": Decimal(12), "semi_annual": Decimal(6), "quarterly": Decimal(3),
               "monthly": Decimal(1)}

    def price_of(self, draft: ProposalDraft, person_key: str, product: str,
                 level: str | None, deductible: Decimal | None) -> Decimal | None:
        price = PRICES.get((product, level))
        if price is not None and deductible:
            price -= deductible / Decimal(100)
        return price

    def quote(self, draft: ProposalDraft, frequency: str) -> Quote:
        lines = []
        for person in draft.persons:
            for choice in draft.products.get(person.key, []):
                monthly = self.price_of(draft, person.key, choice.product, choice.level,
                                        choice.deductible) or Decimal(0)
                gross = monthly * self.FACTORS[frequency]
                lines.append(QuoteLine(person.key, choice.product, choice.product,
                                       choice.level, choice.deductible, gross, (), gross))
        total = sum((line.net for line in lines), Decimal(0))
        return Quote(frequency, tuple(lines), total, ("Illustrative tariff",))

    def price_note(self, draft: ProposalDraft, person_key: str, product: str,
                   level: str | None, deductible: Decimal | None) -> str:
        return "" if (product, level) in PRICES else "No premium: not in the fake tariff."

    def basic_premiums(self, person: PersonDraft, choice: BasicInsuranceChoice) -> BasicPremiums:
        """CHF 400 (a child CHF 100), less a tenth of the deductible; CHF 30 off any model."""
        if not choice.insurer or person.birth_date is None:
            return BasicPremiums(note="Choose the insurer to see the premiums.")
        child = FakeBasic().deductibles(person.birth_date, TODAY) == FakeBasic.CHILD
        base = Decimal(100 if child else 400)
        return BasicPremiums({(model.code, amount): base - amount / 10
                              - (0 if model.code == "standard" else 30)
                              for model in FakeBasic().models()
                              for amount in FakeBasic().deductibles(person.birth_date, TODAY)})


TREATMENT = Question("treatment", "Are you currently under medical treatment?", "yes_no",
                     case_fields=(Question("diagnosis", "Diagnosis", "text"),))
SURGERY = Question("surgery", "Have you had surgery in the last 5 years?", "yes_no",
                   case_fields=(Question("body_part", "Body part", "choice",
                                         choices=(Option("knee", "Knee"),
                                                  Option("stomach", "Stomach"))),
                                Question("side", "Side", "choice",
                                         choices=(Option("left", "left"),
                                                  Option("right", "right")),
                                         visible_if=("body_part", ("knee",))),
                                Question("year", "Year", "text")))


class FakeQuestionnaires:
    def questions_for(self, person: PersonDraft, draft: ProposalDraft) -> Sequence[Question]:
        products = {c.product for c in draft.products.get(person.key, [])}
        return [TREATMENT, SURGERY] if products - {"LS"} else []

    def answered_by_representative(self, person: PersonDraft, draft: ProposalDraft) -> bool:
        return person.birth_date is not None and age_on(person.birth_date, TODAY) < 18

    def check(self, person: PersonDraft, draft: ProposalDraft) -> dict[str, str]:
        answers = draft.answers.get(person.key, {})
        problems: dict[str, str] = {}
        for question in self.questions_for(person, draft):
            answer = answers.get(question.id)
            if not isinstance(answer, dict):
                problems[question.id] = "Please answer this question."
            elif answer["value"] is True:
                if not answer["cases"]:
                    problems[question.id] = "Describe at least one case."
                for number, case in enumerate(answer["cases"], start=1):
                    for field in question.case_fields:
                        if field.visible_if is None and not case.get(field.id):
                            problems[f"{question.id}.{number}.{field.id}"] = \
                                "Please give this detail."
        return problems

    def suggestions(self, draft: ProposalDraft) -> Sequence[ReservationDraft]:
        found = []
        for person in draft.persons:
            answer = draft.answers.get(person.key, {}).get("surgery")
            if isinstance(answer, dict) and answer["value"] is True and answer["cases"]:
                case = answer["cases"][0]
                products = tuple(c.product for c in draft.products.get(person.key, [])
                                 if c.product in ("GM", "SC"))
                body = " ".join(str(case.get(k, "")) for k in ("side", "body_part")).strip()
                found.append(ReservationDraft(
                    person.key, f"surgery {case.get('year', '')}".strip(), body, products,
                    key=f"{person.key}:surgery"))
        return found

    def remarks(self, draft: ProposalDraft) -> Sequence[tuple[str, str]]:
        return [(p.key, "Dentaire plus excludes missing teeth: tell the client.")
                for p in draft.persons
                if (draft.answers.get(p.key, {}).get("teeth") or {}).get("value") is True]

    def referrals(self, draft: ProposalDraft) -> Sequence[Referral]:
        return [Referral(p.key, tuple(c.product for c in draft.products.get(p.key, [])
                                      if c.product not in ("LAMAL", "LS")),
                         ("Ongoing treatment.",))
                for p in draft.persons
                if (draft.answers.get(p.key, {}).get("treatment") or {}).get("value") is True]

    def check_reservation(self, draft: ProposalDraft,
                          reservation: ReservationDraft) -> dict[str, str]:
        problems = {}
        if not reservation.condition.strip():
            problems["condition"] = "A reservation needs the condition it excludes."
        if not reservation.products:
            problems["products"] = "A reservation must name at least one product."
        return problems

    def reservation_problems(self, draft: ProposalDraft) -> dict[str, str]:
        return {r.key: f"Consent missing: {r.condition}" for r in draft.reservations
                if r.status not in ("accepted_by_client", "refused_by_client")}


class FakeDocuments:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.offers: list[tuple[str | None, str, bool]] = []
        self.declaration_languages: list[str] = []

    def declarations(self, language: str) -> Sequence[DeclarationText]:
        self.declaration_languages.append(language)
        return [DeclarationText("truthfulness", "I answered truthfully.", True),
                DeclarationText("marketing_profiling", "Profiling is fine.", False)]

    def proposal_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        self.calls.append((language, len(draft.signatures)))
        buffer = io.BytesIO()
        canvas = Canvas(buffer)
        canvas.setTitle("Proposal")
        canvas.drawString(72, 770, f"Proposal {draft.title} ({language})")
        for i, person in enumerate(draft.persons):
            canvas.drawString(72, 740 - 16 * i, person.full_name)
        canvas.drawString(72, 500, f"Signatures: {len(draft.signatures)}")
        canvas.showPage()
        canvas.drawString(72, 770, "Page 2")
        canvas.save()
        return buffer.getvalue()

    def offer_pdf(self, draft: ProposalDraft, language: str,
                  compare_deductibles: bool = False) -> bytes:
        """A one-page PDF naming what was asked for; ValueError without a person."""
        if not draft.persons:
            raise ValueError("The household has no person yet.")
        self.offers.append((draft.id, language, compare_deductibles))
        buffer = io.BytesIO()
        canvas = Canvas(buffer)
        canvas.setTitle("Offer")
        canvas.drawString(72, 770, f"Offer {draft.title} ({language})")
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()


class FakeConflicts:
    """Open sync conflicts in memory; `resolve` fails with `error` when one is set, and may
    wait for `gate` so a test sees the dialog while the server is asked."""

    def __init__(self, rows: Sequence[ConflictRow] = ()) -> None:
        self.rows = list(rows)
        self.resolved: list[tuple[int, str]] = []
        self.error: Exception | None = None
        self.gate: threading.Event | None = None

    def count(self) -> int:
        return len(self.rows)

    def open_conflicts(self) -> Sequence[ConflictRow]:
        return list(self.rows)

    def resolve(self, conflict_id: int, keep: str) -> None:  # called off the interface thread
        if self.gate is not None:
            self.gate.wait(5)
        if self.error is not None:
            raise self.error
        self.resolved.append((conflict_id, keep))
        self.rows = [row for row in self.rows if row.id != conflict_id]


class FakeRepricings:
    def __init__(self, offers: Sequence[RepricedOffer] = ()) -> None:
        self.offers = list(offers)
        self.acknowledged: list[str] = []

    def count(self) -> int:
        return len(self.offers)

    def unreviewed(self) -> Sequence[RepricedOffer]:
        return list(self.offers)

    def acknowledge(self, repricing_id: str) -> None:
        if not any(offer.id == repricing_id for offer in self.offers):
            raise ReviewError("This repriced offer is no longer there.")
        self.acknowledged.append(repricing_id)
        self.offers = [offer for offer in self.offers if offer.id != repricing_id]


def phone_conflict(conflict_id: int = 41) -> ConflictRow:
    """Anna changed her number with the agent, and told the insurer another one."""
    return ConflictRow(conflict_id, "person", "phone", "Anna Rochat", "+41791234567",
                       "+41217654321", datetime(2026, 11, 20, 9, 0, tzinfo=UTC))


def repriced_offer() -> RepricedOffer:
    """The Rochats' offer repriced from tariff 2026.1 to 2027.1 (test figures)."""
    return RepricedOffer(
        "rp-1", "proposal-1", "Anna Rochat", "2026.1", "2027.1", (
            RepricedLine("Anna Rochat", "Basic insurance", Decimal("1180.25"),
                         Decimal("1234.50")),
            RepricedLine("Léa Rochat", "DP Dental", Decimal("30.00"), Decimal("25.40")),
            RepricedLine("Léa Rochat", "SC Hospital", None, Decimal("12.00")),
        ), datetime(2026, 11, 20, 9, 0, tzinfo=UTC))


class FakeFollowUps:
    """Follow-ups in memory by proposal id (`summaries`); the moves echo the real rules only
    as far as a view needs: an answer once, not in the future; a refusal drops the
    reservation's products; a revocation sent after `revocation_until` is refused."""

    def __init__(self) -> None:
        self.summaries: dict[str, FollowUp] = {}
        self.calls: list[tuple[object, ...]] = []

    def follow_up(self, proposal_id: str) -> FollowUp:
        return self.summaries.get(proposal_id, FollowUp(status="draft"))

    def _line(self, proposal_id: str, key: str) -> ConsentLine:
        return next(line for line in self.follow_up(proposal_id).reservations if line.key == key)

    def record_answer(self, proposal_id: str, reservation_key: str, consented: bool,
                      on: date) -> FollowUp:
        if on > TODAY:
            raise FollowUpError("The date of the client's answer cannot be in the future.")
        summary, line = self.follow_up(proposal_id), self._line(proposal_id, reservation_key)
        if not line.awaiting:
            raise FollowUpError("The client's answer is already recorded.")
        self.calls.append(("answer", proposal_id, reservation_key, consented, on))
        answered = replace(line, status="accepted_by_client" if consented
                           else "refused_by_client", answered_on=on, awaiting=False)
        decisions = summary.decisions if consented else tuple(
            replace(d, decision="dropped") if (d.person, d.product) == (line.person,
                                                                      line.products[0])
            else d for d in summary.decisions)
        status = ("policy_issued" if summary.policy_number else summary.status) if consented \
            else "accepted"
        self.summaries[proposal_id] = replace(
            summary, status=status, decisions=decisions,
            reservations=tuple(answered if r.key == line.key else r
                               for r in summary.reservations))
        return self.summaries[proposal_id]

    def set_answer_by(self, proposal_id: str, day: date) -> FollowUp:
        if day < TODAY:
            raise FollowUpError("The answer deadline cannot be in the past.")
        self.calls.append(("answer_by", proposal_id, day))
        summary = self.follow_up(proposal_id)
        self.summaries[proposal_id] = replace(summary, reservations=tuple(
            replace(r, answer_by=day) if r.awaiting and r.answer_by is None else r
            for r in summary.reservations))
        return self.summaries[proposal_id]

    def revoke(self, proposal_id: str, sent_on: date) -> FollowUp:
        summary = self.follow_up(proposal_id)
        until = summary.revocation_until
        assert until is not None
        if sent_on > until:
            raise FollowUpError(f"The revocation period ended on {until:%d.%m.%Y}; a "
                                f"revocation sent on {sent_on:%d.%m.%Y} is too late.")
        self.calls.append(("revoke", proposal_id, sent_on))
        self.summaries[proposal_id] = replace(
            summary, status="revoked", revocation_open=False, revocation_recordable=False,
            revocation_reason="The proposal has been revoked.",
            reservations=tuple(replace(r, awaiting=False) for r in summary.reservations))
        return self.summaries[proposal_id]

    def consent_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        awaiting = [r for r in self.follow_up(draft.id).reservations if r.awaiting]
        if any(r.answer_by is None for r in awaiting):
            raise ValueError("Enter the insurer's answer deadline first.")
        self.calls.append(("consent_pdf", draft.id, language))
        buffer = io.BytesIO()
        canvas = Canvas(buffer)
        canvas.setTitle("Consent")
        for number, line in enumerate(awaiting):
            canvas.drawString(72, 770 - 16 * number, f"{line.person}: {line.wording} "
                                                     f"(answer by {line.answer_by})")
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()


def decided_follow_up(draft: ProposalDraft, answer_by: date | None = None) -> FollowUp:
    """The Rochats' proposal signed on 20.11.2026, decided on 30.11.2026: Anna's GM accepted
    with a reservation waiting for her consent, the rest accepted, a policy number."""
    anna, marc, lea = (p.full_name for p in draft.persons)
    return FollowUp(
        status="accepted_with_reservations", signed_on=date(2026, 11, 20),
        submitted_on=date(2026, 11, 21), decided_on=date(2026, 11, 30),
        policy_number="GM-2026-004711", revocation_until=date(2026, 12, 4),
        revocation_open=True, revocation_recordable=True,
        decisions=(DecisionLine(anna, "GM Global", "accepted_with_reservations"),
                   DecisionLine(anna, "SC Complementary care", "accepted"),
                   DecisionLine(marc, "GM Global", "accepted"),
                   DecisionLine(lea, "DP Dental plus", "accepted")),
        reservations=(ConsentLine("r-knee", anna, "left knee, meniscus surgery 2024",
                                  ("GM Global",), "consent_requested", None, answer_by,
                                  awaiting=True, decided=True, origin="insurer"),),
        history=((date(2026, 11, 20), "complete"), (date(2026, 11, 20), "signed"),
                 (date(2026, 11, 21), "submitted"),
                 (date(2026, 11, 30), "accepted_with_reservations")))


def make_context(**overrides: object) -> AppContext:
    proposals = FakeProposals()
    values: dict[str, object] = dict(
        auth=FakeAuth(), sync=FakeSync(), directory=proposals, proposals=proposals,
        places=FakePlaces(), checks=FakeChecks(), basic=FakeBasic(),
        catalogue=FakeCatalogue(), pricing=FakePricing(),
        questionnaires=FakeQuestionnaires(), documents=FakeDocuments(),
        preferences=MemoryPreferences(), conflicts=FakeConflicts(),
        repricings=FakeRepricings(), follow_ups=FakeFollowUps(), today=lambda: TODAY)
    values.update(overrides)
    return AppContext(**values)  # type: ignore[arg-type]


def family_draft() -> ProposalDraft:
    """Two adults and a child in Lausanne, persons complete, nothing chosen yet."""
    anna = PersonDraft(role="policyholder", first_name="Anna", last_name="Rochat", sex="F",
                       birth_date=date(1986, 5, 1), ahv_number="756.1234.5678.97",
                       postal_code="1003", municipality="Lausanne", canton="VD")
    marc = PersonDraft(role="partner", first_name="Marc", last_name="Rochat", sex="M",
                       birth_date=date(1984, 2, 29), postal_code="1003",
                       municipality="Lausanne", canton="VD")
    lea = PersonDraft(role="child", first_name="Léa", last_name="Rochat", sex="F",
                      birth_date=date(2018, 7, 14), postal_code="1003",
                      municipality="Lausanne", canton="VD")
    return ProposalDraft(persons=[anna, marc, lea], start_date=date(2027, 1, 1))


def chosen(draft: ProposalDraft) -> ProposalDraft:
    """The family with basic insurance, GM for the adults, DP for the child, SC for all."""
    for person in draft.persons:
        child = person.role == "child"
        draft.basic[person.key] = BasicInsuranceChoice(
            insurer="CMVEO", deductible=Decimal(0 if child else 300),
            start_date=date(2027, 1, 1), current_insurer="EGK",
            current_deductible=Decimal(0 if child else 300))
        items = [ProductChoice("SC", "2", Decimal(0))]
        items.append(ProductChoice("DP", "0") if child else ProductChoice("GM", None,
                                                                          Decimal(0)))
        draft.products[person.key] = items
    return draft
