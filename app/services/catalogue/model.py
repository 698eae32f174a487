"""The product catalogue: complementary (LCA) products and the basic insurance (LAMal) as data.

The facts live in `resources/catalogue/*.toml`, one file per product family, each fact with
its source (seed file and heading or article; docs/catalogue.md gives the format).
`catalogue_loader` reads and validates them; this module holds the frozen model and the
public entry point::

    cat = load_catalogue()            # the shipped catalogue, loaded once
    p = cat.product("GM")             # LookupError for an unknown code
    p.levels                          # ("1", "2", ...) or () when the product has none
    p.deductibles(level=None)         # tuple[Decimal, ...], ascending

Choices documented here (they answer questions the sources leave open):

- Level-dependent facts (`deductibles`, `age_limits`, `capitals`, `territory_for`) take a
  `level`. With `level=None` on a product that has levels, the answer is returned only when
  every level has the same one; otherwise `ValueError` names the product. A level the
  product lacks raises `UnknownLevelError` (a `LookupError`).
- A product or level without a deductible choice (HC level 1, KP, DP...) has `()`.
- `cat.product("LAMAL")` is the basic insurance: `deductibles()` are the adult options,
  `deductibles(child=True)` the children's (also `cat.lamal.child_deductibles`).
  `cat.products()` lists the complementary products only, in catalogue order.
- `maternity_excluded` is true when the product lists an exclusion with key "maternity".
- `territory` is the product-wide territory, `territory_for(level)` a level's (HC level 4
  is worldwide, levels 1-3 Switzerland).
- `premium_structure` and `questionnaire` are plain strings ("age_classes", "cancer"...);
  `premium` and `questionnaire_rule` carry the details and sources.
- `Product.default` holds the product-wide facts (a product without levels has only those);
  `cat.general_rules` the rules of 003 "Informations importantes" common to all products.
- Module, premium and discount details (GE's optional modules, HS's senior index, MU's
  qualifying products with HC levels 2-4) are typed dataclasses below, not free text.
- Waiting-period benefit keys: "maternity_hospital", "dental", "dental_prosthetics", "all",
  "contract_disputes", "aesthetic_disputes", and for Legis priva also "property_disputes" and
  "personal_law_advice" (003 names those three groups separately).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.i18n import LANGUAGES, get_language
from app.paths import RESOURCES

CATALOGUE_DIR = RESOURCES / "catalogue"
LAMAL_CODE = "LAMAL"

NATURES = ("indemnity", "fixed_sum", "mixed")
PREMIUM_STRUCTURES = (
    "age_classes",  # 0-18, 19-25, then 5-year classes to 70, 71-99 (003 "Primes")
    "uniform_0_18",  # AB
    "two_classes_0_18_19_99",  # LS
    "single",  # KP
    "senior_index",  # HS
    "age_bands_capital",  # ID
    "own_tariff",  # MU, LJ, DP: "une structure tarifaire différente" (003 "Primes")
    "lamal",  # basic insurance: canton, region, age group, deductible, model, accident
)
QUESTIONNAIRES = ("full", "cancer", "none")


class CatalogueError(ValueError):
    """Bad catalogue data; the message names the file and the field path."""


class UnknownLevelError(LookupError):
    """A level id the product does not have."""


@dataclass(frozen=True)
class Text:
    """One text in the four languages of the application."""

    fr: str
    de: str
    it: str
    en: str

    def get(self, lang: str | None = None) -> str:
        language = lang or get_language()
        if language not in LANGUAGES:
            raise LookupError(f"unsupported language {language!r}")
        return str(getattr(self, language))

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class AgeLimits:
    """Entry ages in completed years on the start date, both bounds inclusive."""

    min_age: int | None = None
    max_age: int | None = None
    source: str = ""

    def admits(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )


@dataclass(frozen=True)
class Limit:
    """A benefit limit or figure in plain words, with the amount when there is one."""

    key: str
    text: Text
    source: str
    amount: Decimal | None = None
    unit: str | None = None  # "year", "calendar_year", "case", "day", "month", "percent"...


@dataclass(frozen=True)
class Capital:
    """An insured capital or rent: a choosable amount, or a ceiling when `maximum`."""

    kind: str  # "hospital", "death", "invalidity", "monthly_rent", ...
    amount: Decimal
    period: str  # "year", "month", "once"
    maximum: bool
    source: str
    text: Text | None = None


@dataclass(frozen=True)
class Territory:
    scope: str  # "switzerland", "worldwide", "switzerland_eu_europe"
    text: Text
    source: str


@dataclass(frozen=True)
class Level:
    id: str
    names: Text
    deductibles: tuple[Decimal, ...]
    deductibles_source: str
    age: AgeLimits
    limits: tuple[Limit, ...]
    capitals: tuple[Capital, ...]
    territory: Territory | None

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class Module:
    """A module within a product (GE alternative medicine, GX Careflex, GO upgrade...)."""

    id: str
    names: Text
    optional: bool
    source: str
    levels: tuple[str, ...] = ()  # () = available with every level
    deductible: Decimal | None = None
    deductible_rule: Text | None = None
    limits: tuple[Limit, ...] = ()

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class WaitingRule:
    """A waiting period (délai de carence) in months from the start of the contract."""

    benefit: str
    months: int
    source: str
    text: Text | None = None
    levels: tuple[str, ...] = ()  # () = every level
    waived_if: Text | None = None


@dataclass(frozen=True)
class Exclusion:
    key: str
    text: Text
    source: str


@dataclass(frozen=True)
class Prerequisite:
    kind: str  # "lamal_insurer"
    insurer: str
    source: str


@dataclass(frozen=True)
class Term:
    """Minimum term and notice for the end of a calendar year.

    `counted_in` says how the minimum is counted: "periods", insurance periods (004 art.
    13 al. 2, the first from the start to 31 December, art. 12 al. 2); "years", years of
    contract completed, then to the end of that calendar year (003 "Durée minimale
    d'assurance": the 1-year products' "période minimale du contrat est d'1 an").
    PI has no fixed minimum term: its expiry (a 31 December) is stated in the policy and
    it renews yearly unless notice is received by `notice_received_by` (month, day).
    """

    minimum_years: int | None
    notice_months: int
    source: str
    expiry_in_policy: bool = False
    notice_received_by: tuple[int, int] | None = None
    counted_in: str = "periods"  # or "years"


@dataclass(frozen=True)
class Transfer:
    """Automatic transfer on 1 January of the year after the insured reaches `age`."""

    to_product: str
    age: int
    source: str
    text: Text
    from_level: str | None = None
    to_level: str | None = None
    refusal_days: int | None = None


@dataclass(frozen=True)
class CoverEnd:
    """Cover ends on 31 December of the calendar year in which the insured reaches `age`."""

    age: int
    source: str
    text: Text


@dataclass(frozen=True)
class DiscountRate:
    percent: Decimal
    max_age: int | None = None  # this rate for insured persons up to this age (inclusive)


@dataclass(frozen=True)
class QualifyingProduct:
    """A product (code as written in the source, not necessarily sold) and its levels."""

    code: str
    levels: tuple[str, ...] = ()  # () = any level


@dataclass(frozen=True)
class DiscountConditions:
    max_age: int | None = None  # insured persons up to this age (inclusive)
    holder: str | None = None  # "parent", "household_adult", "insured"
    qualifying_products: tuple[QualifyingProduct, ...] = ()
    claims_below: Decimal | None = None  # benefits paid in the reference period below this
    module: str | None = None  # discount on this module only
    lamal_insurer: str | None = None
    max_premium_percent: Decimal | None = None


@dataclass(frozen=True)
class Discount:
    code: str
    kind: str  # "family", "children", "combination", "bonus"
    description: Text
    source: str
    rates: tuple[DiscountRate, ...] = ()
    conditions: DiscountConditions = field(default_factory=DiscountConditions)


@dataclass(frozen=True)
class Questionnaire:
    kind: str  # "full", "cancer", "none"
    source: str


@dataclass(frozen=True)
class PremiumStructure:
    """How a product's premium is graded (003 "Primes" and the product sections).

    The age that counts for a premium year is the age reached in that calendar year
    (premium year - birth year): "L'assuré qui, durant l'année, atteint le niveau maximal de
    sa classe d'âge, est automatiquement transféré dans la classe supérieure au début de
    l'année civile suivante" (003 "Primes"); HS says the same of its index.
    """

    kind: str
    source: str
    age_classes: tuple[tuple[int, int], ...] = ()
    by_sex: bool = True
    by_region: bool = True
    index_base: int | None = None  # senior_index: index at and below index_until_age
    index_until_age: int | None = None
    index_step: int | None = None  # points added per year of age above index_until_age

    @staticmethod
    def premium_age(birth_date: date, premium_year: int) -> int:
        return premium_year - birth_date.year

    def age_class(self, birth_date: date, premium_year: int) -> tuple[int, int] | None:
        """The age class for a premium year; None when the product has no age classes."""
        age = self.premium_age(birth_date, premium_year)
        for low, high in self.age_classes:
            if low <= age <= high:
                return (low, high)
        if self.age_classes:
            raise ValueError(f"age {age} is outside the age classes of this tariff")
        return None

    def senior_index(self, birth_date: date, premium_year: int) -> int:
        """HS: 100 up to 55 inclusive, then +7 points per year of age."""
        if self.index_base is None or self.index_until_age is None or self.index_step is None:
            raise ValueError(f"a {self.kind} tariff has no age index")
        age = self.premium_age(birth_date, premium_year)
        return self.index_base + self.index_step * max(0, age - self.index_until_age)


@dataclass(frozen=True)
class Note:
    key: str
    text: Text
    source: str


@dataclass(frozen=True)
class Product:
    code: str
    family: str
    names: Text
    descriptions: Text
    insurer: str
    insurer_source: str
    nature: str
    nature_source: str
    premium: PremiumStructure
    term: Term | None
    questionnaire_rule: Questionnaire
    level_data: tuple[Level, ...]
    default: Level  # product-wide facts; a product without levels has only these
    modules: tuple[Module, ...] = ()
    waiting_rules: tuple[WaitingRule, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    prerequisites: tuple[Prerequisite, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    cover_end: CoverEnd | None = None
    discounts: tuple[Discount, ...] = ()
    notes: tuple[Note, ...] = ()
    child_deductibles: tuple[Decimal, ...] | None = None  # LAMAL only
    file: str = ""

    # -- texts -------------------------------------------------------------------------
    @property
    def category(self) -> str:
        """The product family id ("global", "hospital", ...), the issue's "category"."""
        return self.family

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    def description(self, lang: str | None = None) -> str:
        return self.descriptions.get(lang)

    # -- levels --------------------------------------------------------------------------
    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.level_data)

    def level(self, level_id: str) -> Level:
        for level in self.level_data:
            if level.id == level_id:
                return level
        known = ", ".join(self.levels) or "none"
        raise UnknownLevelError(f"{self.code} has no level {level_id!r} (levels: {known})")

    def _resolved(self, level: str | None) -> tuple[Level, ...]:
        if level is not None:
            return (self.level(level),)
        return self.level_data or (self.default,)

    def _same_for_all(self, level: str | None, what: str, values: list[object]) -> None:
        if level is None and len(set(values)) > 1:
            raise ValueError(
                f"{self.code}: {what} differ between levels {', '.join(self.levels)}; "
                "pass a level"
            )

    def deductibles(self, level: str | None = None, *, child: bool = False) -> tuple[Decimal, ...]:
        """Deductible options in CHF, ascending; `()` when there is no choice of deductible."""
        if child and self.child_deductibles is not None:
            return self.child_deductibles
        values = [lv.deductibles for lv in self._resolved(level)]
        self._same_for_all(level, "deductible options", list(values))
        return values[0]

    def age_limits(self, level: str | None = None) -> AgeLimits:
        values = [lv.age for lv in self._resolved(level)]
        self._same_for_all(level, "entry ages", [(a.min_age, a.max_age) for a in values])
        return values[0]

    def capitals(self, level: str | None = None) -> tuple[Capital, ...]:
        values = [lv.capitals for lv in self._resolved(level)]
        self._same_for_all(level, "capitals", list(values))
        return values[0]

    def capital_amounts(self, level: str | None = None, kind: str | None = None) -> tuple[Decimal, ...]:
        """The amounts of `capitals(level)`, optionally of one kind, ascending."""
        return tuple(sorted(c.amount for c in self.capitals(level) if kind in (None, c.kind)))

    def limits(self, level: str | None = None) -> tuple[Limit, ...]:
        """Product-wide limits, then those of the level (all levels' when level is None)."""
        if level is not None:
            return self.level(level).limits
        if not self.level_data:
            return self.default.limits
        seen: list[Limit] = []
        for lv in self.level_data:
            seen.extend(limit for limit in lv.limits if limit not in seen)
        return tuple(seen)

    @property
    def territory(self) -> Territory | None:
        """The product-wide territory; a level may differ (`territory_for`)."""
        return self.default.territory

    def territory_for(self, level: str | None = None) -> Territory | None:
        values = [lv.territory for lv in self._resolved(level)]
        self._same_for_all(level, "territories", list(values))
        return values[0]

    @property
    def premium_structure(self) -> str:
        """"age_classes", "uniform_0_18", ...; the details are in `premium`."""
        return self.premium.kind

    @property
    def questionnaire(self) -> str:
        """Health questionnaire the product needs: "full", "cancer" (KP) or "none"."""
        return self.questionnaire_rule.kind

    @property
    def questionnaire_source(self) -> str:
        return self.questionnaire_rule.source

    # -- contract facts ------------------------------------------------------------------
    @property
    def waiting_periods(self) -> tuple[WaitingRule, ...]:
        return self.waiting_rules

    @property
    def maternity_excluded(self) -> bool:
        return any(exclusion.key == "maternity" for exclusion in self.exclusions)

    @property
    def minimum_term_years(self) -> int | None:
        return self.term.minimum_years if self.term else None

    @property
    def notice_months(self) -> int | None:
        return self.term.notice_months if self.term else None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source cited for this product, each once, in order of appearance."""
        found: list[str] = []
        _collect_sources(self, found)
        return tuple(found)


def _collect_sources(value: object, found: list[str]) -> None:
    if isinstance(value, tuple):
        for item in value:
            _collect_sources(item, found)
        return
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is None:
        return
    for name in fields:
        item = getattr(value, name)
        if name.endswith("source") and isinstance(item, str):
            if item and item not in found:
                found.append(item)
        else:
            _collect_sources(item, found)


@dataclass(frozen=True)
class LamalModel:
    id: str  # "standard", "family_doctor", "hmo", "telmed"
    names: Text
    source: str

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class AccidentCover:
    id: str  # "included", "suspended"
    names: Text
    source: str

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class BasicInsurance:
    """LAMal options an agent offers; premiums and cost sharing are the basic-insurance rules'."""

    product: Product
    adult_deductibles: tuple[Decimal, ...]
    child_deductibles: tuple[Decimal, ...]
    deductibles_source: str
    child_max_age: int  # child while age (premium year - birth year) is at most this
    age_groups: tuple[tuple[int, int | None], ...]
    age_groups_source: str
    models: tuple[LamalModel, ...]
    accident_cover: tuple[AccidentCover, ...]

    @property
    def code(self) -> str:
        return self.product.code

    def model(self, model_id: str) -> LamalModel:
        for model in self.models:
            if model.id == model_id:
                return model
        raise LookupError(f"unknown LAMal model {model_id!r}")


