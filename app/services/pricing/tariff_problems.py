"""What is wrong in a tariff file, in the agent's language.

A problem keeps its English message id and values (`Wording`) beside the text it had when it
was found: the import dialog shows a refused file's problems until it is closed and puts them
into words again when the agent switches the interface language; the command prints them in
the language asked. Shared by `tariffs`, `federal_tariff` and `tariff_import`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.i18n import N_, _, ngettext


@dataclass(frozen=True)
class Wording:
    """An English message (a msgid marked with `N_`) and the values of its named
    placeholders, translated each time it is put into words: a refused file's problems
    stay on screen while the agent may switch the interface language."""

    msgid: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, msgid: str, /, **values: object) -> Wording:
        return cls(msgid, tuple(values.items()))

    def english(self) -> str:
        """The source text: stable, whatever the interface language (a key for counts)."""
        return self.msgid.format(**dict(self.values))

    def __str__(self) -> str:
        return _(self.msgid).format(**dict(self.values))


@dataclass(frozen=True)
class TariffProblem:
    path: str
    line: int
    column: str
    message: str  # in the interface language of the moment the problem was found
    wording: Wording | None = field(default=None, compare=False, repr=False)

    @classmethod
    def found(cls, path: str, line: int, column: str, msgid: str, /,
              **values: object) -> TariffProblem:
        """A problem whose message is `msgid` (marked with `N_`) with `values` filled in."""
        return cls.worded(path, line, column, Wording.of(msgid, **values))

    @classmethod
    def worded(cls, path: str, line: int, column: str, wording: Wording) -> TariffProblem:
        return cls(path, line, column, str(wording), wording)

    def text(self) -> str:
        """The message in the current interface language."""
        return self.message if self.wording is None else str(self.wording)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        column = " " + _("column '{column}'").format(column=self.column) if self.column else ""
        return f"{where}:{column} {self.text()}"


class TariffError(ValueError):
    """A tariff file with bad rows; `problems` lists each with its line and column."""

    def __init__(self, problems: Iterable[TariffProblem]):
        self.problems = tuple(problems)
        super().__init__(self.describe())

    def describe(self, limit: int = 50) -> str:
        """The first `limit` problems, one a line, in the current interface language."""
        shown = "\n".join(str(p) for p in self.problems[:limit])
        more = len(self.problems) - limit
        if more > 0:
            shown += "\n" + ngettext("… and %d more problem", "… and %d more problems",
                                     more) % more
        return shown

    def __str__(self) -> str:
        return self.describe()


class BadCell(ValueError):
    """One cell of a row is wrong: its column and what is wrong, as a `Wording`."""

    def __init__(self, column: str, msgid: str, /, **values: object):
        self.column = column
        self.wording = Wording.of(msgid, **values)
        super().__init__(f"{column}: {self.wording.english()}")

    @property
    def message(self) -> str:
        return str(self.wording)


# Messages shared with the federal file's reader.
CELL_COUNT = N_("expected {expected} cells, found {count}")
DUPLICATE = N_("duplicate of line {line} (same key)")
NOT_A_YEAR = N_("{value!r} is not a premium year (20xx)")
NOT_AN_AMOUNT = N_("{value!r} is not an amount")
NOT_ABOVE_ZERO = N_("{value!r} must be above 0")
NOT_A_DEDUCTIBLE = N_("{value} is not a {group} deductible (OAMal art. 93, 103: {options})")
