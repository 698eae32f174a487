"""The address rows of the person form: the postal code fills in the municipality and the
canton, and the premium region is asked for only where the place has several."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.i18n import _
from app.services.application.draft import PersonDraft
from app.views.context import AppContext
from app.views.forms import Field
from app.views.wizard.person_fields import CANTONS

W = TypeVar("W", bound=QWidget)


class AddressLookup:
    """Works on the person form's own address rows (one form layout keeps the labels of
    all the rows aligned, so the address is not a widget of its own)."""

    def __init__(self, context: AppContext, fields: dict[str, Field],
                 labels: dict[str, QLabel]) -> None:
        self._context = context
        self._fields = fields
        self._labels = labels
        self.postal = self._widget("postal_code", QLineEdit)
        self.municipality = self._widget("municipality", QComboBox)
        self.canton = self._widget("canton", QComboBox)
        self.region = self._widget("premium_region", QComboBox)
        self.language = self._widget("language", QComboBox)
        # The client's language follows the place until the agent picks one (issue 15, 19).
        self.language_chosen = False
        self.language.activated.connect(self._language_picked)
        self.postal.textChanged.connect(self._postal_code_changed)
        self.municipality.currentTextChanged.connect(lambda _t: self.show_regions())
        self.canton.currentIndexChanged.connect(lambda _i: self.show_regions())
        self.canton.addItem("", "")
        for code in CANTONS:
            self.canton.addItem(code, code)

    def _widget(self, name: str, kind: type[W]) -> W:
        widget = self._fields[name].widget
        assert isinstance(widget, kind)
        return widget

    def _postal_code_changed(self, text: str) -> None:
        if len(text) != 4:
            return
        places = self._context.places.lookup(text)
        self.municipality.clear()
        for place in places:
            self.municipality.addItem(place.municipality, place.canton)
        if places:
            self.canton.setCurrentIndex(max(0, self.canton.findData(places[0].canton)))
            self._fields["postal_code"].set_error(None)
            if places[0].language and not self.language_chosen:
                self.language.setCurrentIndex(max(0, self.language.findData(places[0].language)))
        else:
            self._fields["postal_code"].set_error(
                _("No municipality is known for this postal code."))

    def _language_picked(self, _index: int) -> None:
        self.language_chosen = True

    def show_regions(self, wanted: int | None = None) -> None:
        """The premium regions of the place; the agent picks one where the data cannot."""
        combo = self.region
        current = wanted if wanted is not None else combo.currentData()
        postal = self.postal.text()
        canton = str(self.canton.currentData() or "")
        choice = self._context.places.premium_region(
            postal, canton, self.municipality.currentText()) \
            if len(postal) == 4 and canton else None
        combo.blockSignals(True)
        combo.clear()
        candidates = choice.candidates if choice else ()
        if choice is not None and choice.region is None:
            combo.addItem("", None)
        for region in candidates:
            combo.addItem(_("Region %d") % region, region)
        if choice is not None and choice.region is not None:
            combo.setCurrentIndex(combo.findData(choice.region))
        elif current is not None and combo.findData(current) >= 0:
            combo.setCurrentIndex(combo.findData(current))
        combo.blockSignals(False)
        # The row stays where it is; it is to be chosen only where the place has several.
        combo.setEnabled(len(candidates) > 1)
        needs_choice = choice is not None and choice.region is None and \
            combo.currentData() is None
        self._fields["premium_region"].set_error(choice.message if needs_choice and choice
                                                 else None)

    def fill_place(self, person: PersonDraft) -> None:
        """The stored municipality and canton, after the postal code filled in its own; a
        stored person's language is theirs, a new one's still follows the place."""
        self.language_chosen = person.store_id is not None
        municipality = self.municipality
        if municipality.findText(person.municipality) < 0 and person.municipality:
            municipality.addItem(person.municipality, person.canton)
        municipality.setCurrentText(person.municipality)
        self.canton.setCurrentIndex(max(0, self.canton.findData(person.canton)))

    def read_place(self, person: PersonDraft) -> None:
        """Municipality, locality and premium region; the postal code is read already."""
        person.municipality = self.municipality.currentText().strip()
        places = self._context.places.lookup(person.postal_code) \
            if len(person.postal_code) == 4 else []
        person.locality = next((p.locality for p in places
                                if p.municipality == person.municipality and p.locality),
                               person.municipality)
        region = self.region.currentData()
        person.premium_region = int(region) if region is not None else None
