"""The product catalogue, eligibility and contract dates (issue 2) for the screens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from app.i18n import N_, _
from app.services.application.draft import PersonDraft, ProposalDraft
from app.services.application.ports import (
    Eligibility,
    Family,
    KeyDate,
    Option,
    ProductInfo,
    WaitingPeriod,
)
from app.services.catalogue import Catalogue as CatalogueData
from app.services.catalogue import Level, Product
from app.services.catalogue.contract import key_dates, waiting_periods
from app.services.catalogue.eligibility import check_eligibility
from app.services.formatting import format_chf, format_date

# Rows of the level comparison; the cells are the catalogue's own texts.
FEATURES = (
    ("deductibles", N_("Deductible options")),
    ("age", N_("Entry age")),
    ("territory", N_("Territory")),
    ("benefits", N_("Benefits and limits")),
    ("capitals", N_("Insured capitals")),
)

# Waiting-period benefits named when the catalogue gives no sentence for them.
BENEFITS = {
    "maternity_hospital": N_("Hospital stays for pregnancy and childbirth"),
    "dental": N_("Dental treatment"),
    "dental_prosthetics": N_("Dental prosthetics"),
    "all": N_("All benefits"),
    "contract_disputes": N_("Contract disputes"),
    "aesthetic_disputes": N_("Disputes over aesthetic treatment"),
}


class CatalogueAdapter:
    def __init__(self, catalogue: CatalogueData, today: Callable[[], date],
                 medical_report: Callable[[ProposalDraft], bool] = lambda _draft: False
                 ) -> None:
        self.data = catalogue
        self.today = today
        # whether the answers send the proposal to the insurer's medical officer (a report
        # or examination): it sets the binding period (LCA art. 1 al. 1)
        self.medical_report = medical_report

    def families(self) -> Sequence[Family]:
        found = []
        for family in self.data.families().values():
            products = tuple(self._info(self.data.product(code)) for code in family.products)
            found.append(Family(family.id, family.name(), products))
        return found

    @staticmethod
    def _info(product: Product) -> ProductInfo:
        levels = tuple(Option(level.id, level.name()) for level in product.level_data)
        return ProductInfo(product.code, product.name(), product.description(), levels)

    def deductibles(self, product: str, level: str | None) -> Sequence[Decimal]:
        item = self.data.product(product)
        if level is None and item.levels:
            level = item.levels[0]
        return item.deductibles(level)

    def eligibility(self, product: str, level: str | None, person: PersonDraft,
                    draft: ProposalDraft) -> Eligibility:
        if person.birth_date is None:
            return Eligibility(False, (_("Enter the birth date first."),))
        start = draft.start_date or self.today()
        basic = draft.basic.get(person.key)
        try:
            verdict = check_eligibility(
                self.data, product, level, birth_date=person.birth_date, start_date=start,
                lamal_insurer=basic.insurer if basic and basic.insurer else None,
                requested_on=self.today())  # the meeting is the request (003 "Conditions d'admission")
        except ValueError as error:  # born after the start date
            return Eligibility(False, (str(error),))
        return Eligibility(verdict.eligible, tuple(r.message for r in verdict.reasons))

    def waiting_periods(self, product: str, level: str | None,
                        start_date: date) -> Sequence[WaitingPeriod]:
        found = []
        for period in waiting_periods(self.data, product, level, start_date=start_date):
            if period.text is not None:
                benefit = period.text.get().rstrip(".")
            else:
                benefit = _(BENEFITS[period.benefit]) if period.benefit in BENEFITS \
                    else period.benefit
            found.append(WaitingPeriod(benefit, period.months, period.covered_from))
        return found

    def exclusions(self, product: str, level: str | None) -> Sequence[str]:
        return [exclusion.text.get() for exclusion in self.data.product(product).exclusions]

    def level_features(self, product: str) -> Sequence[tuple[str, dict[str, str]]]:
        item = self.data.product(product)
        rows: list[tuple[str, dict[str, str]]] = []
        for key, title in FEATURES:
            cells = {level.id: self._feature(item, level, key) for level in item.level_data}
            if any(cells.values()):
                rows.append((_(title), cells))
        return rows

    @staticmethod
    def _feature(product: Product, level: Level, key: str) -> str:
        if key == "deductibles":
            return ", ".join(format_chf(d) for d in level.deductibles) or _("no deductible")
        if key == "age":
            low, high = level.age.min_age, level.age.max_age
            if low is not None and high is not None:
                return _("from %(low)d to %(high)d") % {"low": low, "high": high}
            if high is not None:
                return _("up to %d") % high
            if low is not None:
                return _("from %d") % low
            return _("any age")
        if key == "territory":
            territory = level.territory or product.territory
            return territory.text.get() if territory else ""
        if key == "benefits":
            limits = list(product.default.limits) + [
                limit for limit in level.limits if limit not in product.default.limits]
            return "\n".join("• " + limit.text.get() for limit in limits)
        if key == "capitals":
            return ", ".join(format_chf(c.amount) for c in level.capitals)
        return ""

    def key_dates(self, draft: ProposalDraft, signed_on: date) -> Sequence[KeyDate]:
        codes = list(dict.fromkeys(c.product for choices in draft.products.values()
                                   for c in choices))
        if not codes or draft.start_date is None:
            return []
        medical = self.medical_report(draft)
        found: list[KeyDate] = []
        first = True
        holder = draft.persons[0] if draft.persons else None
        canton = holder.canton or None if holder else None  # holidays at the proposer's place
        for code in codes:
            dates = key_dates(self.data, code, draft.start_date, signed_on,
                              medical_questions=medical, canton=canton)
            if first:  # the same for the whole proposal
                found.append(KeyDate(_("The client is bound by the proposal until"),
                                     dates.binding_until))
                found.append(KeyDate(_("Revocation possible until"), dates.revocation_until))
                first = False
            if dates.minimum_term_end is not None:
                found.append(KeyDate(_("%s: minimum term until") % code,
                                     dates.minimum_term_end))
            if dates.notice_deadline is not None:
                found.append(KeyDate(_("%s: notice must reach the insurer by") % code,
                                     dates.notice_deadline))
            if dates.decrease_from is not None and dates.decrease_notice_deadline is not None:
                found.append(KeyDate(_("%(code)s: a lower cover from (asked by %(deadline)s)")
                                     % {"code": code, "deadline": format_date(
                                         dates.decrease_notice_deadline)},
                                     dates.decrease_from))
        return found
