"""Reading TOML tables with their file and field path, so every error says where it is.

`Node` wraps one table: typed getters raise `CatalogueError("<file>: <path>: <problem>")`
and `done()` refuses fields nobody read (a misspelt key must not silently drop a fact).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from app.i18n import LANGUAGES
from app.services.catalogue.model import CatalogueError, Text

T = TypeVar("T")


class Node:
    """A TOML table with its file and path, so every error can say where it is."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            self.fail(f"expected a table, got {kind_of(data)}")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def where(self, key: str | int | None = None) -> str:
        if key is None:
            return self.path
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, message: str, key: str | int | None = None) -> None:
        where = self.where(key)
        raise CatalogueError(f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}")

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, required: bool = True) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                self.fail("missing field", key)
            return None
        return self.data[key]

    def table(self, key: str, required: bool = True) -> Node | None:
        value = self.raw(key, required)
        return None if value is None else Node(self.file, self.where(key), value)

    def tables(self, key: str) -> list[Node]:
        value = self.raw(key, required=False)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"expected a list of tables, got {kind_of(value)}", key)
        return [Node(self.file, f"{self.where(key)}[{i}]", item) for i, item in enumerate(value)]

    def opt_str(self, key: str, required: bool = True, choices: tuple[str, ...] = ()) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"expected a non-empty text, got {value!r}", key)
        if choices and value not in choices:
            self.fail(f"unknown value {value!r}; expected one of {', '.join(choices)}", key)
        return str(value)

    def req_str(self, key: str, choices: tuple[str, ...] = ()) -> str:
        value = self.opt_str(key, True, choices)
        assert value is not None
        return value

    def opt_int(self, key: str, required: bool = True, minimum: int = 0) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"expected a whole number, got {value!r}", key)
        if value < minimum:
            self.fail(f"must be at least {minimum}, got {value}", key)
        return int(value)

    def req_int(self, key: str, minimum: int = 0) -> int:
        value = self.opt_int(key, True, minimum)
        assert value is not None
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(f"expected true or false, got {value!r}", key)
        return bool(value)

    def amount(self, key: str, required: bool = True) -> Decimal | None:
        value = self.raw(key, required)
        return None if value is None else parse_amount(self, key, value)

    def amounts(self, key: str) -> tuple[Decimal, ...]:
        value = self.raw(key)
        if not isinstance(value, list):
            self.fail(f"expected a list of amounts, got {kind_of(value)}", key)
        amounts = [parse_amount(self, f"{key}[{i}]", item) for i, item in enumerate(value)]
        for i in range(1, len(amounts)):
            if amounts[i] <= amounts[i - 1]:
                self.fail(f"amounts must be ascending without repeats, {amounts[i]} after "
                          f"{amounts[i - 1]}", f"{key}[{i}]")
        return tuple(amounts)

    def strs(self, key: str) -> tuple[str, ...]:
        value = self.raw(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail("expected a list of texts", key)
        return tuple(value)

    def text(self, key: str, required: bool = True) -> Text | None:
        node = self.table(key, required)
        if node is None:
            return None
        values = {lang: node.req_str(lang) for lang in LANGUAGES}
        node.done()
        return Text(**values)

    def req_text(self, key: str) -> Text:
        value = self.text(key)
        assert value is not None
        return value

    def done(self) -> None:
        """Refuse fields nobody reads: a typo must not silently drop a fact."""
        for key in self.data:
            if key not in self.used:
                self.fail("unknown field", key)


def kind_of(value: Any) -> str:
    names: dict[type, str] = {dict: "a table", list: "a list", str: "a text"}
    return names.get(type(value), type(value).__name__)


def parse_amount(node: Node, key: str, value: Any) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float) or not isinstance(value, int | str):
        node.fail(f"expected an amount as a whole number or a text like \"12.50\", got {value!r}",
                  key)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        node.fail(f"not an amount: {value!r}", key)
    if not amount.is_finite():
        node.fail(f"not an amount: {value!r}", key)
    if amount < 0:
        node.fail(f"negative amount {value}", key)
    return amount


def source_of(node: Node, key: str = "source") -> str:
    return node.req_str(key)


def each(nodes: list[Node], build: Callable[[Node], T]) -> tuple[T, ...]:
    items = []
    for node in nodes:
        items.append(build(node))
        node.done()
    return tuple(items)
