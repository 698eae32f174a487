"""Importing a tariff from the desktop (issue 6): off the interface thread, with progress,
cancellable, all or nothing, and the running application priced with it at once.

The first tests use the real services on a fresh store (`wiring.build_context`): the
shipped catalogue and tariffs, an import into the context's data folder. Anna Rochat (F,
born 01.05.1986, Lausanne VD) alone, SC level 2 without deductible from 01.01.2027: she is
in the 41-45 age class in 2027 (she reached 40, the top of 36-40, in 2026 and moves up at
the start of the next calendar year: 003, "classes d'âge"), and the monthly premium carries
the 3% instalment surcharge (004 art. 27.1, rate illustrative in payment.toml).

The workers are made deterministic: a fake waits on a `threading.Event` with a timeout,
never in a loop, and every wait of the test has a timeout, so a failure fails, not hangs.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.services.application.draft import ProductChoice, ProposalDraft
from app.services.formatting import format_chf
from app.services.pricing.federal_tariff import OTHER_INSURERS, TERRITORY, FederalReport
from app.services.pricing.tariff_import import ImportResult
from app.services.pricing.tariff_problems import Wording
from app.services.pricing.tariffs import TariffError, TariffProblem
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.import_tariff import ImportTariffDialog
from app.views.language import switch_language
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from app.views.wizard.review_summary import SummaryPage
from tests.services.tariff_helpers import LCA_HEADER, write_csv
from tests.views.fakes import family_draft
from tests.views.test_no_clipping import clipped, font_scale  # noqa: F401 - fixture

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
WAIT_MS = 10_000

# Shipped, 2025 (applies in 2027 until a later year replaces it): CH 41-45 F 22.85;
# monthly 22.85 * 1.03 = 23.5355, rounded to 5 centimes: 23.55.
SC_BEFORE = Decimal("23.55")
# Imported for 2027: 60.00; monthly 60.00 * 1.03 = 61.80.
SC_AFTER = Decimal("61.80")
GOOD_ROWS = [
    "2027,SC,,2,0,,CH,41-45,F,60.00",
    "2027,SC,,2,0,,CH,41-45,M,55.00",
    "2027,HC,,2,0,,CH,41-45,F,80.00",
]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The platform's data folder elsewhere: the import must go where the context reads.
    monkeypatch.setenv("PROPONO_DATA_DIR", str(tmp_path / "elsewhere"))
    return tmp_path / "data"


@pytest.fixture
def app_context(store: Store, data: Path) -> AppContext:
    return build_context(store, data, MemoryPreferences(), lambda: TODAY, lambda: NOW)


def anna_alone() -> ProposalDraft:
    draft = family_draft()  # start 01.01.2027
    draft.persons = draft.persons[:1]
    return draft


def sc_premium(context: AppContext) -> Decimal | None:
    draft = anna_alone()
    return context.pricing.price_of(draft, draft.persons[0].key, "SC", "2", Decimal(0))


def shown_problems(dialog: ImportTariffDialog) -> list[tuple[str, ...]]:
    table = dialog.problems
    return [tuple(table.item(row, column).text() for column in range(4))
            for row in range(table.rowCount())]


def dialog_for(qtbot: QtBot, importer: Callable[[Path, Any], Any],
               reload: Callable[[], None] | None = None) -> ImportTariffDialog:
    dialog = ImportTariffDialog(importer, reload)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run(qtbot: QtBot, dialog: ImportTariffDialog, path: Path | str) -> str:
    dialog.path.setText(str(path))
    with qtbot.waitSignal(dialog.ended, timeout=WAIT_MS) as ended:
        dialog.import_button.click()
    assert dialog.runner.wait(WAIT_MS)
    return str(ended.args[0])


# --- the real services ---------------------------------------------------------------

def test_a_tariff_imported_from_the_file_menu_prices_the_next_premium(
        qtbot: QtBot, app_context: AppContext, data: Path, tmp_path: Path) -> None:
    assert sc_premium(app_context) == SC_BEFORE
    source = write_csv(tmp_path / "in", "sc-2027.csv", LCA_HEADER, GOOD_ROWS)
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    assert window.import_tariff_action in window.file_menu.actions()
    assert window.import_tariff_action.text() == "Import a &tariff…"
    assert window.import_tariff_action.isEnabled()

    window.import_tariff_action.trigger()
    dialog = window.tariff_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    assert not dialog.import_button.isEnabled()  # no file yet
    with patch.object(QFileDialog, "getOpenFileName", return_value=(str(source), "")):
        dialog.choose_button.click()
    assert dialog.path.text() == str(source)
    assert run(qtbot, dialog, source) == "imported"

    assert sorted(p.name for p in (data / "tariffs").iterdir()) == [
        "lca-2027-HC.csv", "lca-2027-SC.csv"]
    assert not (tmp_path / "elsewhere" / "tariffs").exists()
    assert dialog.summary.text() == (
        "sc-2027.csv is imported: new premiums are computed with it from now on.")
    assert dialog.status.text() == "3 premiums imported · 2 files written"
    assert [dialog.details.item(i).text() for i in range(dialog.details.count())] == [
        "lca-2027-HC.csv", "lca-2027-SC.csv"]
    assert not dialog.cancel_button.isVisible() and not dialog.problems.isVisible()
    # the running application, through the same context, at once
    assert sc_premium(app_context) == SC_AFTER


def test_a_bad_file_names_its_lines_and_columns_and_changes_nothing(
        qtbot: QtBot, app_context: AppContext, data: Path, tmp_path: Path) -> None:
    assert app_context.tariff_import is not None
    reloads: list[int] = []
    dialog = dialog_for(qtbot, app_context.tariff_import, lambda: reloads.append(1))
    # line 1 is the comment, line 2 the header
    bad = write_csv(tmp_path / "in", "bad.csv", LCA_HEADER, [
        "2027,SC,,2,0,,CH,41-45,X,60.00",
        "2027,SC,,2,0,,CH,41-45,F,sixty",
        "2027,HC,,2,0,,CH,41-45,F,80.00",
    ])
    assert run(qtbot, dialog, bad) == "refused"
    assert dialog.summary.text() == "2 problems in bad.csv: nothing was imported."
    assert shown_problems(dialog) == [
        ("bad.csv", "3", "sex", "'X': expected F, M or *"),
        ("bad.csv", "4", "monthly_premium", "'sixty' is not an amount"),
    ]
    assert dialog.problems.item(0, 0).toolTip() == str(bad)  # the whole path
    assert dialog.status.text() == ("The premiums stay as they were. Correct the file and "
                                    "import it again.")
    assert not dialog.more.isVisible()
    assert not (data / "tariffs").exists() and reloads == []
    assert sc_premium(app_context) == SC_BEFORE

    # a readable file the catalogue refuses: checked against it, nothing written either
    unknown = write_csv(tmp_path / "in", "zz.csv", LCA_HEADER, [
        "2027,SC,,2,0,,CH,41-45,F,60.00", "2027,ZZ,,,,,CH,41-45,F,10.00"])
    assert run(qtbot, dialog, unknown) == "refused"
    assert shown_problems(dialog) == [("zz.csv", "4", "product", "ZZ is not in the catalogue")]
    assert not (data / "tariffs").exists() or not any((data / "tariffs").iterdir())
    assert sc_premium(app_context) == SC_BEFORE


def test_a_cancel_midway_writes_nothing_and_says_so(
        qtbot: QtBot, app_context: AppContext, data: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in", "sc-2027.csv", LCA_HEADER, GOOD_ROWS)
    real = app_context.tariff_import
    assert real is not None
    paused, release = threading.Event(), threading.Event()

    def importer(path: Path, progress: Callable[[int, int, str], None]) -> Any:
        def report(done: int, total: int, name: str) -> None:
            progress(done, total, name)  # the task's callback: raises once cancelled
            if name == "SC":  # the second of two parts (HC, SC): HC is written already
                paused.set()
                release.wait(5)  # bounded: a failing test does not hang

        return real(path, report)

    dialog = dialog_for(qtbot, importer, app_context.reload_tariffs)
    dialog.path.setText(str(source))
    try:
        dialog.import_button.click()
        assert paused.wait(5)
        qtbot.waitUntil(lambda: dialog.status.text() == "Writing SC (2 of 2)…",
                        timeout=WAIT_MS)
        assert dialog.bar.maximum() == 2 and dialog.bar.value() == 1
        assert dialog.busy and dialog.cancel_button.isVisible()
        assert not dialog.import_button.isEnabled() and not dialog.path.isEnabled()
        assert any((data / "tariffs").iterdir())  # the first part, not yet in place
        with qtbot.waitSignal(dialog.ended, timeout=WAIT_MS) as ended:
            dialog.cancel_button.click()
            assert dialog.status.text() == "Cancelling…"
            assert not dialog.cancel_button.isEnabled()
            release.set()  # the service's next report raises TaskCancelled
    finally:
        release.set()
        assert dialog.runner.wait(WAIT_MS)
    assert ended.args == ["cancelled"]
    assert list((data / "tariffs").iterdir()) == []  # not even a temporary file
    assert dialog.summary.text() == "Import cancelled: nothing was changed."
    assert dialog.status.text() == "The premiums stay as they were."
    assert not dialog.busy and dialog.import_button.isEnabled()
    assert sc_premium(app_context) == SC_BEFORE


# --- injected importers ----------------------------------------------------------------

class LastReport:
    """A fake import that reports its last step, then waits to be released and succeeds."""

    def __init__(self) -> None:
        self.reached, self.release = threading.Event(), threading.Event()
        self.result = ImportResult(written=[Path("lca-2027-SC.csv")], rows=2)

    def __call__(self, path: Path, progress: Callable[[int, int, str], None]) -> ImportResult:
        progress(0, 0, path.name)
        progress(1, 1, "")  # the service's last report: the files go in place after it
        self.reached.set()
        self.release.wait(5)  # bounded: a failing test does not hang
        return self.result


def test_once_the_files_go_in_place_a_cancel_is_refused(qtbot: QtBot) -> None:
    fake = LastReport()
    reloads: list[int] = []
    dialog = dialog_for(qtbot, fake, lambda: reloads.append(1))
    dialog.path.setText("/somewhere/sc-2027.csv")
    try:
        dialog.import_button.click()
        assert fake.reached.wait(5)
        qtbot.waitUntil(lambda: dialog.status.text() == "Putting the new tariff in place…",
                        timeout=WAIT_MS)
        assert not dialog.cancel_button.isEnabled()
        task = dialog.task
        assert task is not None
        with qtbot.waitSignal(dialog.ended, timeout=WAIT_MS) as ended:
            dialog.reject()  # Escape, or the lock screen: the dialog goes, the import ends
            assert not task.progress.cancelled
            fake.release.set()
    finally:
        fake.release.set()
        assert dialog.runner.wait(WAIT_MS)
    assert ended.args == ["imported"] and reloads == [1]


def test_a_cancel_crossing_the_last_report_is_shown_as_the_import_it_was(
        qtbot: QtBot) -> None:
    fake = LastReport()
    reloads: list[int] = []
    dialog = dialog_for(qtbot, fake, lambda: reloads.append(1))
    imported: list[object] = []
    dialog.imported.connect(imported.append)
    dialog.path.setText("/somewhere/sc-2027.csv")
    try:
        dialog.import_button.click()
        # The worker is past its last report, whose signal this thread has not received
        # yet (no event processed since the click): the Cancel button is still on.
        assert fake.reached.wait(5)
        assert dialog.cancel_button.isEnabled()
        with qtbot.waitSignal(dialog.ended, timeout=WAIT_MS) as ended:
            dialog.cancel_button.click()
            fake.release.set()  # the import returns without another report
    finally:
        fake.release.set()
        assert dialog.runner.wait(WAIT_MS)
    assert ended.args == ["imported"]  # the files are in place: not "nothing changed"
    assert imported == [fake.result] and reloads == [1]
    assert dialog.summary.text() == (
        "sc-2027.csv is imported: new premiums are computed with it from now on.")


def test_the_first_problems_are_listed_with_a_count_of_the_rest(qtbot: QtBot) -> None:
    problems = [TariffProblem("/in/big.csv", line, "monthly_premium", "is empty")
                for line in range(3, 56)]  # 53 problems
    problems[0] = TariffProblem("/in/big.csv", 0, "", "no header row")

    def importer(path: Path, progress: Callable[[int, int, str], None]) -> None:
        raise TariffError(problems)

    dialog = dialog_for(qtbot, importer)
    assert run(qtbot, dialog, "/in/big.csv") == "refused"
    assert dialog.summary.text() == "53 problems in big.csv: nothing was imported."
    shown = shown_problems(dialog)
    assert len(shown) == 50
    assert shown[0] == ("big.csv", "", "", "no header row")  # the whole file: no line
    assert shown[-1] == ("big.csv", "52", "monthly_premium", "is empty")
    assert dialog.more.isVisible() and dialog.more.text() == "… and 3 more problems"


def test_a_federal_file_reports_what_was_kept_and_skipped(qtbot: QtBot) -> None:
    report = FederalReport(rows=41_312, kept=1_208, skipped=Counter({
        "other insurers": 40_000, "further children's subgroups (K2, K3...)": 104}))
    result = ImportResult(written=[Path("lamal-2027-EGK.csv"), Path("lamal-2027-SWICA.csv")],
                          rows=1_208, federal=report)
    reloads: list[int] = []
    dialog = dialog_for(qtbot, lambda path, progress: result, lambda: reloads.append(1))
    assert run(qtbot, dialog, "/in/Prämien_CH.csv") == "imported"
    assert dialog.status.text() == "1208 premiums imported · 2 files written"
    assert [dialog.details.item(i).text() for i in range(dialog.details.count())] == [
        "lamal-2027-EGK.csv",
        "lamal-2027-SWICA.csv",
        "Federal file: 41312 rows read, 1208 kept for the insurers Propono knows.",
        "104 rows skipped: further children's subgroups (K2, K3...)",
        "40000 rows skipped: other insurers",
    ]
    assert reloads == [1]


def test_an_unexpected_error_is_shown_and_the_tariffs_read_again(qtbot: QtBot) -> None:
    def importer(path: Path, progress: Callable[[int, int, str], None]) -> None:
        raise OSError("No space left on device")

    reloads: list[int] = []
    dialog = dialog_for(qtbot, importer, lambda: reloads.append(1))
    assert run(qtbot, dialog, "/in/sc.csv") == "failed"
    assert dialog.summary.text() == "The tariff could not be imported: No space left on device"
    # the service may have put some parts in place before failing: priced from disk again
    assert reloads == [1]


def test_without_an_importer_the_menu_entry_is_off(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)  # the fakes' context has no tariff import
    qtbot.addWidget(window)
    assert not window.import_tariff_action.isEnabled()
    window.import_tariff()
    assert window.tariff_dialog is None


@pytest.mark.usefixtures("font_scale")  # normal, and text enlarged as 150% scaling does
@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_no_text_is_cut_in_any_state(qtbot: QtBot, language: str) -> None:
    release = threading.Event()
    federal = ImportResult(written=[Path("lamal-2027-SWICA.csv")], rows=20, federal=FederalReport(
        rows=56, kept=20, skipped=Counter({"other insurers": 28})))

    def importer(path: Path, progress: Callable[[int, int, str], None]) -> Any:
        if path.name == "bad.csv":
            raise TariffError([TariffProblem(str(path), 3, "sex", "'X': expected F, M or *")])
        if path.name == "slow.csv":
            progress(0, 2, "SWICA")
            release.wait(5)
            progress(1, 2, "EGK")  # cancelled meanwhile: raises
        return federal

    switch_language(language)
    dialog = dialog_for(qtbot, importer)
    problems: dict[str, list[tuple[str, str, int, int]]] = {}

    def look(state: str) -> None:
        qtbot.wait(20)  # the layouts run as posted events
        if found := clipped(dialog):
            problems[state] = found

    look("empty")
    dialog.path.setText("/in/slow.csv")
    try:
        dialog.import_button.click()
        qtbot.waitUntil(lambda: "SWICA" in dialog.status.text(), timeout=WAIT_MS)
        look("writing")
        with qtbot.waitSignal(dialog.ended, timeout=WAIT_MS):
            dialog.cancel_button.click()
            release.set()
    finally:
        release.set()
        assert dialog.runner.wait(WAIT_MS)
    look("cancelled")
    for name, state in (("bad.csv", "refused"), ("Prämien_CH.csv", "imported")):
        assert run(qtbot, dialog, f"/in/{name}") == state
        look(state)
    assert problems == {}


def test_the_texts_follow_the_interface_language(qtbot: QtBot) -> None:
    def importer(path: Path, progress: Callable[[int, int, str], None]) -> None:
        raise TariffError([TariffProblem(str(path), 3, "sex", "'X': expected F, M or *")])

    dialog = dialog_for(qtbot, importer)
    assert run(qtbot, dialog, "/in/bad.csv") == "refused"
    switch_language("de")  # after the outcome: shown again in German
    assert dialog.windowTitle() == "Tarif importieren"
    assert dialog.import_button.text() == "&Importieren"
    assert dialog.summary.text() == "1 Problem in bad.csv: Nichts wurde importiert."
    assert dialog.problems.horizontalHeaderItem(1).text() == "Zeile"
    switch_language("fr")
    assert dialog.summary.text() == "1 problème dans bad.csv : rien n'a été importé."


def test_the_problems_of_a_refused_file_follow_the_interface_language(
        qtbot: QtBot, app_context: AppContext, data: Path, tmp_path: Path) -> None:
    assert app_context.tariff_import is not None
    dialog = dialog_for(qtbot, app_context.tariff_import)
    bad = write_csv(tmp_path / "in", "bad.csv", LCA_HEADER, [  # line 2 is the header
        "2027,SC,,2,0,,CH,41-45,X,60.00",  # line 3: no such sex
        "2027,SC,,2,0,,CH,41-45,M,55.00",  # line 4
        "2027,SC,,2,0,,CH,41-45,M,56.00",  # line 5: the key of line 4 again
    ])
    assert run(qtbot, dialog, bad) == "refused"  # found on the worker, in English
    assert shown_problems(dialog) == [
        ("bad.csv", "3", "sex", "'X': expected F, M or *"),
        ("bad.csv", "5", "", "duplicate of line 4 (same key)"),
    ]
    switch_language("fr")  # the outcome stays on screen: its problems are put into French
    assert dialog.summary.text() == "2 problèmes dans bad.csv : rien n'a été importé."
    assert shown_problems(dialog) == [
        ("bad.csv", "3", "sex", "'X' : attendu F, M ou *"),
        ("bad.csv", "5", "", "doublon de la ligne 4 (même clé)"),
    ]
    assert dialog.problems.item(1, 3).toolTip() == "doublon de la ligne 4 (même clé)"

    switch_language("de")  # and a file checked while the interface is in German
    assert run(qtbot, dialog, bad) == "refused"
    assert shown_problems(dialog) == [
        ("bad.csv", "3", "sex", "'X': erwartet F, M oder *"),
        ("bad.csv", "5", "", "Duplikat von Zeile 4 (gleicher Schlüssel)"),
    ]


def test_the_skipped_rows_of_a_federal_file_follow_the_interface_language(
        qtbot: QtBot) -> None:
    report = FederalReport(rows=30, kept=20)
    for _row in range(9):
        report.skip(OTHER_INSURERS)
    report.skip(Wording.of(TERRITORY, code="P_OKPFL"))
    assert report.skipped == Counter({"other insurers": 9, "territory P_OKPFL": 1})
    result = ImportResult(written=[Path("lamal-2027-EGK.csv")], rows=20, federal=report)
    dialog = dialog_for(qtbot, lambda path, progress: result)
    assert run(qtbot, dialog, "/in/Prämien_CH.csv") == "imported"
    switch_language("it")
    assert [dialog.details.item(i).text() for i in range(dialog.details.count())] == [
        "lamal-2027-EGK.csv",
        "File federale: 30 righe lette, 20 mantenute per gli assicuratori che Propono conosce.",
        "9 righe ignorate: altri assicuratori",
        "1 riga ignorata: territorio P_OKPFL",
    ]


def test_the_open_step_shows_the_new_premiums(qtbot: QtBot, app_context: AppContext,
                                              tmp_path: Path) -> None:
    draft = anna_alone()
    draft.products[draft.persons[0].key] = [ProductChoice("SC", "2", Decimal(0))]
    app_context.proposals.save_draft(draft)
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    window.open_proposal(draft.id)
    wizard = window.wizard
    wizard._show([page.step for page in wizard.pages].index("summary"))
    summary = wizard.page("summary")
    assert isinstance(summary, SummaryPage)

    def shown_net() -> str:
        return summary.lines.topLevelItem(0).text(6)  # the Net column

    assert shown_net() == format_chf(SC_BEFORE)
    window.import_tariff_action.trigger()
    dialog = window.tariff_dialog
    assert dialog is not None
    source = write_csv(tmp_path / "in", "sc-2027.csv", LCA_HEADER, GOOD_ROWS)
    assert run(qtbot, dialog, source) == "imported"
    assert shown_net() == format_chf(SC_AFTER)  # without leaving the step
    window.close()
