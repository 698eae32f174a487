import hashlib

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.signature_pad import SignaturePad
from app.views.wizard.sign_proposal import SignaturesPage
from tests.views.fakes import FakeDocuments, FakeProposals, chosen, family_draft


def sign_on(qtbot: QtBot, pad: SignaturePad) -> None:
    canvas = pad.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(30, 80))
    for x in range(40, 200, 20):
        qtbot.mouseMove(canvas, QPoint(x, 60 + (x // 20) % 3 * 10))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 70))


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> SignaturesPage:
    page = SignaturesPage(context)
    qtbot.addWidget(page)
    page.resize(900, 1400)
    page.show()
    with qtbot.waitSignal(page.preview_ready, timeout=10000):
        page.load(draft)
    return page


def test_the_client_reads_the_exact_pdf_before_signing(qtbot: QtBot,
                                                       context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    assert page.preview.page_count == 2
    documents = context.documents
    assert isinstance(documents, FakeDocuments)
    assert documents.calls == [("fr", 0)]  # in the client's language, unsigned
    assert documents.declaration_languages == ["fr"]  # the declarations too (issue 15, 5)
    assert all(not pad.isEnabled() for pad in page.pads.values())
    page.read_box.setChecked(True)
    assert all(pad.isEnabled() for pad in page.pads.values())


def test_every_required_signer_signs_then_the_hash_is_stored(qtbot: QtBot,
                                                             context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    # Anna (policyholder), Marc (insured), Anna for Léa (legal representative), the agent
    assert [(s.name, s.role) for s in page.signers] == [
        ("Anna Rochat", "policyholder"), ("Marc Rochat", "insured_person"),
        ("Anna Rochat", "legal_representative"), ("Claire Rochat", "agent")]
    assert page.pads[page._pad_key(page.signers[2])].caption.text() == (
        "Anna Rochat, Legal representative for Léa Rochat")
    page.read_box.setChecked(True)
    qtbot.keyClicks(page.place, "Lausanne")
    for signer in page.signers[:3]:
        sign_on(qtbot, page.pad_for(signer.key, signer.role))
    page.tick_all_declarations()
    page.sign()
    assert page.page_error.text() == "Signature missing: Claire Rochat, Agent"
    for box in page.declaration_boxes.values():
        box.setChecked(False)
    try:
        page.check()
    except PageCheckError:
        pass
    else:
        raise AssertionError("a missing signature must block the step")
    sign_on(qtbot, page.pad_for("agent", "agent"))
    page.sign()
    assert page.page_error.text() == (
        "Anna Rochat has not yet given every declaration required.\n"
        "Marc Rochat has not yet given every declaration required.")
    # the optional one (profiling) may stay unticked
    page.declaration_boxes[("truthfulness", draft.persons[0].key)].setChecked(True)
    page.declaration_boxes[("truthfulness", draft.persons[1].key)].setChecked(True)
    with qtbot.waitSignal(page.signed, timeout=10000) as blocker:
        page.sign()
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    pdf, digest = proposals.signed[draft.id]
    assert blocker.args == [digest]
    assert digest == hashlib.sha256(pdf).hexdigest() == draft.document_sha256
    assert draft.status == "signed" and draft.signed_pdf == pdf
    assert draft.signing_place == "Lausanne"
    assert draft.declarations == {
        "truthfulness": {draft.persons[0].key: True, draft.persons[1].key: True},
        "marketing_profiling": {draft.persons[0].key: False, draft.persons[1].key: False}}
    assert [len(s.png) > 100 and s.png.startswith(b"\x89PNG") for s in draft.signatures] == [
        True] * 4
    documents = context.documents
    assert isinstance(documents, FakeDocuments)
    assert documents.calls[-1] == ("fr", 4)  # the same document, with the signatures
    page.check()
    assert not page.sign_button.isEnabled()
    assert page.done.text().endswith(digest)


def test_signing_needs_the_place_and_the_reading(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    page.sign()
    assert "The client must first read the proposal." in page.page_error.text()
    assert page.place_field.message == "Enter the place of signing."
    assert draft.status == "draft"


def test_a_proposal_is_read_only_as_soon_as_it_is_signed(qtbot: QtBot,
                                                         context: AppContext) -> None:
    """Issue 15, item 4: right after signing, the other steps still took typing and the
    edit was silently dropped. Every step but the signature, print and follow-up is
    read-only at once, as when a signed proposal is opened again."""
    from PySide6.QtWidgets import QLineEdit

    from app.views.wizard.proposal_wizard import ProposalWizard

    wizard = ProposalWizard(context)
    qtbot.addWidget(wizard)
    wizard.resize(1200, 900)
    wizard.show()
    draft = chosen(family_draft())
    draft.step = "signatures"
    wizard.open(draft)
    page = wizard.current_page
    assert isinstance(page, SignaturesPage)
    qtbot.waitUntil(lambda: page.preview.page_count > 0, timeout=10000)
    page.read_box.setChecked(True)
    qtbot.keyClicks(page.place, "Lausanne")
    for signer in page.signers:
        sign_on(qtbot, page.pad_for(signer.key, signer.role))
    page.tick_all_declarations()
    with qtbot.waitSignal(page.signed, timeout=10000):
        page.sign()
    for step in ("summary", "reservations", "questionnaire", "products", "basic", "household"):
        assert wizard.go_to_step(step), step  # back: always allowed
        editable = [w for w in wizard.current_page.findChildren(QLineEdit) if w.isEnabled()]
        assert not editable, (step, [w.objectName() for w in editable])
    first_name = wizard.current_page.findChild(QLineEdit, "first_name")
    assert first_name is not None and not first_name.isEnabled()


def test_a_signature_missing_message_goes_once_signed(qtbot: QtBot, context: AppContext) -> None:
    """Issue 15, item 6: "Signature missing: <agent>" stayed after she signed."""
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    page.read_box.setChecked(True)
    qtbot.keyClicks(page.place, "Lausanne")
    page.tick_all_declarations()
    for signer in page.signers[:3]:
        sign_on(qtbot, page.pad_for(signer.key, signer.role))
    page.sign()
    assert page.page_error.text() == "Signature missing: Claire Rochat, Agent"
    sign_on(qtbot, page.pad_for("agent", "agent"))
    assert page.page_error.text() == "" and page.page_error.isHidden()