@dataclass(frozen=True)
class Family:
    id: str
    names: Text
    products: tuple[str, ...]
    source: str
    file: str

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)


@dataclass(frozen=True, eq=False)
class Catalogue:
    families_by_id: Mapping[str, Family]
    products_by_code: Mapping[str, Product]
    lamal: BasicInsurance
    path: Path
    # Rules of 003 "Informations importantes" and 004 that hold for every LCA product.
    general_rules: tuple[Limit, ...] = ()

    def general_rule(self, key: str) -> Limit:
        for rule in self.general_rules:
            if rule.key == key:
                return rule
        raise LookupError(f"no general rule {key!r}")

    def product(self, code: str) -> Product:
        if code == LAMAL_CODE:
            return self.lamal.product
        try:
            return self.products_by_code[code]
        except KeyError:
            raise LookupError(f"unknown product code {code!r}") from None

    def products(self) -> tuple[Product, ...]:
        """Complementary products in catalogue order (family order, then file order)."""
        return tuple(self.products_by_code.values())

    def families(self) -> Mapping[str, Family]:
        """Family id -> family (names per language, product codes), in catalogue order."""
        return self.families_by_id

    def codes(self) -> tuple[str, ...]:
        return tuple(self.products_by_code)

    def __iter__(self) -> Iterator[Product]:
        return iter(self.products())

    def __contains__(self, code: object) -> bool:
        return code == LAMAL_CODE or code in self.products_by_code
