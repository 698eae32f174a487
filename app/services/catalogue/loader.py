"""Reading and validating the catalogue's TOML files (format: docs/catalogue.md).

Every error is a `CatalogueError` naming the file and the field path, e.g.
`hospital.toml: products.HC.levels.2.deductibles[1]: negative amount -1000`. Nothing is
returned unless every file is valid, so a broken edit never yields half a catalogue.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.services.catalogue.model import (
    CATALOGUE_DIR,
    LAMAL_CODE,
    NATURES,
    PREMIUM_STRUCTURES,
    QUESTIONNAIRES,
    AccidentCover,
    AgeLimits,
    BasicInsurance,
    Capital,
    Catalogue,
    CatalogueError,
    CoverEnd,
    Discount,
    DiscountConditions,
    DiscountRate,
    Exclusion,
    Family,
    LamalModel,
    Level,
    Limit,
    Module,
    Note,
    PremiumStructure,
    Prerequisite,
    Product,
    QualifyingProduct,
    Questionnaire,
    Term,
    Territory,
    Transfer,
    WaitingRule,
)
from app.services.catalogue.toml_reader import Node, each, source_of

DISCOUNT_KINDS = ("family", "children", "combination", "bonus")
TERRITORY_SCOPES = ("switzerland", "worldwide", "switzerland_eu_europe")
CAPITAL_PERIODS = ("year", "month", "once")
HOLDERS = ("parent", "household_adult", "insured")
CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
CLASSED_TARIFFS = ("age_classes", "uniform_0_18", "two_classes_0_18_19_99", "lamal")


# -- pieces --------------------------------------------------------------------------------

def _age(node: Node) -> AgeLimits:
    low, high = node.opt_int("min", False), node.opt_int("max", False)
    if low is not None and high is not None and low > high:
        node.fail(f"minimum age {low} above maximum age {high}", "min")
    return AgeLimits(low, high, source_of(node))


def _limit(node: Node) -> Limit:
    key = node.req_str("key")
    if not KEY.match(key):
        node.fail(f"keys are lower_case words, got {key!r}", "key")
    return Limit(key, node.req_text("text"), source_of(node), node.amount("amount", False),
                 node.opt_str("unit", False))


def _capital(node: Node) -> Capital:
    amount = node.amount("amount")
    assert amount is not None
    return Capital(node.req_str("kind"), amount, node.req_str("period", CAPITAL_PERIODS),
                   node.flag("maximum", False), source_of(node), node.text("text", False))


def _territory(node: Node) -> Territory:
    return Territory(node.req_str("scope", TERRITORY_SCOPES), node.req_text("text"),
                     source_of(node))


def _exclusion(node: Node) -> Exclusion:
    return Exclusion(node.req_str("key"), node.req_text("text"), source_of(node))


def _note(node: Node) -> Note:
    return Note(node.req_str("key"), node.req_text("text"), source_of(node))


def _prerequisite(node: Node) -> Prerequisite:
    return Prerequisite(node.req_str("kind", ("lamal_insurer",)), node.req_str("insurer"),
                        source_of(node))


def _term(node: Node) -> Term:
    received_by = node.opt_str("notice_received_by", False)
    parsed: tuple[int, int] | None = None
    if received_by is not None:
        match = re.fullmatch(r"(\d{2})-(\d{2})", received_by)
        if not match or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31):
            node.fail(f"expected MM-DD, got {received_by!r}", "notice_received_by")
        assert match is not None
        parsed = (int(match[1]), int(match[2]))
    counted_in = node.opt_str("counted_in", False, ("periods", "years")) or "periods"
    term = Term(node.opt_int("minimum_years", False, 1), node.req_int("notice_months", 1),
                source_of(node), node.flag("expiry_in_policy", False), parsed, counted_in)
    if term.minimum_years is None and not term.expiry_in_policy:
        node.fail("missing field (or expiry_in_policy = true)", "minimum_years")
    return term


def _premium(node: Node) -> PremiumStructure:
    classes: list[tuple[int, int]] = []
    for i, item in enumerate(node.raw("age_classes", False) or []):
        if (not isinstance(item, list) or len(item) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in item)
                or item[0] > item[1]):
            node.fail(f"expected [from, to] ages, got {item!r}", f"age_classes[{i}]")
        if classes and item[0] != classes[-1][1] + 1:
            node.fail(f"class {item} does not follow {list(classes[-1])}", f"age_classes[{i}]")
        classes.append((item[0], item[1]))
    structure = PremiumStructure(
        node.req_str("kind", PREMIUM_STRUCTURES), source_of(node), tuple(classes),
        node.flag("by_sex", True), node.flag("by_region", True), node.opt_int("index_base", False),
        node.opt_int("index_until_age", False), node.opt_int("index_step", False))
    if structure.kind in CLASSED_TARIFFS and not classes:
        node.fail(f"a {structure.kind} tariff needs its age classes", "age_classes")
    if structure.kind == "senior_index":
        for key in ("index_base", "index_until_age", "index_step"):
            node.raw(key)  # required: fails naming the field when missing
    return structure


def _rate(node: Node) -> DiscountRate:
    percent = node.amount("percent")
    assert percent is not None
    if percent > 100:
        node.fail(f"a discount above 100%: {percent}", "percent")
    return DiscountRate(percent, node.opt_int("max_age", False))


def _qualifying(node: Node) -> QualifyingProduct:
    return QualifyingProduct(node.req_str("code"), node.strs("levels"))


def _conditions(node: Node | None) -> DiscountConditions:
    if node is None:
        return DiscountConditions()
    conditions = DiscountConditions(
        max_age=node.opt_int("max_age", False),
        holder=node.opt_str("holder", False, HOLDERS),
        qualifying_products=each(node.tables("qualifying_products"), _qualifying),
        claims_below=node.amount("claims_below", False),
        module=node.opt_str("module", False),
        lamal_insurer=node.opt_str("lamal_insurer", False),
        max_premium_percent=node.amount("max_premium_percent", False),
    )
    node.done()
    return conditions


def _discount(node: Node) -> Discount:
    return Discount(node.req_str("code"), node.req_str("kind", DISCOUNT_KINDS),
                    node.req_text("description"), source_of(node),
                    each(node.tables("rates"), _rate), _conditions(node.table("conditions", False)))


def _waiting(node: Node) -> WaitingRule:
    benefit = node.req_str("benefit")
    if not KEY.match(benefit):
        node.fail(f"benefit keys are lower_case words, got {benefit!r}", "benefit")
    return WaitingRule(benefit, node.req_int("months", 1), source_of(node), node.text("text", False),
                       node.strs("levels"), node.text("waived_if", False))


def _transfer(node: Node) -> Transfer:
    return Transfer(node.req_str("to_product"), node.req_int("age"), source_of(node),
                    node.req_text("text"), node.opt_str("from_level", False), node.opt_str("to_level", False),
                    node.opt_int("refusal_days", False))


def _cover_end(node: Node) -> CoverEnd:
    return CoverEnd(node.req_int("age"), source_of(node), node.req_text("text"))


def _module(node: Node) -> Module:
    return Module(node.req_str("id"), node.req_text("name"), node.flag("optional", False),
                  source_of(node), node.strs("levels"), node.amount("deductible", False),
                  node.text("deductible_rule", False), each(node.tables("limits"), _limit))


def _level_facts(node: Node, level_id: str, inherited: Level | None) -> Level:
    """Facts of a level; what the level leaves out comes from the product (`inherited`)."""
    if node.has("deductibles"):
        deductibles, ded_source = node.amounts("deductibles"), node.req_str("deductibles_source")
    elif inherited is not None:
        deductibles, ded_source = inherited.deductibles, inherited.deductibles_source
    else:
        deductibles, ded_source = (), ""
    age_node = node.table("age", False)
    age = _age(age_node) if age_node else (inherited.age if inherited else AgeLimits())
    if age_node:
        age_node.done()
    own_limits = each(node.tables("limits"), _limit)
    limits = (inherited.limits if inherited else ()) + own_limits
    capitals = each(node.tables("capitals"), _capital) if node.has("capitals") else (
        inherited.capitals if inherited else ())
    territory_node = node.table("territory", False)
    territory = _territory(territory_node) if territory_node else (
        inherited.territory if inherited else None)
    if territory_node:
        territory_node.done()
    return Level(level_id, node.req_text("name"), deductibles, ded_source, age, limits, capitals, territory)


# -- products --------------------------------------------------------------------------------

DEFAULTABLE = ("insurer", "nature", "premium_structure", "term", "questionnaire", "territory")


def _product(code: str, node: Node, family: str, defaults: dict[str, Any]) -> Product:
    if not CODE.match(code):
        node.fail(f"product codes are 2-8 capitals or digits, got {code!r}")
    for key, value in defaults.items():
        node.data.setdefault(key, value)
    default = _level_facts(node, "", None)
    level_nodes = node.table("levels", False)
    levels: list[Level] = []
    if level_nodes is not None:
        for level_id in level_nodes.data:
            level_nodes.used.add(level_id)
            level_node = Node(node.file, level_nodes.where(level_id), level_nodes.data[level_id])
            levels.append(_level_facts(level_node, level_id, default))
            level_node.done()
        if not levels:
            level_nodes.fail("an empty levels table; leave it out when there are no levels")
    insurer = node.table("insurer")
    premium = node.table("premium_structure")
    term = node.table("term")
    questionnaire = node.table("questionnaire")
    nature = node.table("nature")
    assert insurer and premium and term and questionnaire and nature
    cover_end = node.table("cover_end", False)
    product = Product(
        code=code, family=family, names=node.req_text("name"),
        descriptions=node.req_text("description"),
        insurer=insurer.req_str("name"), insurer_source=source_of(insurer),
        nature=nature.req_str("value", NATURES), nature_source=source_of(nature),
        premium=_premium(premium), term=_term(term),
        questionnaire_rule=Questionnaire(questionnaire.req_str("kind", QUESTIONNAIRES),
                                    source_of(questionnaire)),
        level_data=tuple(levels), default=default,
        modules=each(node.tables("modules"), _module),
        waiting_rules=each(node.tables("waiting_periods"), _waiting),
        exclusions=each(node.tables("exclusions"), _exclusion),
        prerequisites=each(node.tables("prerequisites"), _prerequisite),
        transfers=each(node.tables("transfers"), _transfer),
        cover_end=_cover_end(cover_end) if cover_end else None,
        discounts=each(node.tables("discounts"), _discount),
        notes=each(node.tables("notes"), _note),
        file=node.file,
    )
    for sub in (insurer, premium, term, questionnaire, nature, cover_end):
        if sub is not None:
            sub.done()
    node.done()
    _check_level_references(product, node)
    return product


def _check_level_references(product: Product, node: Node) -> None:
    known = product.levels

    def check(level_id: str | None, where: str) -> None:
        if level_id is not None and level_id not in known:
            node.fail(f"unknown level {level_id!r} (levels: {', '.join(known) or 'none'})", where)

    for i, rule in enumerate(product.waiting_rules):
        for j, level_id in enumerate(rule.levels):
            check(level_id, f"waiting_periods[{i}].levels[{j}]")
    for i, module in enumerate(product.modules):
        for j, level_id in enumerate(module.levels):
            check(level_id, f"modules[{i}].levels[{j}]")
    for i, transfer in enumerate(product.transfers):
        check(transfer.from_level, f"transfers[{i}].from_level")
    seen: set[str] = set()
    for i, discount in enumerate(product.discounts):
        if discount.code in seen:
            node.fail(f"duplicated discount code {discount.code!r}", f"discounts[{i}].code")
        seen.add(discount.code)


def _lamal(node: Node) -> BasicInsurance:
    code = node.req_str("code")
    if code != LAMAL_CODE:
        node.fail(f"the basic insurance has code {LAMAL_CODE!r}, got {code!r}", "code")
    adult, child = node.amounts("adult_deductibles"), node.amounts("child_deductibles")
    ded_source = node.req_str("deductibles_source")
    groups: list[tuple[int, int | None]] = []
    for group in node.tables("age_groups"):
        low, high = group.req_int("min"), group.opt_int("max", False)
        if groups and low != (groups[-1][1] or 0) + 1:
            group.fail(f"group from {low} does not follow the previous one", "min")
        groups.append((low, high))
        group.done()
    insurer, nature, questionnaire, premium = (node.table(k) for k in (
        "insurer", "nature", "questionnaire", "premium_structure"))
    assert insurer and nature and questionnaire and premium
    names = node.req_text("name")
    default = Level("", names, adult, ded_source, AgeLimits(), (), (), None)
    product = Product(
        code=code, family="basic", names=names,
        descriptions=node.req_text("description"), insurer=insurer.req_str("name"),
        insurer_source=source_of(insurer), nature=nature.req_str("value", NATURES),
        nature_source=source_of(nature), premium=_premium(premium), term=None,
        questionnaire_rule=Questionnaire(questionnaire.req_str("kind", QUESTIONNAIRES),
                                    source_of(questionnaire)),
        level_data=(), default=default, notes=each(node.tables("notes"), _note),
        child_deductibles=child, file=node.file)
    lamal = BasicInsurance(
        product=product, adult_deductibles=adult, child_deductibles=child,
        deductibles_source=ded_source, child_max_age=node.req_int("child_max_age"),
        age_groups=tuple(groups), age_groups_source=node.req_str("age_groups_source"),
        models=each(node.tables("models"), lambda n: LamalModel(
            n.req_str("id"), n.req_text("name"), source_of(n))),
        accident_cover=each(node.tables("accident_cover"), lambda n: AccidentCover(
            n.req_str("id"), n.req_text("name"), source_of(n))))
    for sub in (insurer, nature, questionnaire, premium):
        sub.done()
    node.done()
    return lamal


# -- files -----------------------------------------------------------------------------------

def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path.name}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise CatalogueError(f"{path.name}: not UTF-8 text: {error}") from None


def read_catalogue(folder: Path) -> Catalogue:
    if not folder.is_dir():
        raise CatalogueError(f"{folder}: not a catalogue folder")
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise CatalogueError(f"{folder}: no .toml files")
    families: list[tuple[int, Family, list[Product]]] = []
    lamal: BasicInsurance | None = None
    lamal_file = ""
    general: tuple[Limit, ...] = ()
    where_code: dict[str, str] = {}
    where_order: dict[int, str] = {}
    where_family: dict[str, str] = {}
    for path in files:
        root = Node(path.name, "", _parse(path))
        if root.has("general"):
            if general:
                root.fail("general rules are given in two files", "general")
            general_node = root.table("general")
            assert general_node is not None
            general = each(general_node.tables("rules"), _limit)
            general_node.done()
            root.done()
            continue
        if root.has("lamal"):
            if lamal is not None:
                root.fail(f"a second basic insurance (the first is in {lamal_file})", "lamal")
            lamal_node = root.table("lamal")
            assert lamal_node is not None
            lamal, lamal_file = _lamal(lamal_node), path.name
            root.done()
            continue
        family_node = root.table("family")
        assert family_node is not None
        family_id = family_node.req_str("id")
        order = family_node.req_int("order")
        if family_id in where_family:
            family_node.fail(f"family {family_id!r} is also defined in {where_family[family_id]}",
                             "id")
        if order in where_order:
            family_node.fail(f"order {order} is also used in {where_order[order]}", "order")
        where_family[family_id], where_order[order] = path.name, path.name
        defaults_node = root.table("defaults", False)
        defaults: dict[str, Any] = {}
        if defaults_node is not None:
            for key in defaults_node.data:
                if key not in DEFAULTABLE:
                    defaults_node.fail(f"not a shared field (shared: {', '.join(DEFAULTABLE)})",
                                       key)
            defaults = defaults_node.data
        products_node = root.table("products")
        assert products_node is not None
        products = []
        for code, data in products_node.data.items():
            products_node.used.add(code)
            if code in where_code:
                products_node.fail(f"duplicated product code {code!r}, also in {where_code[code]}",
                                   code)
            if code == LAMAL_CODE:
                products_node.fail(f"{LAMAL_CODE} is reserved for the basic insurance", code)
            where_code[code] = path.name
            products.append(_product(code, Node(path.name, products_node.where(code), data),
                                     family_id, dict(defaults)))
        if not products:
            products_node.fail("no products")
        family = Family(family_id, family_node.req_text("name"), tuple(p.code for p in products),
                        source_of(family_node), path.name)
        family_node.done()
        root.done()
        families.append((order, family, products))
    if lamal is None:
        raise CatalogueError(f"{folder}: no file holds the basic insurance ([lamal] table)")
    families.sort(key=lambda item: item[0])
    by_code = {p.code: p for _, _, products in families for p in products}
    _check_cross_references(by_code)
    return Catalogue(
        families_by_id=MappingProxyType({family.id: family for _, family, _ in families}),
        products_by_code=MappingProxyType(by_code), lamal=lamal, path=folder,
        general_rules=general)


def _check_cross_references(by_code: dict[str, Product]) -> None:
    for product in by_code.values():
        prefix = f"{product.file}: products.{product.code}"
        for i, transfer in enumerate(product.transfers):
            target = by_code.get(transfer.to_product)
            if target is None:
                raise CatalogueError(f"{prefix}.transfers[{i}].to_product: unknown product "
                                     f"{transfer.to_product!r}")
            if transfer.to_level is not None and transfer.to_level not in target.levels:
                raise CatalogueError(f"{prefix}.transfers[{i}].to_level: unknown level "
                                     f"{transfer.to_level!r} of {target.code}")
        for i, discount in enumerate(product.discounts):
            for j, ref in enumerate(discount.conditions.qualifying_products):
                target = by_code.get(ref.code)
                for k, level_id in enumerate(ref.levels):
                    if target is not None and level_id not in target.levels:
                        raise CatalogueError(
                            f"{prefix}.discounts[{i}].conditions.qualifying_products[{j}]"
                            f".levels[{k}]: unknown level {level_id!r} of {target.code}")


_shipped: Catalogue | None = None


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue folder; the shipped one (default) is loaded once."""
    global _shipped
    if path is None:
        if _shipped is None:
            _shipped = read_catalogue(CATALOGUE_DIR)
        return _shipped
    return read_catalogue(Path(path))
