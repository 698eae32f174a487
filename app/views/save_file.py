"""Saving a document the agent asked for: never a half-written file under the chosen name."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.i18n import _
from app.views.forms import ErrorLabel


def write_file(path: Path, data: bytes) -> None:
    """Write through a temporary sibling renamed into place; raises OSError."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def documents_folder() -> Path:
    """The user's documents folder (where an agent looks for a saved file), else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where to save; the dialog opens in the documents folder, not the program's."""
    name, _filter = QFileDialog.getSaveFileName(parent, title,
                                                str(documents_folder() / suggested),
                                                _("PDF documents (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def safe_file_name(text: str) -> str:
    """A name every file system takes: no path separators or reserved characters."""
    cleaned = "".join("-" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in text)
    return " ".join(cleaned.split()).strip(" .") or "document"


def save_pdf_as(parent: QWidget, title: str, suggested: str, data: bytes,
                error: ErrorLabel) -> Path | None:
    """Ask where, then write whole; a failure is shown in `error`, and None returned."""
    path = ask_pdf_path(parent, title, safe_file_name(suggested))
    if path is None:
        return None
    try:
        write_file(path, data)
    except OSError as problem:
        error.show_message(_("The file could not be written: %s") % problem)
        return None
    return path
