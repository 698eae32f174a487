"""Premiums: tariffs, discounts and the quote of a household.

Owns the premium engine (`engine`: `quote`, `compare_deductibles`, age classes, rounding),
its typed inputs and outputs (`model`), basic-insurance premiums (`basic`), discounts
(`discounts`), the tariff tables and their parameters (`tariffs`, `tariff_parameters`), and
their import from the insurer's CSV or the federal layout (`tariff_import`,
`federal_tariff`, `tariff_problems`).

Public surface: the names below and the modules named above. Depends on `lamal` (basic
insurance premiums follow its age groups and first-month rules), `dates` and `formatting`.
"""

from app.services.pricing.engine import age_class, lamal_age_group, quote, round_chf
from app.services.pricing.tariffs import load_tariffs

__all__ = ["age_class", "lamal_age_group", "load_tariffs", "quote", "round_chf"]
