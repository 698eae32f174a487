"""Premiums (issue 9) for the product picker and the summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from app.i18n import _
from app.services.application.draft import BasicInsuranceChoice, PersonDraft, ProposalDraft
from app.services.application.ports import BasicPremiums, MissingPremium, Quote, QuoteLine
from app.services.catalogue import LAMAL_CODE
from app.services.catalogue import Catalogue as CatalogueData
from app.services.formatting import format_chf, format_date
from app.services.pricing.engine import FREQUENCIES, PricingError, compare_deductibles, quote
from app.services.pricing.model import HouseholdInput, ItemInput, PersonInput
from app.services.pricing.model import Quote as PricedQuote
from app.services.pricing.model import QuoteLine as PricedLine
from app.services.pricing.tariffs import Tariffs

ROLES = {"policyholder": "policyholder", "spouse": "spouse", "partner": "partner",
         "child": "child"}


class PricingAdapter:
    frequencies: Sequence[str] = FREQUENCIES

    def __init__(self, catalogue: CatalogueData, tariffs: Tariffs,
                 today: Callable[[], date]) -> None:
        self.catalogue = catalogue
        self.tariffs = tariffs
        self.today = today

    # --- the draft as the engine's inputs -----------------------------------------

    @staticmethod
    def priceable(person: PersonDraft) -> bool:
        return bool(person.birth_date and person.sex and person.canton)

    def _household(self, draft: ProposalDraft) -> HouseholdInput:
        persons = []
        for person in draft.persons:
            if not self.priceable(person):
                continue
            assert person.birth_date is not None
            basic = draft.basic.get(person.key)
            persons.append(PersonInput(
                id=person.key, first_name=person.first_name, last_name=person.last_name,
                birth_date=person.birth_date, sex=person.sex, canton=person.canton,
                premium_region=person.premium_region or 1, role=ROLES.get(person.role, ""),
                postal_code=person.postal_code,
                lamal_insurer=basic.insurer if basic and basic.insurer else None))
        return HouseholdInput(persons=tuple(persons))

    def items(self, draft: ProposalDraft) -> list[ItemInput]:
        items = []
        for person in draft.persons:
            if not self.priceable(person):
                continue
            basic = draft.basic.get(person.key)
            if basic is not None and basic.insurer and basic.deductible is not None:
                items.append(ItemInput(
                    person.key, LAMAL_CODE, deductible=basic.deductible,
                    start_date=basic.start_date, accident_cover=basic.accident_cover,
                    model=basic.model, insurer=basic.insurer))
            for choice in draft.products.get(person.key, []):
                items.append(ItemInput(person.key, choice.product, choice.level,
                                       choice.deductible, start_date=draft.start_date))
        return items

    def year(self, draft: ProposalDraft) -> int:
        starts = [c.start_date for c in draft.basic.values() if c.start_date]
        first = draft.start_date or (min(starts) if starts else None)
        return (first or date(self.today().year + 1, 1, 1)).year

    def _quote(self, draft: ProposalDraft, items: list[ItemInput], frequency: str,
               missing: list[MissingPremium] | None = None,
               ) -> tuple[list[tuple[ItemInput, PricedLine]], list[str]]:
        """Priced lines (or the item alone when the whole household cannot be priced); an
        item that cannot be priced goes to `missing` with its reason."""
        household = self._household(draft)
        year = self.year(draft)
        try:
            priced = quote(self.catalogue, self.tariffs, household, items, year, frequency)
            return list(zip(items, priced.lines, strict=True)), self._notes(priced)
        except PricingError:
            pass
        found: list[tuple[ItemInput, PricedLine]] = []
        notes: list[str] = []
        names = {p.key: p.full_name or _("(no name yet)") for p in draft.persons}
        for item in items:
            try:
                one = quote(self.catalogue, self.tariffs, household, [item], year, frequency)
            except PricingError as error:
                if missing is not None:
                    missing.append(MissingPremium(item.person_id, self._label(item),
                                                  self._why(item, names, year, error)))
                continue
            found.append((item, one.lines[0]))
            notes.extend(n for n in self._notes(one) if n not in notes)
        return found, notes

    def _why(self, item: ItemInput, names: dict[str, str], year: int,
             error: PricingError) -> str:
        name = names.get(item.person_id, "")
        if item.start_date is not None and item.start_date.year > year:
            if item.product == LAMAL_CODE:
                return _("{name}: the basic insurance starts on {start}, after the premium year "
                         "{year}, so its premium is not in this total. A current deductible "
                         "above the ordinary one delays a change of insurer to the next 31 "
                         "December: check the current deductible on the basic insurance "
                         "step.").format(name=name, start=format_date(item.start_date),
                                         year=year)
            return _("{name}: {product} starts on {start}, after the premium year {year}, so "
                     "its premium is not in this total.").format(
                name=name, product=self._label(item), start=format_date(item.start_date),
                year=year)
        capital = self._capital_note(item.product, item.level, year) \
            if item.product != LAMAL_CODE and item.capital is None else None
        if capital is not None:
            return f"{name}: {self._label(item)}: {capital}"
        return _("{name}: {product} cannot be priced: {reason}").format(
            name=name, product=self._label(item), reason=str(error))

    def _capital_note(self, product: str, level: str | None, year: int) -> str | None:
        """Why a product its tariff prices by the insured amount has no premium: the draft
        records no amount. In the shipped tariff KH, PI and ID (its `capital` column; 003 KH
        "11 capitaux annuels à choix", ID "les primes sont échelonnées en fonction des
        tranches d'âge et des capitaux assurés"). None for a product priced without one."""
        tyear = self.tariffs.lca_year(product, year)
        amounts = self.tariffs.lca_capitals.get((tyear, product, level or ""), ()) \
            if tyear is not None else ()
        if not amounts:
            return None
        return _("No premium: the tariff prices it by the insured amount ({low} to {high}), "
                 "which this proposal does not record yet; if chosen, it is left out of the "
                 "total.").format(low=format_chf(min(amounts), dash_for_whole=True),
                                  high=format_chf(max(amounts), dash_for_whole=True))

    @staticmethod
    def _notes(priced: PricedQuote) -> list[str]:
        notes = []
        if priced.illustrative:
            notes.append(_("Illustrative tariff: these are not the insurer's real premiums."))
        if priced.tariff_years_behind:  # issue 17, item 14: never reused silently
            notes.append(_("No tariff for {year} yet: these are the premiums of {years}; "
                           "the insurer's {year} premiums may differ.").format(
                year=priced.year, years=", ".join(map(str, priced.tariff_years_behind))))
        return notes

    # --- the port -----------------------------------------------------------------

    def quote(self, draft: ProposalDraft, frequency: str) -> Quote:
        missing: list[MissingPremium] = []
        pairs, notes = self._quote(draft, self.items(draft), frequency, missing)
        names = {p.key: p.full_name for p in draft.persons}
        lines = []
        for item, line in pairs:
            lines.append(QuoteLine(
                person_key=item.person_id, product=item.product, label=self._label(item),
                level=line.level, deductible=line.deductible, gross=line.gross,
                discounts=tuple((d.reason, d.amount) for d in line.discounts),
                net=line.net, surcharge=line.surcharge))
        for person in draft.persons:
            if not self.priceable(person) and (draft.products.get(person.key)
                                               or person.key in draft.basic):
                notes.append(_("%s: enter birth date, sex and canton to see the premiums.")
                             % (names[person.key] or _("(no name yet)")))
        total = sum((line.net for line in lines), Decimal("0.00"))
        return Quote(frequency, tuple(lines), total, tuple(notes), tuple(missing))

    def _label(self, item: ItemInput) -> str:
        product = self.catalogue.product(item.product)
        if item.product == LAMAL_CODE:  # the model's name without its explanation
            model = self.catalogue.lamal.model(item.model or "standard").name().split(" (")[0]
            return f"{_('Basic insurance')} – {item.insurer}, {model}"
        return f"{product.code} {product.name()}"

    def price_of(self, draft: ProposalDraft, person_key: str, product: str,
                 level: str | None, deductible: Decimal | None) -> Decimal | None:
        """This choice's monthly net premium within the household as it stands."""
        person = next((p for p in draft.persons if p.key == person_key), None)
        if person is None or not self.priceable(person):
            return None
        others = [i for i in self.items(draft)
                  if not (i.person_id == person_key and i.product == product)]
        wanted = ItemInput(person_key, product, level, deductible, start_date=draft.start_date)
        pairs, _notes = self._quote(draft, [*others, wanted], "monthly")
        for item, line in pairs:
            if item is wanted:
                return line.net
        return None

    def price_note(self, draft: ProposalDraft, person_key: str, product: str,
                   level: str | None, deductible: Decimal | None) -> str:
        """Why `price_of` gives no premium for this choice, in words for the agent."""
        person = next((p for p in draft.persons if p.key == person_key), None)
        if person is None:
            return ""
        if not self.priceable(person):
            return _("No premium: enter the birth date, sex and canton first.")
        year = self.year(draft)
        capital = self._capital_note(product, level, year)
        if capital is not None:
            return capital
        item = ItemInput(person_key, product, level, deductible, start_date=draft.start_date)
        try:
            quote(self.catalogue, self.tariffs, self._household(draft), [item], year, "monthly")
        except PricingError as error:
            return _("No premium: {reason}").format(reason=str(error))
        return ""

    def basic_premiums(self, person: PersonDraft,
                       choice: BasicInsuranceChoice) -> BasicPremiums:
        """The person's monthly basic-insurance premium with the insurer and accident cover
        chosen, at every model and deductible (those of the person's age group in the premium
        year: OAMal art. 93 and 103), in the year the start date falls in."""
        if not self.priceable(person):
            return BasicPremiums(note=_("Enter the birth date, sex and canton to see the "
                                        "premiums."))
        if not choice.insurer:
            return BasicPremiums(note=_("Choose the insurer to see the premiums."))
        draft = ProposalDraft(persons=[person], basic={person.key: choice})
        household, year = self._household(draft), self.year(draft)
        amounts: dict[tuple[str, Decimal], Decimal] = {}
        problems: list[str] = []
        illustrative = False
        for model in self.catalogue.lamal.models:
            item = ItemInput(person.key, LAMAL_CODE, start_date=choice.start_date,
                             accident_cover=choice.accident_cover, model=model.id,
                             insurer=choice.insurer)
            try:
                options = compare_deductibles(self.catalogue, self.tariffs, household, [item],
                                              year, "monthly")
            except PricingError as error:  # e.g. the insurer has no tariff for this model
                problems.append(str(error))
                continue
            for line in options[0].options:
                if line.deductible is not None:
                    amounts[(model.id, line.deductible)] = line.net
                illustrative = illustrative or line.illustrative
        if not amounts:
            return BasicPremiums(note=_("No premium: {reason}").format(
                reason=problems[0] if problems else _("no tariff")))
        return BasicPremiums(amounts, _("Illustrative tariff: these are not the insurer's "
                                        "real premiums.") if illustrative else "")
