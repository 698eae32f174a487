"""Basic insurance (LAMal): the federal rules as each insurer applies them.

Owns the insurers' rules from `resources/lamal/` (`insurer_rules`), switching, change and
cover-start dates with their deadlines (`deadlines`), deductibles and cost sharing by age
group (`cost_sharing`), working days and holidays per canton (`working_days`) and the
summary shown on the basic-insurance step (`summary`).

Public surface: the three functions below and the modules named above. Depends on
`app.services.dates` and `formatting` only; `pricing` builds on it, never the reverse.
"""

from app.services.lamal.deadlines import cover_start, first_month_factor, switch_dates

__all__ = ["cover_start", "first_month_factor", "switch_dates"]
