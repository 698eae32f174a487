"""Sentences every document prints, in English; fr/de/it in translations/*.po.

Each legal text paraphrases its source: the LCA (pre-contractual information art. 3,
binding art. 1, revocation art. 2a, disclosure art. 4 and 6), Groupe Mutuel's
"Informations importantes" (seed 003) and general conditions (seed 004). They are
translated at render time with `_()` inside `use_language(document language)`.
"""

from __future__ import annotations

from app.i18n import N_, _

MODEL_NAMES = {
    "standard": N_("Standard model (free choice of doctor)"),
    "family_doctor": N_("Family doctor model"),
    "hmo": N_("HMO model"),
    "telmed": N_("Telemedicine model"),
}

FREQUENCY_NAMES = {
    "monthly": N_("Monthly"),
    "quarterly": N_("Quarterly"),
    "semi_annual": N_("Half-yearly"),
    "annual": N_("Yearly"),
}

SEX_NAMES = {"F": N_("female"), "M": N_("male")}

LANGUAGE_NAMES = {"fr": N_("French"), "de": N_("German"), "it": N_("Italian"), "en": N_("English")}

ROLE_NAMES = {
    "policyholder": N_("Policyholder"),
    "insured_person": N_("Insured person"),
    "legal_representative": N_("Legal representative"),
    "agent": N_("Agent"),
}



def role_name(role: str) -> str:
    return _(ROLE_NAMES[role])


# Proposal declarations; the key is what the record stores.
DECLARATIONS = {
    # LCA art. 4 and 6; 004 art. 6 al. 4 and art. 11.
    "truthfulness": N_(
        "I declare that I have answered all the questions of this proposal and of the health "
        "questionnaire completely and truthfully, also where an intermediary wrote down my "
        "answers. I know that if a material fact is concealed or wrongly stated, the insurer "
        "may terminate the contract within four weeks of learning of it, and benefits for "
        "claims that the fact influenced lapse (art. 6 LCA)."
    ),
    # 004 art. 42: express consent for sensitive (health) data.
    "data_processing": N_(
        "I consent to the insurer processing my personal data, including sensitive data on my "
        "health, to assess the risk, conclude and manage the contract and handle claims, and to "
        "passing them to the intermediary, reinsurers and doctors for these purposes, as set out "
        "in the information on data protection."
    ),
    # 003 "Obligation de collaborer"; 004 art. 33.
    "doctors_release": N_(
        "I release the doctors, hospitals and other providers who have treated me, as well as "
        "other insurers, from professional secrecy towards the insurer's medical adviser, to the "
        "extent needed to assess this proposal and later claims."
    ),
    # 003 "Profilage": only with express consent.
    "marketing_profiling": N_(
        "I agree that my data may be used to offer me products and services suited to my "
        "profile (marketing profiling). I may withdraw this consent at any time."
    ),
}


def offer_is_not_binding() -> str:
    return _(
        "This offer is not binding on either side. The insurance is requested by signing a "
        "proposal; the contract is concluded when the insurer accepts it."
    )


def revocation_sentence() -> str:
    """LCA art. 2a; 003 "Proposition d'assurance"; 004 art. 6 al. 2."""
    return _(
        "You may revoke your proposal or your acceptance within 14 days, in writing or in any "
        "other form that allows proof by text. The period is met if the revocation is handed "
        "to the insurer or to the post office on its last day at the latest."
    )


def binding_sentence() -> str:
    """LCA art. 1; 004 art. 6 al. 1."""
    return _(
        "The proposer remains bound by the proposal for 14 days, or for 4 weeks if medical "
        "information is needed (art. 1 LCA)."
    )


def proposal_is_formal() -> str:
    """004 art. 6 al. 1 and 5."""
    return _(
        "Handing over this proposal is not a request for an offer but the formal declaration "
        "that the proposer wishes to conclude the contracts below. The insurer is free to "
        "accept the proposal, to accept it with reservations or to refuse it."
    )


def separate_contracts() -> str:
    """003 "Proposition d'assurance"; 004 art. 1 and 6 al. 6-7."""
    return _(
        "Each product is a separate contract. Refusing a product, or accepting it with a "
        "reservation, does not entitle you to withdraw from the other products accepted, nor "
        "from those of other members of the family."
    )


