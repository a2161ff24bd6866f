"""The kiosk window: full screen, frameless, with a start screen and four flows, and no way
out for visitors. Staff leave through a PIN prompt opened by a hidden corner press or a key
chord. After a spell without input a warning gives the visitor time to carry on; then every
field on every screen is wiped and the start screen comes back."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from hubapp.ui.context import AppContext
from hubapp.ui.idle import IdleWatcher
from hubapp.ui.kiosk.bars import Footer, TopBar
from hubapp.ui.kiosk.flow import Flow, KioskContext
from hubapp.ui.kiosk.flows import make_flows
from hubapp.ui.kiosk.lockdown import LONG_PRESS_MS, CornerPress, KeyGuard
from hubapp.ui.kiosk.look import Look, apply_look
from hubapp.ui.kiosk.overlay import IdleWarning
from hubapp.ui.kiosk.staff_exit import StaffExit
from hubapp.ui.kiosk.start import StartScreen
from hubapp.ui.kiosk.words import Language, LanguageSwitch

log = logging.getLogger(__name__)

IDLE_SECONDS = 120
WARNING_SECONDS = 20


class KioskWindow(QWidget):
    """Emits `left(SignedInStaff)` when a staff member leaves kiosk mode (and then closes)."""

    left = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        *,
        hub_name: str = "",
        idle_seconds: float = IDLE_SECONDS,
        warning_seconds: int = WARNING_SECONDS,
        long_press_ms: int = LONG_PRESS_MS,
        second_ms: int = 1000,
        language: Language = Language.ENGLISH,
    ) -> None:
        super().__init__(
            None,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(hub_name or "hubapp")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.ctx = ctx
        self.default_language = language
        self.kiosk = KioskContext(app=ctx, hub_name=hub_name, language=language)
        self.languages = LanguageSwitch()
        self.warning_seconds = warning_seconds
        self.second_ms = second_ms
        self.keep_full_screen = False
        self._may_close = False
        self._build()
        self.guard = KeyGuard(self)
        self.guard.chord.connect(self.prompt_staff)
        self.corner = CornerPress(self, long_press_ms)
        self.corner.held.connect(self.prompt_staff)
        self.idle = IdleWatcher(max(1, round(idle_seconds * 1000)), self)
        self.idle.idle.connect(self._idle)
        self.set_language(language)
        self.set_look(Look())
        self.show_start()
        self.idle.start()

    def _build(self) -> None:
        self.top = TopBar()
        self.footer = Footer()
        self.start = StartScreen(self.kiosk)
        self.flows: dict[str, Flow] = make_flows(self.kiosk)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start)
        for flow in self.flows.values():
            self.stack.addWidget(flow)
            flow.finished.connect(self.start_again)
        self.frame = QWidget()
        layout = QVBoxLayout(self.frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        self.warning = IdleWarning(self)
        self.warning.carry_on.connect(self._carry_on)
        self.warning.expired.connect(self.reset_all)
        self.exit_prompt = StaffExit(self, self.ctx, second_ms=self.second_ms)
        self.exit_prompt.left.connect(self._leave)
        for overlay in (self.warning, self.exit_prompt):
            overlay.showing.connect(self._overlay_showing)
        self.start.chosen.connect(self.show_flow)
        self.top.language.clicked.connect(self.toggle_language)
        self.footer.start_again.clicked.connect(self.start_again)
        self.footer.contrast.toggled.connect(
            lambda on: self.set_look(Look(on, self.kiosk.look.larger_text))
        )
        self.footer.larger.toggled.connect(
            lambda on: self.set_look(Look(self.kiosk.look.high_contrast, on))
        )

    # --- screens --------------------------------------------------------------------------

    def current_screen(self) -> str:
        widget = self.stack.currentWidget()
        return next((key for key, flow in self.flows.items() if flow is widget), "start")

    def show_start(self) -> None:
        self.stack.setCurrentWidget(self.start)
        self.footer.start_again.hide()
        # Not on a tile or switch, whose ring would look chosen; Tab goes on to Join.
        self.start.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_flow(self, key: str) -> None:
        flow = self.flows[key]
        self.stack.setCurrentWidget(flow)
        self.footer.start_again.show()
        flow.begin()

    def start_again(self) -> None:
        """The visitor's own "Start again": wipes every flow, keeps their language and look."""
        for flow in self.flows.values():
            flow.reset()
        self.show_start()

    def reset_all(self) -> None:
        """For the next visitor: everything wiped, the first language and look again."""
        self.warning.stop()
        self.exit_prompt.wipe()
        self.start_again()
        self.set_language(self.default_language)
        self.set_look(Look())
        self.idle.start()

    # --- language and look ----------------------------------------------------------------

    def toggle_language(self) -> None:
        welsh = self.kiosk.language == Language.ENGLISH
        self.set_language(Language.WELSH if welsh else Language.ENGLISH)

    def set_language(self, language: Language) -> None:
        self.languages.use(language)
        self.kiosk.language = language
        self.top.retranslate(self.kiosk.hub_name, language)
        self.footer.retranslate()
        self.start.retranslate()
        for flow in self.flows.values():
            flow.retranslate()
        self.warning.retranslate()
        self.exit_prompt.retranslate()

    def set_look(self, look: Look) -> None:
        self.kiosk.look = look
        apply_look(self, look)
        self.top.recolour(look)
        self.footer.recolour(look)
        self.start.recolour()
        for flow in self.flows.values():
            flow.recolour()

    # --- idle -----------------------------------------------------------------------------

    def visitor_busy(self) -> bool:
        """Would wiping now lose something a visitor is in the middle of?"""
        widget = self.stack.currentWidget()
        if widget is self.start:
            return False
        return isinstance(widget, Flow) and not widget.on_thanks() and widget.has_input()

    def _idle(self) -> None:
        if self.warning.isVisible():
            return
        if not self.visitor_busy():
            self.reset_all()
            return
        self.idle.stop()
        self.exit_prompt.wipe()
        self.warning.start(self.warning_seconds, tick_ms=self.second_ms)

    def _carry_on(self) -> None:
        self.idle.start()
        current = self.stack.currentWidget()
        if current is not None:
            current.setFocus(Qt.FocusReason.OtherFocusReason)
            current.focusNextChild()

    def _overlay_showing(self, showing: bool) -> None:
        self.frame.setEnabled(not (self.warning.isVisible() or self.exit_prompt.isVisible()))
        if not showing and self.frame.isEnabled():
            self.frame.setFocus(Qt.FocusReason.OtherFocusReason)
            self.frame.focusNextChild()

    # --- staff ----------------------------------------------------------------------------

    def prompt_staff(self) -> None:
        if self.warning.isVisible():
            return
        self.exit_prompt.prompt()

    def _leave(self, staff: object) -> None:
        self.idle.stop()
        self._may_close = True
        self.left.emit(staff)
        self.close()

    # --- no way out for visitors ----------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()  # Alt+F4, the window manager, a stray close(): only staff leave
            return
        self.idle.stop()
        self.guard.remove()
        self.corner.remove()
        self.languages.close()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        minimised = self.windowState() & Qt.WindowState.WindowMinimized
        if event.type() == QEvent.Type.WindowStateChange and minimised and self.keep_full_screen:
            QTimer.singleShot(0, self.showFullScreen)

    def show_kiosk(self) -> None:
        """Full screen, and back to full screen should anything minimise it."""
        self.keep_full_screen = True
        self.showFullScreen()
        self.activateWindow()

    def shut(self) -> None:
        """Closes the kiosk without a PIN: for the program that owns it, never for visitors."""
        self._may_close = True
        self.close()
