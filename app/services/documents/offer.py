"""The offer: premiums per person and product, optional deductible comparison,
waiting periods and exclusions, and the pre-contractual information of LCA art. 3.

With two or three variants in the record (and none picked with `variant=`), the
offer shows them side by side first, with the yearly difference to the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.i18n import N_, _
from app.services.documents import texts
from app.services.documents.layout import (
    STYLES,
    DocumentRenderer,
    chf_cell,
    data_table,
    p,
    section,
    spacer,
)
from app.services.documents.records import ProposalRecord, RecordError, Variant
from app.services.documents.sections import (
    coverage_blocks,
    persons_table,
    precontractual_information,
    products_of,
    text,
    totals_table,
    waiting_periods_table,
)
from app.services.documents.variants import variants_comparison
from app.services.formatting import format_date


@dataclass(frozen=True)
class OfferOptions:
    variant: str = ""  # print only this variant; "" = all variants of the record
    compare_deductibles: bool = False


class OfferRenderer(DocumentRenderer):
    title = N_("Offer")

    def __init__(self, record: ProposalRecord, language: str, options: OfferOptions | None = None):
        super().__init__(record, language)
        self.options = options or OfferOptions()
        self.variants = self._selected_variants()

    def _selected_variants(self) -> tuple[Variant, ...]:
        if not self.options.variant:
            return self.record.variants
        for variant in self.record.variants:
            if variant.key == self.options.variant:
                return (variant,)
        keys = ", ".join(v.key for v in self.record.variants)
        raise RecordError(f"$.variants: no variant {self.options.variant!r} (has {keys})")

    def insurers_named(self) -> list[str]:
        return [insurer.name for insurer in self.record.risk_carriers(self.variants)]

    def story(self) -> list[Flowable]:
        record, lang = self.record, self.language
        dates = record.key_dates
        subtitle = _("Reference {reference} · issued on {date}").format(
            reference=record.reference, date=format_date(dates.issued))
        if dates.offer_valid_until:
            subtitle += " · " + _("valid until {date}").format(date=format_date(dates.offer_valid_until))
        story: list[Flowable] = [self.address_block(), *self.title_block(subtitle)]
        alone = len(record.household.members) == 1
        story.append(p((_("Prepared for {name}.") if alone else _(
            "Prepared for {name} and the persons below.")).format(
            name=record.policyholder.full_name)))
        story += section(_("Insured persons"), persons_table(record))
        if len(self.variants) > 1:
            story += section(_("Variants compared"), variants_comparison(record, self.variants, lang))
        for variant in self.variants:
            title = _("Premiums")
            if len(self.variants) > 1:
                title = _("Variant {key}: {label}").format(key=variant.key, label=text(variant.label, lang))
            story += section(title, *coverage_blocks(record, variant, lang), spacer(2),
                             totals_table(variant))
        if self.options.compare_deductibles:
            story += self._deductible_comparisons()
        if products_of(self.variants):  # LCA art. 3 is about complementary products only
            story += waiting_periods_table(self.variants, lang)
            story += precontractual_information(record, self.variants, lang, signed=False)
        story += [spacer(3), p(texts.offer_is_not_binding(), STYLES.small)]
        return story

    def _deductible_comparisons(self) -> list[Flowable]:
        record, lang = self.record, self.language
        if not record.deductible_comparisons:
            raise RecordError("$.deductible_comparisons: none in the record, nothing to compare")
        flowables: list[Flowable] = [
            p(_("Premium for each deductible; the maximum yearly cost adds the deductible and "
                "the maximum co-payment to the premium (art. 64 LAMal)."), STYLES.small)]
        for comparison in record.deductible_comparisons:
            person = record.person(comparison.person)
            lowest = min(comparison.options, key=lambda o: o.deductible)
            rows: list[list[Flowable | str]] = []
            chosen_row = 0
            for index, option in enumerate(sorted(comparison.options, key=lambda o: o.deductible), 1):
                saving = lowest.annual_premium - option.annual_premium
                worst = (
                    chf_cell(option.annual_premium + option.deductible + option.max_copayment)
                    if option.max_copayment is not None else "–"
                )
                label = chf_cell(option.deductible)
                if option.deductible == comparison.chosen:
                    label += " " + _("(chosen)")
                    chosen_row = index
                rows.append([label, chf_cell(option.monthly_premium), chf_cell(option.annual_premium),
                             chf_cell(saving) if saving else "–", worst])
            flowables.append(p(f"{text(comparison.label, lang)} – {person.full_name}", STYLES.h3))
            flowables.append(data_table(
                [_("Deductible"), _("Premium per month"), _("Premium per year"),
                 _("Saving per year"), _("Maximum cost per year")],
                rows, [38 * mm, 33 * mm, 33 * mm, 30 * mm, 36 * mm],
                right=(1, 2, 3, 4), shaded_rows=(chosen_row,) if chosen_row else (),
            ))
        return section(_("Compare deductibles"), *flowables)