def premiums_text() -> str:
    """003 "Primes"; 004 art. 26."""
    return _(
        "Premiums of complementary insurance depend on sex, region and age class (0-18, 19-25, "
        "then 5-year classes from 26 to 70, one class from 71). A person moves to the next age "
        "class at the start of the calendar year after reaching the upper limit of the class. "
        "Unless agreed otherwise, premiums are due yearly in advance; other payment "
        "frequencies carry a surcharge."
    )


def duration_text() -> str:
    """003 "Durée minimale d'assurance", "Fin du contrat"; 004 art. 12-13."""
    return _(
        "The insurance period is the calendar year. Each complementary insurance runs at least "
        "for the minimum term shown below and then renews tacitly from year to year. The "
        "policyholder may terminate it for the end of a calendar year with the notice shown, "
        "at the earliest for the end of the minimum term; also within 10 days of learning that "
        "the insurer paid a claim, within 30 days of a premium increase, and at any time for "
        "good cause (art. 35b LCA). Basic insurance (LAMal) follows the rules of the LAMal for "
        "changing insurer."
    )


def claims_deadlines_text() -> str:
    """003 "Obligation de déclarer – délais" (LCA art. 3 al. 1 let. g: claim-notice duties)."""
    return _(
        "Report a hospital admission to the insurer within 5 days (before admission if a cost "
        "guarantee is needed), an accident within 10 days, and any change of name, address, "
        "bank details or civil status without delay. Ask for approval of a spa or convalescence "
        "stay at least 20 days before it starts."
    )


def general_exclusions_text() -> str:
    """003 "Exclusion de prestations"; 004 art. 18."""
    return _(
        "There is no cover for illnesses and accidents, and their consequences, that existed "
        "when the contract was concluded, nor for those caused by the insured's own fault "
        "(for example attempted suicide, alcoholism, drug or medicine abuse, reckless "
        "ventures, brawls). Waiting periods run from the start of the contract."
    )


def data_protection_text(insurer_names: str, contact: str) -> str:
    """004 art. 42; 003 "Protection des données" (revised FADP, in force 1 September 2023)."""
    text = _(
        "{insurers} process the personal data of the policyholder and the insured persons, "
        "including sensitive data on health, to assess the risk, conclude and manage the "
        "contract, handle claims and meet legal duties. Health data are processed with your "
        "express consent. Data may be passed to intermediaries, reinsurers, doctors and "
        "authorities, also abroad, where the law, the conditions of insurance or your consent "
        "allow it. You may access, correct and have your data deleted within the law, and "
        "withdraw a consent at any time."
    ).format(insurers=insurer_names)
    if contact:
        text += " " + _("Data protection officer: {contact}.").format(contact=contact)
    return text


def accreditation_text() -> str:
    """003 "Agents du Groupe Mutuel"."""
    return _(
        "Authorised agents carry an accreditation card, which they show at every contact."
    )


def reservation_consent_intro() -> str:
    return _(
        "After examining the proposal and the health questionnaire, the insurer is prepared "
        "to insure the person named below, with the following reservation (art. 8 of the "
        "general conditions):"
    )


def reservation_scope_text() -> str:
    """004 art. 8 al. 1 and 3."""
    return _(
        "A reservation excludes from cover the condition described and its consequences, "
        "including relapses. Unless a shorter duration is stated, it applies for the whole "
        "duration of the contract. You may have it certified, at your own cost, that the "
        "reservation is no longer justified; the insurer then decides whether to keep or "
        "lift it."
    )


def reservation_deadline_text(deadline: str) -> str:
    """004 art. 8 al. 2."""
    return _(
        "Please return this declaration, signed, by {date}. Without your agreement by then, "
        "the insurer may consider that you do not wish to conclude the cover concerned by "
        "the reservation."
    ).format(date=deadline)


def policy_start_text() -> str:
    """004 art. 10 and 12."""
    return _(
        "The contract is concluded. Cover begins on the start date confirmed in this policy; "
        "waiting periods stated in the special conditions are reserved. The first insurance "
        "period runs from the start date to the end of the calendar year."
    )


def legal_representative_text() -> str:
    """004 art. 6 al. 8; 002 (signature of the legal representative)."""
    return _(
        "The proposal for a person who does not have full civil capacity (in particular a "
        "minor) must be signed by their legal representative."
    )
