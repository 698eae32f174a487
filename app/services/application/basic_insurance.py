"""Basic insurance (LAMal, issue 8) for the wizard's basic-insurance step."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from app.i18n import _
from app.services.application.draft import BasicInsuranceChoice, PersonDraft
from app.services.application.ports import BasicInsuranceDates, Option
from app.services.catalogue import Catalogue as CatalogueData
from app.services.lamal import deadlines as lamal
from app.services.lamal.cost_sharing import AGE_GROUPS, deductible_options
from app.services.lamal.summary import basic_insurance_summary


class BasicInsuranceAdapter:
    def __init__(self, catalogue: CatalogueData) -> None:
        self.catalogue = catalogue

    def insurers(self) -> Sequence[Option]:
        return [Option(insurer.code, insurer.name) for insurer in lamal.insurers()]

    def models(self) -> Sequence[Option]:
        return [Option(model.id, model.name()) for model in self.catalogue.lamal.models]

    def age_group(self, birth_date: date, year: int) -> str:
        """LAMal age group by premium year minus birth year (catalogue "lamal" age groups)."""
        age = year - birth_date.year
        for name, (low, high) in zip(AGE_GROUPS, self.catalogue.lamal.age_groups, strict=True):
            if age >= low and (high is None or age <= high):
                return name
        raise ValueError(f"no LAMal age group for age {age}")

    def deductibles(self, birth_date: date | None, start_date: date) -> Sequence[Decimal]:
        if birth_date is None:
            return deductible_options(None)
        return deductible_options(self.age_group(birth_date, start_date.year))

    def dates(self, choice: BasicInsuranceChoice, person: PersonDraft,
              today: date) -> BasicInsuranceDates:
        if choice.reason == "change_of_insurer":
            group = self.age_group(person.birth_date, today.year) if person.birth_date else None
            current = choice.current_deductible if choice.current_deductible is not None \
                else deductible_options(group or "adult")[0]  # the ordinary one
            summary = basic_insurance_summary(
                choice.insurer, reason=choice.reason, today=today,
                previous_insurer=choice.current_insurer or None, deductible=current,
                model=choice.current_model, new_premium_announced=choice.premium_announced,
                canton=person.canton or None, age_group=group)
        else:
            summary = basic_insurance_summary(choice.insurer, reason=choice.reason, today=today,
                                              event_date=choice.event_date)
        texts, sources = plain_sentences(summary.explanations)
        assumption = _(lamal.ASSUMPTION)
        return BasicInsuranceDates(
            start_date=summary.earliest_start, late=summary.late,
            switch_end=summary.switch.earliest_end if summary.switch else None,
            notice_deadline=summary.notice_deadline,
            explanations=tuple(t for t in texts if t != assumption),
            first_month_factor=summary.first_month_factor, sources=sources,
            assumed=assumption in texts)


# "(001 art. 5.1)", "(cf. 002 art. 19.3)", "(LAMal art. 7 al. 1)": a citation at the end
# of a rule's sentence; the agent reads the sentence, the citation goes to the tooltip.
CITATION = re.compile(r"\s*\(((?:cf\.\s*)?(?:\d{3}\b|LAMal|OAMal|LCA|LAA|CO|SR|RS)[^()]*)\)")


def plain_sentences(texts: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The explanations without their citations, and the citations, each once."""
    plain: list[str] = []
    sources: list[str] = []
    for text in texts:
        for found in CITATION.findall(text):
            for source in found.removeprefix("cf.").strip().split("; "):
                if source not in sources:
                    sources.append(source)
        plain.append(CITATION.sub("", text))
    return tuple(plain), tuple(sources)


@dataclass(frozen=True)
class CopiedChoice:
    choice: BasicInsuranceChoice
    kept: Decimal | None = None  # the source's deductible this person is not offered


def copy_choice(source: BasicInsuranceChoice, source_options: Sequence[Decimal],
                target: BasicInsuranceChoice,
                target_options: Sequence[Decimal]) -> CopiedChoice:
    """One person's basic-insurance choices given to another ("use for everyone").

    The insurer, models and the current insurer are copied; the reason and its date stay the
    person's own. A deductible is copied as what it means: the ordinary one (the first
    option) becomes the person's own ordinary one, so an adult's CHF 300 is a child's CHF 0
    (LAMal art. 64 al. 4, OAMal art. 103 al. 1: children have no ordinary deductible, and
    CHF 300 would be an optional one delaying a change of insurer, 001 art. 5, 002 art. 16);
    another is copied where the person is offered it, else the person keeps theirs and
    `kept` names the amount.
    """
    def mapped(value: Decimal | None, own: Decimal | None) -> tuple[Decimal | None, bool]:
        if value is None or not source_options or value == source_options[0]:
            return (target_options[0] if target_options else value), False
        if value in target_options:
            return value, False
        return own, True

    deductible, kept = mapped(source.deductible, target.deductible)
    current, _kept_current = mapped(source.current_deductible, target.current_deductible)
    choice = replace(source, reason=target.reason, event_date=target.event_date,
                     deductible=deductible, current_deductible=current, start_date=None,
                     item_id=target.item_id)
    return CopiedChoice(choice, source.deductible if kept else None)
