"""JSON <-> frozen dataclasses, driven by the type hints of the record classes.

The exchange format is strict on purpose: a record is hashed and signed, so
amounts are strings (never floats), dates ISO, and an unknown or missing field
is an error naming its JSON path ("$.household.members[1].birth_date").
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
import types
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

T = TypeVar("T")

_DECIMAL = re.compile(r"^-?\d{1,12}(\.\d{1,6})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RecordError(ValueError):
    """A record that cannot be read or rendered; `problems` name JSON paths."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a long string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def decode(cls: type[T], data: object, path: str = "$") -> T:
    """Build `cls` (a dataclass) from parsed JSON, or raise RecordError."""
    return typing.cast(T, _decode(cls, data, path))


def _decode(tp: Any, data: object, path: str) -> object:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if data is None:
            if type(None) in get_args(tp):
                return None
            raise RecordError(f"{path}: missing value")
        return _decode(options[0], data, path)
    if data is None:
        raise RecordError(f"{path}: missing value (null)")
    if origin is Literal:
        allowed = get_args(tp)
        if data not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise RecordError(f"{path}: expected one of {choices}, got {_describe(data)}")
        return data
    if origin is tuple:
        if not isinstance(data, list):
            raise RecordError(f"{path}: expected a list, got {_describe(data)}")
        (item_type, _ellipsis) = get_args(tp)
        return tuple(_decode(item_type, item, f"{path}[{i}]") for i, item in enumerate(data))
    if hasattr(tp, "from_json_value"):
        return tp.from_json_value(data, path)
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(typing.cast(type, tp), data, path)
    if tp is bool:
        if not isinstance(data, bool):
            raise RecordError(f"{path}: expected true or false, got {_describe(data)}")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise RecordError(f"{path}: expected a whole number, got {_describe(data)}")
        return data
    if tp is str:
        if not isinstance(data, str):
            raise RecordError(f"{path}: expected a string, got {_describe(data)}")
        return data
    if tp is Decimal:
        if not isinstance(data, str) or not _DECIMAL.match(data):
            raise RecordError(
                f'{path}: amounts are strings like "1234.50", got {_describe(data)}'
            )
        try:
            return Decimal(data)
        except InvalidOperation as error:  # pragma: no cover - the regex guards this
            raise RecordError(f"{path}: not a number: {data!r}") from error
    if tp is datetime:
        if not isinstance(data, str):
            raise RecordError(f"{path}: expected an ISO date-time string, got {_describe(data)}")
        try:
            moment = datetime.fromisoformat(data)
        except ValueError as error:
            raise RecordError(
                f"{path}: expected an ISO date-time like 2026-03-14T10:32:00+01:00, got {data!r}"
            ) from error
        if moment.tzinfo is None:
            raise RecordError(f"{path}: the date-time {data!r} needs a UTC offset (+01:00)")
        return moment
    if tp is date:
        if not isinstance(data, str) or not _DATE.match(data):
            raise RecordError(f"{path}: expected an ISO date YYYY-MM-DD, got {_describe(data)}")
        try:
            return date.fromisoformat(data)
        except ValueError as error:
            raise RecordError(f"{path}: {data!r} is not a calendar date") from error
    if tp is bytes:
        if not isinstance(data, str):
            raise RecordError(f"{path}: expected base64 text, got {_describe(data)}")
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as error:
            raise RecordError(f"{path}: not valid base64") from error
    raise TypeError(f"no JSON decoder for {tp!r} at {path}")  # a programming error


def _decode_dataclass(cls: type, data: object, path: str) -> object:
    if not isinstance(data, dict):
        raise RecordError(f"{path}: expected an object, got {_describe(data)}")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise RecordError(f"{path}: unknown field(s) {', '.join(unknown)}")
    values: dict[str, object] = {}
    for name, field in fields.items():
        if name not in data:
            has_default = (
                field.default is not dataclasses.MISSING
                or field.default_factory is not dataclasses.MISSING
            )
            if has_default:
                continue
            raise RecordError(f"{path}.{name}: missing")
        values[name] = _decode(hints[name], data[name], f"{path}.{name}")
    try:
        return cls(**values)
    except RecordError as error:
        raise RecordError(
            [p if p.startswith("$") else f"{path}: {p}" for p in error.problems]
        ) from error


def encode(value: object) -> Any:
    """The JSON-ready form (dicts, lists, strings, numbers, booleans)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "to_json_value"):
        return value.to_json_value()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot encode {type(value).__name__}")


def walk(value: object, path: str = "$") -> typing.Iterator[tuple[str, object]]:
    """Every (path, value) inside a record, depth first."""
    yield path, value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_json_value"):
            return
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
