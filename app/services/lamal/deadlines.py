"""Basic insurance (LAMal): the insurers' own rules for start of cover, change of insurer,
deductible and model changes, accident-cover suspension, first premium and cost sharing.

The rules are data (`resources/insurers/<CODE>.toml`, read by `insurer_rules`), each with
its citation; this module applies them. Results carry the rule's citation and explanation
texts in the current interface language (`app.i18n._`), for the agent to read out.
Insurer codes are the data files' names; an unknown code raises LookupError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date

from app.i18n import N_, _, get_language, ngettext
from app.services.dates import add_months, last_day_of_month
from app.services.formatting import format_date
from app.services.lamal.cost_sharing import (
    AGE_GROUPS,
    CostSharing,
    deductible_options,
    is_ordinary_deductible,
    percent,
)
from app.services.lamal.insurer_rules import (
    InsurerRules,
    YearEndChangeRule,
    insurer_codes,
    insurer_rules,
    load_rules,
)
from app.services.lamal.working_days import check_canton, holiday_name, last_working_day

__all__ = [
    "AGE_GROUPS", "COVER_REASONS", "MODELS", "ChangeDates", "CostSharing", "CoverStart",
    "Insurer", "LateSurcharge", "SwitchDates", "accident_suspension_start",
    "cover_start", "deductible_change_dates", "deductible_options", "first_month_explanations",
    "first_month_factor", "insurers", "is_ordinary_deductible", "model_change_dates",
    "switch_dates",
]

MODELS = ("standard", "family_doctor", "hmo", "telmed")  # LAMal art. 41 al. 4, 62
COVER_REASONS = ("birth", "arrival", "change_of_insurer")
_LOCALES = {"fr": "fr_CH", "de": "de_CH", "it": "it_CH", "en": "en"}


SWISS_TIME = ZoneInfo("Europe/Zurich")


@dataclass(frozen=True)
class Insurer:
    code: str
    name: str


@dataclass(frozen=True)
class Deadline:
    """The last day a notice or request may reach the insurer, and its working-day view."""

    day: date
    is_working_day: bool
    last_working_day: date  # `day` itself when it is a working day
    canton: str  # holidays of this canton ("" = federal holidays only)
    cutoff: time | None  # the insurer counts receipt until this hour of the last working day
    counts_last_working_day: bool  # the insurer counts receipt only on working days

    @property
    def closes_on(self) -> date:
        return self.last_working_day if self.counts_last_working_day else self.day


@dataclass(frozen=True)
class SwitchDates:
    insurer: str
    earliest_end: date  # last day covered by the current insurer
    notice_deadline: date  # the last day the notice may arrive
    deadline_is_working_day: bool
    last_working_day: date
    receipt_cutoff: time | None
    canton: str
    new_cover_from: date  # first day with the new insurer
    rule: str  # "ordinary" | "special_form" | "premium_announcement"
    citation: str
    blocked_by_arrears: bool
    explanations: tuple[str, ...]


@dataclass(frozen=True)
class ChangeDates:
    """A change of deductible or model with the same insurer."""

    insurer: str
    effective_from: date
    notice_deadline: date
    deadline_is_working_day: bool
    last_working_day: date
    canton: str
    rule: str  # "higher_deductible" | "lower_deductible" | "to_limited_choice" | "other_form"
    citation: str
    explanations: tuple[str, ...]


@dataclass(frozen=True)
class LateSurcharge:
    delay_days: int  # days without cover, from the event to the start of cover
    start: date
    end: date  # last day charged, inclusive
    months: int  # months of premium concerned, a started month counting as one
    capped: bool  # the period reached the legal maximum
    rate_min: Decimal
    rate_max: Decimal
    citation: str


@dataclass(frozen=True)
class CoverStart:
    insurer: str
    reason: str
    event_date: date
    received_on: date
    start_date: date
    late: bool
    in_time_until: date | None  # last day of receipt for a retroactive start
    surcharge: LateSurcharge | None
    citation: str
    explanations: tuple[str, ...]


# ---------------------------------------------------------------- checks and helpers


def _rules(insurer: str) -> InsurerRules:
    if not isinstance(insurer, str):
        raise TypeError(f"insurer: expected an insurer code, got {insurer!r}")
    return insurer_rules(insurer)


def _check_date(field: str, value: object) -> date:
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise TypeError(f"{field}: expected a date, got {value!r}")
    return value


def _check_choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{field}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _notice_day(end: date, months: int) -> date:
    """Last day a notice may arrive for `end` (a month's end): the end of the month
    `months` before, e.g. 30.06 with 3 months -> 31.03, 31.12 with 1 month -> 30.11."""
    if months == 0:
        return end
    first = add_months(date(end.year, end.month, 1), -months)
    return last_day_of_month(first.year, first.month)


def _canton_for(rules: InsurerRules, canton: str | None) -> str:
    return check_canton(canton) if canton is not None else rules.seat_canton


def _deadline(rules: InsurerRules, day: date, canton: str, *, notice: bool) -> Deadline:
    """`notice`: a termination notice, to which the insurer's receipt rule applies."""
    receipt = rules.switch_receipt
    cutoff = time.fromisoformat(receipt.cutoff) if notice and receipt.cutoff else None
    working = last_working_day(day, canton)
    return Deadline(day, working == day, working, canton, cutoff,
                    notice and receipt.by_last_working_day)


def _fmt(day: date) -> str:
    return format_date(day)


def _weekday(day: date) -> str:
    return babel_format_date(day, "EEEE", locale=_LOCALES.get(get_language(), "en"))


def _deadline_texts(deadline: Deadline, insurer_name: str, receipt_source: str) -> list[str]:
    texts: list[str] = []
    day = deadline.day
    if not deadline.is_working_day:
        holiday = holiday_name(day, deadline.canton, get_language())
        if holiday:
            texts.append(_("The deadline {deadline} is a public holiday ({holiday}).")
                         .format(deadline=_fmt(day), holiday=holiday))
        elif day.weekday() == 5:
            texts.append(_("The deadline {deadline} falls on a Saturday.")
                         .format(deadline=_fmt(day)))
        else:
            texts.append(_("The deadline {deadline} falls on a Sunday.")
                         .format(deadline=_fmt(day)))
        if deadline.canton:
            texts.append(_("The last working day before it is {weekday} {day} (public holidays "
                           "of canton {canton}); to be safe, the insurer should receive it by "
                           "then.")
                         .format(weekday=_weekday(deadline.last_working_day),
                                 day=_fmt(deadline.last_working_day), canton=deadline.canton))
        else:
            texts.append(_("The last working day before it is {weekday} {day} (federal public "
                           "holidays); to be safe, the insurer should receive it by then.")
                         .format(weekday=_weekday(deadline.last_working_day),
                                 day=_fmt(deadline.last_working_day)))
    if deadline.counts_last_working_day:
        texts.append(_("{insurer} counts a notice as on time only if it is received by {time} on "
                       "the last working day, {weekday} {day}; the postmark does not count "
                       "({source}).").format(
            insurer=insurer_name, time=deadline.cutoff.strftime("%H:%M") if deadline.cutoff
            else "", weekday=_weekday(deadline.last_working_day),
            day=_fmt(deadline.last_working_day), source=receipt_source))
    return texts


# A rule the data marks as assumed: said in the explanations (and kept out of the
# agent's screen by the application layer, which shows it as a note on the sources).
ASSUMPTION = N_("Assumption to confirm with the insurer: no seed or federal article settles "
                "this rule.")


def _assumption_text(assumed: bool) -> list[str]:
    return [_(ASSUMPTION)] if assumed else []


def _stay_satisfied(rules: InsurerRules, since: date | None, effective_from: date) -> bool:
    months = rules.minimum_stay.months_after_optional_deductible
    return since is None or months == 0 or effective_from >= add_months(since, months)


def _stay_text(rules: InsurerRules, since: date) -> str:
    earliest = add_months(since, rules.minimum_stay.months_after_optional_deductible)
    return (_("The optional deductible was taken on {date}; no change takes effect before "
              "{earliest} ({source}).")
            .format(date=_fmt(since), earliest=_fmt(earliest), source=rules.minimum_stay.source))


# ---------------------------------------------------------------- public API


def insurers() -> tuple[Insurer, ...]:
    """The insurers with a rules file, by code."""
    return tuple(Insurer(code, load_rules(code).name) for code in insurer_codes())


def switch_dates(insurer: str | None, deductible: Decimal, model: str, today: date | datetime,
                 new_premium_announced: bool = False, *, premium_effective: date | None = None,
                 in_arrears: bool = False, optional_deductible_since: date | None = None,
                 canton: str | None = None, age_group: str | None = None) -> SwitchDates:
    """Earliest end of the basic insurance with `insurer` (the one the client leaves) and the
    last day the notice may reach it, for a notice sent `today`.

    Ordinary deductible and standard model: 30 June or 31 December, 3 months' notice; with an
    optional deductible or a special model, 31 December only; after a premium announcement,
    the end of the month before `premium_effective` (default 1 January next year) with one
    month's notice. Where two ways give the same end, the later deadline is shown.
    `canton` sets the public holidays (default: the insurer's seat). `insurer=None`: an
    insurer without a rules file, federal law alone, federal holidays unless `canton`.
    `today` may be the time the notice reaches the insurer (a datetime): an insurer that
    counts receipt until an hour of its last working day (SWICA: 17:00, 002 art. 16 al. 3)
    no longer takes a notice arriving after it for that end.
    """
    received_at: time | None = None
    if isinstance(today, datetime):
        if today.tzinfo is None:
            raise TypeError("today: a time of receipt needs its time zone")
        local = today.astimezone(SWISS_TIME)  # the insurer's office hours
        received_at, today = local.time(), local.date()
    rules = insurer_rules(None) if insurer is None else _rules(insurer)
    return _switch(rules, deductible, model, today, new_premium_announced,
                   premium_effective, in_arrears, optional_deductible_since, canton, age_group,
                   received_at)


def _switch(rules: InsurerRules, deductible: Decimal, model: str, today: date,
            new_premium_announced: bool, premium_effective: date | None, in_arrears: bool,
            optional_deductible_since: date | None, canton: str | None,
            age_group: str | None, received_at: time | None = None) -> SwitchDates:
    _check_date("today", today)
    _check_choice("model", model, MODELS)
    ordinary = is_ordinary_deductible(deductible, age_group)
    special = model != "standard" or not ordinary
    if optional_deductible_since is not None:
        _check_date("optional_deductible_since", optional_deductible_since)
        if ordinary:
            raise ValueError(f"optional_deductible_since: given, but CHF {deductible} is the "
                             "ordinary deductible")
    where = _canton_for(rules, canton)
    candidates: list[tuple[date, Deadline, str, str]] = []
    term = rules.switch_special_form if special else rules.switch_ordinary
    kind = "special_form" if special else "ordinary"
    for year in range(today.year, today.year + 7):
        for month, day in term.end_dates:
            end = date(year, month, day)
            if not _stay_satisfied(rules, optional_deductible_since, end + timedelta(days=1)):
                continue
            notice = _deadline(rules, _notice_day(end, term.notice_months), where, notice=True)
            candidates.append((end, notice, kind, term.source))
    if new_premium_announced:
        effective = premium_effective or date(today.year + 1, 1, 1)
        _check_date("premium_effective", effective)
        if effective.day != 1 or effective <= today:
            raise ValueError(f"premium_effective: {effective} must be the first of a month after today")
        rule = rules.switch_premium_announcement
        end = effective - timedelta(days=1)
        notice = _deadline(rules, _notice_day(end, rule.notice_months), where, notice=True)
        candidates.append((end, notice, "premium_announcement", rule.source))
    open_ = [c for c in candidates if _still_open(c[1], today, received_at)]
    end, notice, kind, source = min(open_, key=lambda c: (c[0], -c[1].day.toordinal()))

    texts: list[str] = []
    if kind == "ordinary":
        texts.append(_("With the ordinary deductible and the standard model, the current cover "
                       "can end on 30 June or 31 December ({source}).").format(source=source))
    elif kind == "special_form":
        texts.append(_("With an optional deductible or a special form of insurance, the current "
                       "cover can end only on 31 December ({source}).").format(source=source))
    else:
        texts.append(_("A new premium has been announced: the current cover can end on {end}, "
                       "the end of the month before it applies ({source}).")
                     .format(end=_fmt(end), source=source))
    months = rules.switch_premium_announcement.notice_months if kind == "premium_announcement" \
        else term.notice_months
    texts.append(ngettext(
        "Earliest end of the current cover: {end}, with {months} month's notice: the notice "
        "must arrive by {deadline}.",
        "Earliest end of the current cover: {end}, with {months} months' notice: the notice "
        "must arrive by {deadline}.", months)
        .format(end=_fmt(end), months=months, deadline=_fmt(notice.day)))
    texts += _deadline_texts(notice, rules.name, rules.switch_receipt.source)
    if optional_deductible_since is not None and kind != "premium_announcement" and \
            rules.minimum_stay.months_after_optional_deductible:
        texts.append(_stay_text(rules, optional_deductible_since))
    blocked = in_arrears and rules.switch_arrears.blocks
    if blocked:
        texts.append(_("Arrears block the change: the notice has no effect unless all overdue "
                       "premiums, cost sharing, default interest and collection costs are paid "
                       "in full before the notice period expires on {end} ({source}).")
                     .format(end=_fmt(end), source=rules.switch_arrears.source))
    texts.append(_("The current cover ends only when the new insurer confirms cover without "
                   "interruption ({source}).").format(source=rules.switch_confirmation.source))
    return SwitchDates(
        insurer=rules.code, earliest_end=end, notice_deadline=notice.day,
        deadline_is_working_day=notice.is_working_day, last_working_day=notice.last_working_day,
        receipt_cutoff=notice.cutoff, canton=where, new_cover_from=end + timedelta(days=1),
        rule=kind, citation=source, blocked_by_arrears=blocked, explanations=tuple(texts))


def _still_open(deadline: Deadline, day: date, received_at: time | None) -> bool:
    """Whether a notice reaching the insurer on `day` (at `received_at`) is in time."""
    if deadline.closes_on != day:
        return deadline.closes_on > day
    return received_at is None or deadline.cutoff is None or received_at <= deadline.cutoff


def _year_end_change(rules: InsurerRules, rule: YearEndChangeRule, today: date,
                     announced: bool, since: date | None, where: str) -> tuple[date, Deadline]:
    """First 1 January a year-end change can take effect, with its deadline."""
    months = rule.notice_months
    if announced and rule.notice_months_after_premium_announcement:
        months = rule.notice_months_after_premium_announcement
    for year in range(today.year, today.year + 7):
        end = date(year, 12, 31)
        deadline = _deadline(rules, _notice_day(end, months), where, notice=False)
        if deadline.day >= today and _stay_satisfied(rules, since, end + timedelta(days=1)):
            return end + timedelta(days=1), deadline
    raise AssertionError("a minimum stay of at most 60 months is always over within 7 years")


def _change_dates(rules: InsurerRules, kind: str, effective: date, deadline: Deadline,
                  citation: str, texts: list[str]) -> ChangeDates:
    texts += _deadline_texts(deadline, rules.name, rules.switch_receipt.source)
    return ChangeDates(rules.code, effective, deadline.day, deadline.is_working_day,
                       deadline.last_working_day, deadline.canton, kind, citation, tuple(texts))


def deductible_change_dates(insurer: str, current: Decimal, new: Decimal, chosen_on: date,
                            today: date, *, age_group: str | None = None,
                            new_premium_announced: bool = False,
                            canton: str | None = None) -> ChangeDates:
    """When a change of deductible with the same insurer takes effect, for a request made
    `today`. A higher deductible: only from 1 January. A lower one: for the end of a
    calendar year with the insurer's notice, and at some insurers (EGK) at the earliest one
    year after `chosen_on`, the day the current optional deductible took effect."""
    rules = _rules(insurer)
    _check_date("today", today)
    _check_date("chosen_on", chosen_on)
    is_ordinary_deductible(current, age_group)
    is_ordinary_deductible(new, age_group)
    if new == current:
        raise ValueError(f"new: the deductible is already CHF {current}")
    where = _canton_for(rules, canton)
    if new > current:
        effective = date(today.year + 1, 1, 1)
        deadline = _deadline(rules, date(today.year, 12, 31), where, notice=False)
        text = _("A higher deductible applies only from 1 January: from {date}, if the request "
                 "reaches {insurer} by {deadline} ({source}).").format(
            date=_fmt(effective), insurer=rules.name, deadline=_fmt(deadline.day),
            source=rules.deductible_higher.source)
        return _change_dates(rules, "higher_deductible", effective, deadline,
                             rules.deductible_higher.source, [text])
    rule = rules.deductible_lower
    effective, deadline = _year_end_change(rules, rule, today, new_premium_announced,
                                           chosen_on, where)
    texts = [_("A lower deductible applies from {date}, the start of a calendar year; the "
               "request must reach {insurer} by {deadline} ({source}).").format(
        date=_fmt(effective), insurer=rules.name, deadline=_fmt(deadline.day), source=rule.source)]
    if rules.minimum_stay.months_after_optional_deductible:
        texts.append(_stay_text(rules, chosen_on))
    return _change_dates(rules, "lower_deductible", effective, deadline, rule.source, texts)


def model_change_dates(insurer: str, current: str, new: str, today: date, *,
                       optional_deductible_since: date | None = None,
                       new_premium_announced: bool = False,
                       canton: str | None = None) -> ChangeDates:
    """When a change of model (form of insurance) with the same insurer takes effect, for a
    request made `today`.

    From the ordinary insurance (standard model, ordinary deductible) to a limited choice of
    providers: the first of the next month (SWICA 002 art. 11.1, OAMal art. 100 al. 2).
    Otherwise, for the end of a calendar year with the insurer's notice (002 art. 11.2,
    001 art. 10.2, OAMal art. 100 al. 3). `optional_deductible_since`: the day the current
    optional deductible took effect, None with the ordinary deductible; an optional
    deductible is a special form too (002 art. 6.1), and EGK's minimum stay applies.
    """
    rules = _rules(insurer)
    _check_date("today", today)
    _check_choice("current", current, MODELS)
    _check_choice("new", new, MODELS)
    if new == current:
        raise ValueError(f"new: the model is already {current!r}")
    if optional_deductible_since is not None:
        _check_date("optional_deductible_since", optional_deductible_since)
    where = _canton_for(rules, canton)
    to_limited = rules.model_to_limited_choice
    stay = rules.minimum_stay.months_after_optional_deductible
    if current == "standard" and to_limited.effective == "first_of_next_month" and \
            optional_deductible_since is None:
        effective = add_months(date(today.year, today.month, 1), 1)
        deadline = _deadline(rules, effective - timedelta(days=1), where, notice=False)
        text = _("The change to a model with a limited choice of providers takes effect on "
                 "{date}, the first of the next month ({source}).").format(
            date=_fmt(effective), source=to_limited.source)
        return _change_dates(rules, "to_limited_choice", effective, deadline,
                             to_limited.source, [text])
    rule = rules.model_other
    effective, deadline = _year_end_change(rules, rule, today, new_premium_announced,
                                           optional_deductible_since, where)
    texts = [_("The change of model takes effect on {date}, the start of a calendar year; the "
               "request must reach {insurer} by {deadline} ({source}).").format(
        date=_fmt(effective), insurer=rules.name, deadline=_fmt(deadline.day), source=rule.source)]
    if optional_deductible_since is not None and stay:
        texts.append(_stay_text(rules, optional_deductible_since))
    return _change_dates(rules, "other_form", effective, deadline, rule.source, texts)


def accident_suspension_start(insurer: str, request_received: date) -> date:
    """First day without accident cover for a person fully covered under LAA, for a written
    request received on `request_received` (never retroactive): EGK the first of the next
    month (001 art. 6.1), SWICA the day after receipt (002 art. 13.1)."""
    rules = _rules(insurer)
    _check_date("request_received", request_received)
    if rules.accident_suspension.starts == "day_after_receipt":
        return request_received + timedelta(days=1)
    return add_months(date(request_received.year, request_received.month, 1), 1)


def _calendar_delay(start: date, end: date) -> tuple[int, int]:
    """(months, days) from `start` to `end`, counting whole calendar months first."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def _surcharge(rules: InsurerRules, event: date, start: date) -> LateSurcharge:
    """Twice the delay (001 art. 3.2, OAMal art. 8 al. 1), at most `max_months`."""
    rule = rules.late_surcharge
    months, days = _calendar_delay(event, start)
    factor = rule.duration_factor
    end_excl = add_months(start, factor * months) + timedelta(days=factor * days)
    cap = add_months(start, rule.max_months)
    capped = end_excl > cap
    end_excl = min(end_excl, cap)
    count = 0
    while add_months(start, count) < end_excl:
        count += 1
    return LateSurcharge((start - event).days, start, end_excl - timedelta(days=1), count,
                         capped, rule.rate_min, rule.rate_max, rule.source)


def cover_start(insurer: str, reason: str, event_date: date, received_on: date) -> CoverStart:
    """Start of the basic insurance with `insurer` for a proposal received on `received_on`.

    Birth or arrival in Switzerland on `event_date`: received within three months, the cover
    starts on the event date; later, on receipt (`late`), with a surcharge unless the delay
    is excusable. Change of insurer: `event_date` is the first day after the current cover
    ends (`SwitchDates.new_cover_from`); the new cover starts then, without a gap.
    """
    rules = _rules(insurer)
    _check_choice("reason", reason, COVER_REASONS)
    _check_date("event_date", event_date)
    _check_date("received_on", received_on)
    rule = rules.cover_start
    if reason == "change_of_insurer":
        text = _("Change of insurer: the new cover starts on {date}, the day after the current "
                 "cover ends ({source}).").format(date=_fmt(event_date),
                                                  source=rules.switch_confirmation.source)
        return CoverStart(rules.code, reason, event_date, received_on, event_date, False, None,
                          None, rules.switch_confirmation.source, (text,))
    until = add_months(event_date, rule.window_months)
    if received_on <= until and reason in rule.retroactive_reasons:
        if reason == "birth":
            text = ngettext(
                "Received within {months} month of the birth: the cover starts on the day of "
                "birth, {date} ({source}).",
                "Received within {months} months of the birth: the cover starts on the day of "
                "birth, {date} ({source}).", rule.window_months)
        else:
            text = ngettext(
                "Received within {months} month of taking up residence in Switzerland: the "
                "cover starts on the day of arrival, {date} ({source}).",
                "Received within {months} months of taking up residence in Switzerland: the "
                "cover starts on the day of arrival, {date} ({source}).", rule.window_months)
        text = text.format(months=rule.window_months, date=_fmt(event_date), source=rule.source)
        return CoverStart(rules.code, reason, event_date, received_on, event_date, False, until,
                          None, rule.source, (text,))
    surcharge = _surcharge(rules, event_date, received_on)
    texts = [
        _("Received on {received}, after {deadline}: the cover starts on receipt, not "
          "retroactively, and there is no cover before ({source}).").format(
            received=_fmt(received_on), deadline=_fmt(until), source=rule.late_source),
        _("Unless the delay is excusable, a late-affiliation surcharge of {low} to {high} of "
          "the premium applies for twice the delay, from {start} to {end} ({source}).").format(
            low=percent(surcharge.rate_min), high=percent(surcharge.rate_max),
            start=_fmt(surcharge.start), end=_fmt(surcharge.end), source=surcharge.citation),
        _("The insurer sets the rate according to the person's finances, below {low} in "
          "hardship.").format(low=percent(surcharge.rate_min)),
    ]
    if surcharge.capped:
        texts.append(ngettext("The surcharge period is limited to {months} month.",
                              "The surcharge period is limited to {months} months.",
                              rules.late_surcharge.max_months)
                     .format(months=rules.late_surcharge.max_months))
    return CoverStart(rules.code, reason, event_date, received_on, received_on, True, until,
                      surcharge, rule.late_source, tuple(texts))


def first_month_factor(insurer: str, start: date) -> Decimal:
    """Share of the monthly premium charged for the month in which cover starts.

    EGK: the whole month, Decimal("1") (001 art. 7.3). SWICA: to the day, days left in the
    month including the start day over the days in the month (002 art. 10.4, 19.3), returned
    as `Decimal(days) / Decimal(month_days)` in the default decimal context (28 digits): for
    17 March that is exactly `Decimal(15) / Decimal(31)`. Round only the final amount.
    """
    rules = _rules(insurer)
    _check_date("start", start)
    if rules.first_month is None or rules.first_month.charge == "whole_month":
        return Decimal(1)
    month_days = last_day_of_month(start.year, start.month).day
    return Decimal(month_days - start.day + 1) / Decimal(month_days)


def first_month_explanations(insurer: str, start: date) -> tuple[str, ...]:
    """How `insurer` charges the month in which cover starts on `start`, with its citation."""
    rules = _rules(insurer)
    _check_date("start", start)
    rule = rules.first_month
    if rule is None or rule.charge == "whole_month":
        source = rule.source if rule else ""
        texts = [_("{insurer} charges the whole month in which the cover starts ({source}).")
                 .format(insurer=rules.name, source=source)]
    else:
        month_days = last_day_of_month(start.year, start.month).day
        texts = [_("{insurer} charges the first month to the day: {days} of {month_days} days "
                   "({source}).").format(insurer=rules.name, days=month_days - start.day + 1,
                                         month_days=month_days, source=rule.source)]
    return tuple(texts + _assumption_text(bool(rule and rule.assumed)))

