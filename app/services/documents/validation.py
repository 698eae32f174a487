"""Consistency of a proposal record: every problem named by its JSON path.

Runs when a `ProposalRecord` is built (from JSON or by a builder), so a record
in memory is always whole: persons referenced exist, premiums add up, each
reservation names a product the person has. A document is never rendered from
a record that would print a wrong or missing figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from stdnum import iban
from stdnum.ch import esr, ssn
from stdnum.iso11649 import is_valid as is_valid_creditor_reference

from app.services.formatting import format_chf

if TYPE_CHECKING:
    from app.services.documents.records import (
        Premium,
        ProposalRecord,
        Variant,
    )

MAX_VARIANTS = 3  # issue 5: up to three variants side by side
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
QR_IID = range(30000, 32000)  # QR-IBAN: institution id 30000-31999 (QR-bill spec 2.3, 3.4.3)


def check_record(record: ProposalRecord) -> list[str]:
    problems: list[str] = []
    problems += _check_household(record)
    person_ids = {p.id for p in record.household.members}
    codes = [i.code for i in record.insurers]
    problems += [f"$.insurers: insurer code {c!r} appears twice" for c in _duplicates(codes)]
    problems += _check_variants(record, person_ids, set(codes))
    problems += _check_dates(record)
    problems += _check_answers(record, person_ids)
    problems += _check_reservations(record, person_ids)
    problems += _check_referrals(record, person_ids)
    problems += _check_signatures(record, person_ids)
    problems += _check_policy(record, person_ids)
    return problems


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    twice: list[str] = []
    for value in values:
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    return twice


def _unknown_person(path: str, person: str | None, known: set[str]) -> list[str]:
    if person is None or person in known:
        return []
    return [f"{path}: unknown person {person!r} (household has {', '.join(sorted(known))})"]


def _check_household(record: ProposalRecord) -> list[str]:
    household = record.household
    problems: list[str] = []
    if not household.members:
        problems.append("$.household.members: no person")
    ids = [p.id for p in household.members]
    problems += [f"$.household.members: person id {i!r} appears twice" for i in _duplicates(ids)]
    if household.policyholder not in ids:
        problems.append(
            f"$.household.policyholder: {household.policyholder!r} is not a member "
            f"({', '.join(ids) or 'none'})"
        )
    for index, person in enumerate(household.members):
        path = f"$.household.members[{index}]"
        if not person.id.strip():
            problems.append(f"{path}.id: empty")
        for name in ("first_name", "last_name"):
            if not getattr(person, name).strip():
                problems.append(f"{path}.{name}: empty")
        if person.ahv and not ssn.is_valid(person.ahv):
            problems.append(f"{path}.ahv: {person.ahv!r} is not a valid AHV number 756.XXXX.XXXX.XC")
        if person.birth_date > record.key_dates.issued:
            problems.append(f"{path}.birth_date: after the issue date")
    return problems


def _check_premium(path: str, premium: Premium) -> list[str]:
    problems: list[str] = []
    for name in ("monthly_gross", "monthly_net", "annual_net"):
        if getattr(premium, name) < 0:
            problems.append(f"{path}.{name}: negative")
    discounts = Decimal(0)
    for index, discount in enumerate(premium.discounts):
        if discount.monthly_amount <= 0:
            problems.append(f"{path}.discounts[{index}].monthly_amount: must be positive")
        discounts += discount.monthly_amount
    expected = premium.monthly_gross - discounts
    if premium.monthly_net != expected:
        problems.append(
            f"{path}.monthly_net: {format_chf(premium.monthly_net)} is not the gross premium "
            f"less discounts ({format_chf(expected)})"
        )
    return problems


def _check_variants(record: ProposalRecord, persons: set[str], insurers: set[str]) -> list[str]:
    problems: list[str] = []
    if not 1 <= len(record.variants) <= MAX_VARIANTS:
        problems.append(f"$.variants: {len(record.variants)} variants; between 1 and {MAX_VARIANTS}")
    keys = [v.key for v in record.variants]
    problems += [f"$.variants: key {k!r} appears twice" for k in _duplicates(keys)]
    if record.chosen_variant and record.chosen_variant not in keys:
        problems.append(f"$.chosen_variant: no variant {record.chosen_variant!r}")
    for v_index, variant in enumerate(record.variants):
        problems += _check_variant(f"$.variants[{v_index}]", variant, persons, insurers)
    for index, comparison in enumerate(record.deductible_comparisons):
        path = f"$.deductible_comparisons[{index}]"
        problems += _unknown_person(f"{path}.person", comparison.person, persons)
        if not comparison.options:
            problems.append(f"{path}.options: none")
        elif comparison.chosen not in {o.deductible for o in comparison.options}:
            problems.append(f"{path}.chosen: {comparison.chosen} is not among the options")
    return problems


def _check_variant(path: str, variant: Variant, persons: set[str], insurers: set[str]) -> list[str]:
    problems: list[str] = []
    if not variant.coverages:
        problems.append(f"{path}.coverages: nobody is covered")
    problems += [
        f"{path}.coverages: person {p!r} appears twice"
        for p in _duplicates(c.person for c in variant.coverages)
    ]
    monthly = yearly = Decimal(0)
    for c_index, coverage in enumerate(variant.coverages):
        c_path = f"{path}.coverages[{c_index}]"
        problems += _unknown_person(f"{c_path}.person", coverage.person, persons)
        if coverage.basic is None and not coverage.items:
            problems.append(f"{c_path}: neither basic insurance nor a product")
        if coverage.basic is not None:
            if coverage.basic.insurer not in insurers:
                problems.append(f"{c_path}.basic.insurer: unknown insurer {coverage.basic.insurer!r}")
            problems += _check_premium(f"{c_path}.basic.premium", coverage.basic.premium)
            monthly += coverage.basic.premium.monthly_net
            yearly += coverage.basic.premium.annual_net
        problems += [
            f"{c_path}.items: product {code!r} appears twice (one contract per product, 003)"
            for code in _duplicates(i.product_code for i in coverage.items)
        ]
        for i_index, item in enumerate(coverage.items):
            i_path = f"{c_path}.items[{i_index}]"
            if not item.product_code.strip():
                problems.append(f"{i_path}.product_code: empty")
            if item.insurer not in insurers:
                problems.append(f"{i_path}.insurer: unknown insurer {item.insurer!r}")
            if item.minimum_term_years < 1 or item.notice_months < 0:
                problems.append(f"{i_path}: minimum term or notice out of range")
            problems += _check_premium(f"{i_path}.premium", item.premium)
            monthly += item.premium.monthly_net
            yearly += item.premium.annual_net
    frequencies = [t.frequency for t in variant.totals]
    problems += [f"{path}.totals: {f!r} appears twice" for f in _duplicates(frequencies)]
    if not variant.totals:
        problems.append(f"{path}.totals: none")
    for t_index, total in enumerate(variant.totals):
        expected = {"monthly": monthly, "annual": yearly}.get(total.frequency)
        if expected is not None and total.amount != expected + total.fees:
            problems.append(
                f"{path}.totals[{t_index}].amount: {format_chf(total.amount)} is not the sum of "
                f"the {total.frequency} premiums plus fees ({format_chf(expected + total.fees)})"
            )
    return problems


def _check_dates(record: ProposalRecord) -> list[str]:
    dates = record.key_dates
    problems: list[str] = []
    for name in ("binding_until", "revocation_until", "offer_valid_until"):
        value = getattr(dates, name)
        if value is not None and value < dates.issued:
            problems.append(f"$.key_dates.{name}: before the issue date")
    if (
        dates.minimum_term_end is not None
        and dates.notice_deadline is not None
        and dates.notice_deadline > dates.minimum_term_end
    ):
        problems.append("$.key_dates.notice_deadline: after the end of the minimum term")
    return problems


def _check_answers(record: ProposalRecord, persons: set[str]) -> list[str]:
    problems: list[str] = []
    problems += [
        f"$.questionnaires: person {p!r} has two questionnaires"
        for p in _duplicates(q.person for q in record.questionnaires)
    ]
    for q_index, questionnaire in enumerate(record.questionnaires):
        path = f"$.questionnaires[{q_index}]"
        problems += _unknown_person(f"{path}.person", questionnaire.person, persons)
        problems += [
            f"{path}.answers: question {k!r} answered twice"
            for k in _duplicates(a.key for a in questionnaire.answers)
        ]
        for a_index, answer in enumerate(questionnaire.answers):
            a_path = f"{path}.answers[{a_index}]"
            if answer.answer == "text" and answer.answer_text is None:
                problems.append(f"{a_path}.answer_text: missing for a \"text\" answer")
            if answer.answer != "text" and answer.answer_text is not None:
                problems.append(f"{a_path}.answer_text: only for \"text\" answers")
    for d_index, declaration in enumerate(record.declarations):
        problems += _unknown_person(f"$.declarations[{d_index}].person", declaration.person, persons)
    pairs = [f"{d.key}/{d.person}" for d in record.declarations]
    problems += [f"$.declarations: {p!r} appears twice" for p in _duplicates(pairs)]
    return problems


def _products_of(record: ProposalRecord) -> dict[str, set[str]]:
    variants: tuple[Variant, ...]
    try:
        variants = (record.main_variant(),)
    except ValueError:  # several variants, none chosen yet: any of them
        variants = record.variants
    products: dict[str, set[str]] = {}
    for variant in variants:
        for coverage in variant.coverages:
            products.setdefault(coverage.person, set()).update(i.product_code for i in coverage.items)
    return products


def _check_reservations(record: ProposalRecord, persons: set[str]) -> list[str]:
    problems: list[str] = []
    products = _products_of(record)
    for index, reservation in enumerate(record.reservations):
        path = f"$.reservations[{index}]"
        unknown = _unknown_person(f"{path}.person", reservation.person, persons)
        problems += unknown
        if not reservation.products:
            problems.append(f"{path}.products: none")
        if unknown:
            continue
        held = products.get(reservation.person, set())
        for p_index, code in enumerate(reservation.products):
            if code not in held:
                problems.append(
                    f"{path}.products[{p_index}]: unknown product {code!r} for person "
                    f"{reservation.person!r} (has {', '.join(sorted(held)) or 'no product'})"
                )
        if reservation.until is not None and reservation.until < record.key_dates.issued:
            problems.append(f"{path}.until: before the issue date")
    return problems


def _check_referrals(record: ProposalRecord, persons: set[str]) -> list[str]:
    """A referral names products the person holds in the chosen covers."""
    problems: list[str] = []
    products = _products_of(record)
    for index, referral in enumerate(record.referrals):
        path = f"$.referrals[{index}]"
        unknown = _unknown_person(f"{path}.person", referral.person, persons)
        problems += unknown
        if not referral.products:
            problems.append(f"{path}.products: none")
        if unknown:
            continue
        held = products.get(referral.person, set())
        problems += [f"{path}.products[{i}]: unknown product {code!r} for person "
                     f"{referral.person!r} (has {', '.join(sorted(held)) or 'no product'})"
                     for i, code in enumerate(referral.products) if code not in held]
    return problems


def _check_signatures(record: ProposalRecord, persons: set[str]) -> list[str]:
    problems: list[str] = []
    for index, signature in enumerate(record.signatures):
        path = f"$.signatures[{index}]"
        problems += _unknown_person(f"{path}.person", signature.person, persons)
        problems += _unknown_person(f"{path}.for_person", signature.for_person, persons)
        if signature.role == "legal_representative" and signature.for_person is None:
            problems.append(f"{path}.for_person: a legal representative signs for a person")
        if not signature.image_png.startswith(PNG_MAGIC):
            problems.append(f"{path}.image_png: not a PNG image")
        if not signature.signer.strip():
            problems.append(f"{path}.signer: empty")
    return problems


def _check_policy(record: ProposalRecord, persons: set[str]) -> list[str]:
    if record.policy is None or record.policy.invoice is None:
        return []
    invoice = record.policy.invoice
    path = "$.policy.invoice"
    problems = _unknown_person(f"{path}.debtor", invoice.debtor, persons)
    if invoice.amount <= 0:
        problems.append(f"{path}.amount: must be positive")
    if invoice.period_end < invoice.period_start:
        problems.append(f"{path}.period_end: before period_start")
    if not iban.is_valid(invoice.account):
        problems.append(f"{path}.account: {invoice.account!r} is not a valid IBAN")
        return problems
    account = iban.compact(invoice.account)
    if account[:2] not in ("CH", "LI"):
        problems.append(f"{path}.account: a QR-bill needs a Swiss or Liechtenstein IBAN")
    reference = invoice.reference.replace(" ", "")
    if int(account[4:9]) in QR_IID:
        if not esr.is_valid(reference):
            problems.append(f"{path}.reference: a QR-IBAN needs a valid 27-digit QR reference")
    elif reference and not is_valid_creditor_reference(reference):
        problems.append(f"{path}.reference: not a valid creditor reference (RF..)")
    return problems
