"""Cost sharing in basic insurance (LAMal): deductible, co-payment, hospital contribution.

The figures are federal (`resources/lamal/cost_sharing.toml`: LAMal art. 64, OAMal art. 93,
103, 104); the insurers restate them (EGK 001 art. 9, SWICA 002 art. 20 and glossary).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.i18n import _
from app.services.formatting import format_chf
from app.services.lamal.insurer_rules import cost_sharing_figures, insurer_rules

AGE_GROUPS = ("child", "young_adult", "adult")  # LAMal art. 61 al. 3


@dataclass(frozen=True)
class CostSharing:
    age_group: str
    deductible: Decimal
    copayment_rate: Decimal
    copayment_cap: Decimal
    annual_maximum: Decimal  # deductible + co-payment cap, without the hospital contribution
    family_children_maximum: Decimal | None  # several children of one family, together
    hospital_contribution_per_day: Decimal
    hospital_contribution_exempt: bool
    maternity_exempt: bool  # always: no cost sharing on maternity (LAMal art. 64 al. 7)
    copayment_rate_original_medicines: Decimal
    citation: str
    explanations: tuple[str, ...]


def percent(rate: Decimal) -> str:
    """`Decimal("0.10")` -> "10 %" (the sign stays out of the translated texts)."""
    return f"{(rate * 100).normalize():f} %"


def deductible_options(age_group: str | None) -> tuple[Decimal, ...]:
    """Deductibles on offer: ordinary first, then the optional ones (OAMal art. 93 al. 1).
    Without an age group, every deductible of adults or children, sorted."""
    f = cost_sharing_figures()
    adult = (f.ordinary_deductible_adult, *f.optional_deductibles_adult)
    child = (f.ordinary_deductible_child, *f.optional_deductibles_child)
    if age_group is None:
        return tuple(sorted(set(adult) | set(child)))
    if age_group not in AGE_GROUPS:
        raise ValueError(f"age_group: {age_group!r} is not one of {', '.join(AGE_GROUPS)}")
    return child if age_group == "child" else adult


def is_ordinary_deductible(deductible: Decimal, age_group: str | None = None) -> bool:
    """Whether `deductible` is the ordinary one: CHF 300 for adults and young adults
    (OAMal art. 103 al. 1), none for children (LAMal art. 64 al. 4). Without an age group,
    300 counts as an adult's ordinary deductible. An amount not on offer raises ValueError."""
    if not isinstance(deductible, Decimal) or not deductible.is_finite():
        raise TypeError(f"deductible: expected a Decimal amount, got {deductible!r}")
    options = deductible_options(age_group)
    if deductible not in options:
        raise ValueError(f"deductible: CHF {deductible} is not offered; expected one of "
                         f"{', '.join(str(d) for d in options)}")
    f = cost_sharing_figures()
    if age_group == "child":
        return deductible == f.ordinary_deductible_child
    if age_group is None:
        return deductible in (f.ordinary_deductible_adult, f.ordinary_deductible_child)
    return deductible == f.ordinary_deductible_adult


def cost_sharing(age_group: str, deductible: Decimal, *, insurer: str | None = None,
                 children_in_family: int = 1, in_education: bool = False) -> CostSharing:
    """The client's cost sharing for one year of basic insurance.

    `children_in_family`: children of one family insured with the same insurer; from two,
    they pay together at most twice one child's maximum (LAMal art. 64 al. 4, OAMal art. 93
    al. 3): CHF 700 with no deductible. This assumes the same deductible for all children
    (with different ones the insurer sets the maximum, OAMal art. 93 al. 3).
    `in_education`: a young adult in education pays no hospital contribution.
    `insurer` only adds that insurer's article to the citation.
    """
    if age_group not in AGE_GROUPS:
        raise ValueError(f"age_group: {age_group!r} is not one of {', '.join(AGE_GROUPS)}")
    is_ordinary_deductible(deductible, age_group)
    if isinstance(children_in_family, bool) or not isinstance(children_in_family, int) \
            or children_in_family < 1:
        raise ValueError(f"children_in_family: expected a whole number from 1, got "
                         f"{children_in_family!r}")
    f = cost_sharing_figures()
    citation = f.source
    if insurer is not None:
        citation = f"{insurer_rules(insurer).cost_sharing.source}; {f.source}"
    child = age_group == "child"
    cap = f.copayment_cap_child if child else f.copayment_cap_adult
    family = None
    if child and children_in_family >= 2:
        family = f.family_children_factor * (deductible + f.copayment_cap_child)
    exempt = child or (age_group == "young_adult" and in_education)
    texts = [
        _("Deductible: {amount} a year.").format(amount=format_chf(deductible, dash_for_whole=True)),
        _("Co-payment: {rate} of the costs above the deductible, at most {cap} a year.")
        .format(rate=percent(f.copayment_rate), cap=format_chf(cap, dash_for_whole=True)),
    ]
    if family is not None:
        texts.append(_("Children of one family insured with the same insurer pay together at "
                       "most {amount} a year.").format(amount=format_chf(family,
                                                                         dash_for_whole=True)))
    if exempt:
        texts.append(_("No hospital contribution for children and for young adults in education "
                       "(OAMal art. 104 al. 2)."))
    else:
        texts.append(_("Hospital contribution: {amount} a day in hospital (OAMal art. 104).")
                     .format(amount=format_chf(f.hospital_contribution_per_day,
                                               dash_for_whole=True)))
    texts.append(_("No cost sharing on maternity services, nor on care from the 13th week of "
                   "pregnancy until eight weeks after the birth (LAMal art. 64 al. 7)."))
    texts.append(_("Original medicines much dearer than their generics carry a {rate} "
                   "co-payment (KLV art. 38a).").format(
        rate=percent(f.copayment_rate_original_medicines)))
    return CostSharing(age_group, deductible, f.copayment_rate, cap, deductible + cap, family,
                       f.hospital_contribution_per_day, exempt, True,
                       f.copayment_rate_original_medicines, citation, tuple(texts))
