"""The main window: clients and proposals, the proposal wizard, the lock screen.

Built in layers, each in its own module and using only the ones below it: the screens in a
stack, moving between them and the session lock (`window_screens`); the dialogs the window
opens and the badges after a sync (`window_dialogs`); the actions and menus
(`window_menus`).
"""

from __future__ import annotations

from app.i18n import _
from app.views.context import AppContext
from app.views.inactivity import InactivityWatcher
from app.views.window_menus import WindowMenus


class MainWindow(WindowMenus):
    def __init__(self, context: AppContext, watcher: InactivityWatcher | None = None,
                 default_folder: str = "") -> None:
        super().__init__(context, watcher, default_folder)
        self.resize(1180, 760)
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Propono - proposals for health insurance"))
        self._retranslate_menus()
        self.notices.retranslate()
