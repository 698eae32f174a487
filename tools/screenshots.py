"""Render every screen offscreen, in the four languages, to docs/screenshots/<lang>/.

    .venv/bin/python tools/screenshots.py [--scale 1.5] [--out docs/screenshots]

Uses the real services on a temporary demo database (the store's demo data plus one
scripted family, the Rochats, taken through the whole meeting), so the screenshots show
what an agent sees. `--scale` renders at 125% / 150% display scaling.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
KNEE = {"diagnosis": "Méniscectomie", "body_part": "knee", "side": "left", "from": "2024-02",
        "course": "healed", "to": "2024-06", "treatment": "Arthroscopie",
        "doctor": "Dr Rossi, Lausanne", "time_off_work": True, "weeks_off_work": Decimal(6)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1", help="display scaling factor (1, 1.25, 1.5)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--languages", default="fr,de,it,en")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    folder = Path(tempfile.mkdtemp(prefix="propono-shots-"))
    os.environ["PROPONO_DATA_DIR"] = str(folder)

    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication, QCheckBox, QWidget

    app = QApplication([])
    app.setApplicationName("Propono")

    from app.services.application.draft import (
        BasicInsuranceChoice,
        PersonDraft,
        ProductChoice,
        ProposalDraft,
    )
    from app.services.demo.data import DEMO_PASSWORD, create_demo_database
    from app.services.store.crypto import KdfParams
    from app.views.change_password import ChangePasswordDialog
    from app.views.create_profile import CreateProfileDialog
    from app.views.edit_preferences import PreferencesDialog
    from app.views.export_offers import ExportOffersDialog
    from app.views.forms import PageCheckError
    from app.views.import_tariff import ImportTariffDialog
    from app.views.language import switch_language
    from app.views.log_in import LoginDialog
    from app.views.main_window import MainWindow
    from app.views.pdf_preview import PdfPreview
    from app.views.preferences import MemoryPreferences
    from app.views.wiring import build_context
    from app.views.wizard.compare_levels import CompareLevelsDialog
    from app.views.wizard.edit_household import HouseholdPage
    from app.views.wizard.follow_up import FollowUpPage
    from app.views.wizard.pick_products import ProductsPage
    from app.views.wizard.review_reservations import ReservationsPage
    from app.views.wizard.review_summary import SummaryPage
    from app.views.wizard.sign_proposal import SignaturesPage

    store = create_demo_database(folder / "propono.sqlite",
                                 kdf=KdfParams(time_cost=1, memory_cost=8, parallelism=1))
    context = build_context(store, folder, MemoryPreferences(), lambda: TODAY, lambda: NOW)
    assert context.auth.log_in(DEMO_PASSWORD).ok

    def rochat_family() -> str:
        """The Rochat family through the services, as the meeting test takes it."""
        anna = PersonDraft(role="policyholder", first_name="Anna", last_name="Rochat", sex="F",
                           birth_date=date(1986, 5, 1), ahv_number="756.1234.5678.97",
                           street="Avenue de la Gare 12", postal_code="1003",
                           municipality="Lausanne", canton="VD", phone="079 123 45 67",
                           email="anna.rochat@example.ch")
        marc = PersonDraft(role="spouse", first_name="Marc", last_name="Rochat", sex="M",
                           birth_date=date(1984, 2, 29), ahv_number="756.9217.0769.85",
                           street=anna.street, postal_code="1003", municipality="Lausanne",
                           canton="VD")
        lea = PersonDraft(role="child", first_name="Léa", last_name="Rochat", sex="F",
                          birth_date=date(2018, 7, 14), street=anna.street, postal_code="1003",
                          municipality="Lausanne", canton="VD")
        draft = ProposalDraft(persons=[anna, marc, lea], start_date=date(2027, 1, 1))
        for person, items in ((anna, (("GM", None), ("SC", "2"))), (marc, (("GM", None), ("SC", "1"))),
                              (lea, (("DP", "0"), ("SC", "1")))):
            child = person is lea
            draft.basic[person.key] = BasicInsuranceChoice(
                insurer="CMVEO", deductible=Decimal(0 if child else 300), current_insurer="EGK",
                current_deductible=Decimal(0 if child else 300))
            draft.products[person.key] = [ProductChoice(code, level, Decimal(0) if code != "DP"
                                                        else None) for code, level in items]
        context.proposals.save_draft(draft)
        for person in draft.persons:
            draft.answers[person.key] = {
                q.id: {"value": False, "cases": []}
                for q in context.questionnaires.questions_for(person, draft)}
        draft.answers[anna.key]["treatment_5y"] = {"value": True, "cases": [KNEE]}
        draft.reservations = list(context.questionnaires.suggestions(draft))
        for reservation in draft.reservations:
            reservation.status = "accepted_by_client"
            reservation.consent_due = date(2026, 12, 4)
        draft.signing_place = "Lausanne"
        context.proposals.save_draft(draft)
        return draft.id

    def insurer_decides(proposal_id: str, seq: int) -> None:
        """The insurer's decision as a sync brings it (`sync_decisions.record`): Marc's GM
        accepted with a reservation waiting for his consent, everything else accepted, and
        the policy number."""
        import uuid

        from app.services.proposals import decisions as sync_decisions
        from app.services.proposals import records as store_proposals

        proposal = store_proposals.get_proposal(store, proposal_id)
        marc = households_of(proposal.household_id)[1]
        items = [{"item_id": item.id, "person_id": item.person_id, "product": item.product_code,
                  "outcome": "accepted_with_reservations"
                  if (item.person_id, item.product_code) == (marc, "GM") else "accepted",
                  "reservations": [{"condition": "asthme allergique", "body_part": "poumons",
                                    "until": None}]
                  if (item.person_id, item.product_code) == (marc, "GM") else []}
                 for item in proposal.items]
        decided = NOW.replace(hour=16)
        with store.unit_of_work() as session:
            sync_decisions.record(store, session, [(seq, {
                "id": str(uuid.uuid4()), "proposal_id": proposal_id,
                "outcome": "accepted_with_reservations", "policy_number": "GM-2026-004711",
                "items": items, "note": None, "decided_at": decided.isoformat()})], decided)

    def households_of(household_id: str) -> list[str]:
        from app.services.proposals import households

        return [p.id for p in households.get_household(store, household_id).persons]

    def never_create(data: object) -> Any:
        raise AssertionError("the screenshot shows the refusals; it creates no profile")

    def sync_review_data() -> None:
        """What a sync leaves for the agent: conflicts on a Rochat family's details and its
        unsigned offer repriced by the premium engine (the old premiums a few percent lower)."""
        from app.models import SyncConflict
        from app.services.proposals import households
        from app.services.proposals import records as store_proposals
        from app.services.sync import stale_offers
        from app.services.sync.stale_offers import PriceLine

        offer = store_proposals.get_proposal(store, rochat_family())
        holder = households.get_household(store, offer.household_id).policyholder
        with store.unit_of_work() as session:
            for number, (entity, entity_id, field, mine, theirs) in enumerate((
                    ("person", holder.id, "phone", "+41791234567", "+41217654321"),
                    ("person", holder.id, "street", "Avenue de la Gare 12",
                     "Avenue de la Gare 12bis"),
                    ("household", offer.household_id, "language", "fr", "de")), start=1):
                session.add(SyncConflict(id=number, entity=entity, entity_id=entity_id,
                                         field=field, base_version=1, server_version=2,
                                         client_value=mine, server_value=theirs,
                                         status="open", created_at=NOW))
        engine = stale_offers.pricing_repricer(year=2027)
        updates = folder / "tariff-2027.2"
        updates.mkdir()
        new = engine(store, offer.id, updates, "2027.2")
        old = [PriceLine(line.person_id, line.product,
                         (line.monthly * Decimal("0.96")).quantize(Decimal("0.05")))
               for line in new]
        stale_offers.record_pricing(store, offer.id, "2027.1", "2027.1", old)
        stale_offers.reprice_unsigned(store, "2027.2", updates, engine)

    sync_review_data()

    def tariff_files() -> tuple[Path, Path]:
        """A federal Prämien_CH.csv excerpt (2027 codes: SWICA in Vaud, another insurer's
        rows and a second child's reduced premiums, skipped) and an LCA file with bad rows."""
        from decimal import ROUND_HALF_UP

        files = folder / "tariff-files"
        files.mkdir(exist_ok=True)
        rows = ["Versicherer,Kanton,Hoheitsgebiet,Geschäftsjahr,Erhebungsjahr,Region,"
                "Altersklasse,Unfalleinschluss,Tarif,Tariftyp,Altersuntergruppe,"
                "Franchisestufe,Franchise,Prämie,isBaseP,isBaseF,Tarifbezeichnung"]
        # yearly reductions within OAMal art. 95 al. 2bis, accident share 5% (at most 7%)
        adult = {300: Decimal("452.30"), 500: Decimal("441.00"), 1000: Decimal("414.30")}
        child = {0: Decimal("112.50"), 100: Decimal("107.90")}
        for insurer in ("1384", "1560"):
            for code, cut in (("BASE", Decimal(0)), ("HMO", Decimal(45))):
                for age, letter, premiums in (("AKA_03_ERW", "E", adult),
                                              ("AKA_01_KIN", "K", child)):
                    for deductible, premium in premiums.items():
                        with_accident = premium - (cut if letter == "E" else 0)
                        without = (with_accident * Decimal("0.95")).quantize(
                            Decimal("0.01"), ROUND_HALF_UP)
                        for accident, amount in (("MIT_UNF", with_accident),
                                                 ("OHN_UNF", without)):
                            for sub in ((f"{letter}1", "K2") if letter == "K" else ("E1",)):
                                value = amount if sub != "K2" else amount * 3 / 4
                                rows.append(
                                    f"{insurer},VD,P_OKPCH,2027,2026,PR_REG_1,{age},{accident},"
                                    f"{code},{code},{sub},FRAST1,FRA_01_{letter}_{deductible:04d},"
                                    f"{value:.2f},0,0,{code}")
        federal = files / "Prämien_CH.csv"
        federal.write_text("\n".join(rows) + "\n", encoding="utf-8")
        bad = files / "lca-2027.csv"
        bad.write_text("\n".join([
            "year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium",
            "2027,SC,,2,0,,CH,41-45,F,60.00",
            "2027,SC,,2,0,,CH,41-45,X,55.00",
            "2027,SC,,2,0,,VD-4,41-45,M,55.00",
            "2027,HC,,2,0,,CH,41-45,F,80,00",
            "2027,HC,,2,0,,CH,46-50,F,-5.00",
            "2027,HC,,2,0,,CH,51-55,F,",
        ]) + "\n", encoding="utf-8")
        return federal, bad

    federal_file, bad_file = tariff_files()

    def tariff_import_shots(window: QWidget, language: str) -> None:
        """The import dialog writing its second part, refusing a bad file, after a federal
        file; into a folder of its own, so the other screens keep their premiums."""
        import threading

        from app.services.catalogue import load_catalogue
        from app.services.pricing.tariff_import import import_tariff

        release = threading.Event()

        def paused(path: Path, progress: Callable[[int, int, str], None]) -> None:
            progress(0, 0, path.name)
            progress(1, 3, "HC")
            release.wait(20)
            progress(2, 3, "SC")  # cancelled meanwhile: raises, nothing is written

        catalogue = load_catalogue()

        def real(path: Path, progress: Callable[[int, int, str], None]) -> Any:
            return import_tariff(path, folder / "imported-tariffs", catalogue=catalogue,
                                 progress=progress)

        writing = ImportTariffDialog(paused, parent=window)
        writing.resize(860, 200)
        writing.path.setText(str(federal_file.parent / "lca-2027-update.csv"))
        writing.show()
        writing.start()
        wait_for(lambda: "HC" in writing.status.text())
        shot(writing, language, "19-import-tariff")
        writing.cancel()
        release.set()
        wait_for(lambda: not writing.busy)
        writing.close()
        dialog = ImportTariffDialog(real, parent=window)
        dialog.resize(860, 420)
        dialog.show()
        for path, name in ((bad_file, "20-import-tariff-problems"),
                           (federal_file, "21-import-tariff-done")):
            dialog.path.setText(str(path))
            dialog.start()
            wait_for(lambda: not dialog.busy)
            shot(dialog, language, name)
        dialog.close()
        assert writing.runner.wait(20_000) and dialog.runner.wait(20_000)

    def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    def shot(widget: QWidget, language: str, name: str) -> None:
        target = args.out / language
        target.mkdir(parents=True, exist_ok=True)
        app.processEvents()
        if any(p.isVisible() and p.page_count for p in widget.findChildren(PdfPreview)):
            settle = time.monotonic() + 1.5  # QPdfView renders its pages in the background
            while time.monotonic() < settle:
                app.processEvents()
                time.sleep(0.02)
        widget.grab().save(str(target / f"{name}.png"), "PNG", 0)  # smallest file

    for language in args.languages.split(","):
        switch_language(language)
        proposal_id = rochat_family()
        first = CreateProfileDialog(never_create)
        first.name.setText("Sandro Lepori")
        first.password.setText("Lugano")
        first.confirmation.setText("Lugano")
        first.show()
        with contextlib.suppress(PageCheckError):  # the messages beside the fields
            first.check()
        shot(first, language, "00-create-profile")
        first.close()
        login = LoginDialog(context.auth)
        login.resize(480, 220)
        login.show()
        shot(login, language, "01-login")
        login.close()

        window = MainWindow(context)
        window.resize(1280, 860)
        window.show()
        window.refresh()
        shot(window, language, "02-clients-and-proposals")
        window.open_proposal(proposal_id)
        wizard = window.wizard
        keys = [p.key for p in wizard.draft.persons]  # the store's ids once reloaded
        for number, page in enumerate(wizard.pages, start=3):
            wizard._show(wizard.pages.index(page))
            if isinstance(page, ProductsPage):
                page.select_person(keys[0])
                page.tree.setCurrentItem(page.row("GM").item)
            if isinstance(page, SignaturesPage):
                page.read_box.setChecked(True)
                page.tick_all_declarations()
                for index, pad in enumerate(page.pads.values()):
                    canvas = pad.canvas
                    canvas.begin_stroke(QPointF(30, 100))
                    for x in range(40, 260, 12):
                        canvas.extend_stroke(QPointF(x, 80 + ((x + 7 * index) % 36) - 18))
                    canvas.end_stroke()
                wait_for(lambda p=page: p.preview.page_count > 0  # type: ignore[misc]
                         and not p.progress.isVisible())
                shot(window, language, f"{number:02d}-{page.step}")
                signed: list[str] = []
                page.signed.connect(signed.append)
                page.sign()
                wait_for(lambda s=signed: bool(s))  # type: ignore[misc]
                continue
            if isinstance(page, FollowUpPage):
                continue  # shown below, signed then decided (23-26)
            if isinstance(page, ReservationsPage):  # one recorded by hand, with consent
                page._open(None)
                by_hand = page.dialog
                assert by_hand is not None
                by_hand.condition.setText("Lombalgie chronique")
                by_hand.body_part.setText("colonne lombaire")
                for box in by_hand.products_box.findChildren(QCheckBox):
                    box.setChecked(box.text().startswith("SC"))  # not the insurer's GM
                by_hand.status.setCurrentIndex(by_hand.status.findData("accepted_by_client"))
                by_hand.adjustSize()
                shot(by_hand, language, "29-reservation-by-hand")
                assert by_hand.submit(), "the hand-recorded reservation was refused"
            shot(window, language, f"{number:02d}-{page.step}")
            if isinstance(page, ReservationsPage):  # the rest of the story as before
                page.table.selectRow(len(page.reservations) - 1)
                page._remove()
            if isinstance(page, HouseholdPage):  # a mistyped date: kept and named
                birth = page.form.line("birth_date")
                typed = birth.text()
                birth.setText("31.02.1984")
                page.form.check_field("birth_date")
                shot(window, language, "27-invalid-birth-date")
                birth.setText(typed)
                page.form.check_field("birth_date")
            if isinstance(page, SummaryPage):  # a laptop's screen
                window.resize(1280, 800)
                shot(window, language, "28-summary-1280x800")
                window.resize(1280, 860)
        follow_up = wizard.page("followup")
        assert isinstance(follow_up, FollowUpPage)
        wizard.go_to_step("followup")
        shot(window, language, "23-follow-up-signed")
        insurer_decides(proposal_id, args.languages.split(",").index(language) + 1)
        wizard.open(context.proposals.load_draft(proposal_id))
        wizard.go_to_step("followup")
        shot(window, language, "24-follow-up-decided")
        declaration = follow_up.show_declaration()
        assert declaration is not None
        declaration.deadline.setText("18.12.2026")
        declaration.set_deadline()
        wait_for(lambda d=declaration: d.preview.page_count > 0)  # type: ignore[misc]
        shot(declaration, language, "25-consent-declaration")
        declaration.close()
        refusal = follow_up.ask_answer(False)
        assert refusal is not None
        refusal.adjustSize()
        shot(refusal, language, "26-record-refusal")
        refusal.close()
        products = wizard.page("products")
        assert isinstance(products, ProductsPage)
        wizard._show(wizard.pages.index(products))
        products.select_person(keys[2])
        products.tree.setCurrentItem(products.row("DP").item)
        products.tree.scrollToItem(products.row("HS").item)
        shot(window, language, "11-products-child")
        dialog = CompareLevelsDialog(context, wizard.draft, wizard.draft.persons[2],
                                     products._infos["DP"], window)
        dialog.table.selectColumn(0)
        dialog.show()
        shot(dialog, language, "12-compare-levels")
        dialog.close()
        preferences = PreferencesDialog(window.preferences, str(folder), window)
        preferences.show()
        shot(preferences, language, "13-preferences")
        preferences.close()
        password = ChangePasswordDialog(context.auth, window)
        password.show()
        password.edits["current"].setText("demo-agent-2026")
        password.edits["new"].setText("short")
        password.edits["confirmation"].setText("short")
        password.change()  # the store's answer beside the field
        shot(password, language, "22-change-password")
        password.close()
        window.update_sync_notice()
        shot(window.statusBar(), language, "15-sync-notice")
        window.resolve_conflicts()
        assert window.conflicts_dialog is not None
        window.conflicts_dialog.resize(1000, 420)
        shot(window.conflicts_dialog, language, "16-resolve-conflicts")
        window.conflicts_dialog.close()
        window.review_repricing()
        assert window.repricing_dialog is not None
        window.repricing_dialog.resize(1000, 460)
        shot(window.repricing_dialog, language, "17-review-repricing")
        window.repricing_dialog.close()
        window.show_browser()
        batch = ExportOffersDialog(context.proposals, context.documents,
                                   window.browser.rows_for_batch(), folder / "offers", parent=window)
        (folder / "offers").mkdir(exist_ok=True)
        batch.show()
        finished: list[object] = []
        batch.finished_export.connect(finished.append)
        batch.start()
        wait_for(lambda f=finished: bool(f), 120)  # type: ignore[misc]
        shot(batch, language, "18-export-offers")
        batch.close()
        tariff_import_shots(window, language)
        window.lock()
        shot(window, language, "14-lock-screen")
        assert context.auth.log_in(DEMO_PASSWORD).ok
        window.close()
        window.deleteLater()
    store.close()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
