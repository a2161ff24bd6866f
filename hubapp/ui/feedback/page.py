"""The Feedback section, in three tabs: comments waiting for moderation, reports per subject
over time, and kiosk sign-ups to review (Alt+1, Alt+2, Alt+3)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from hubapp.ui.context import AppContext
from hubapp.ui.feedback.moderation import ModerationTab
from hubapp.ui.feedback.reports import ReportsTab
from hubapp.ui.feedback.sign_up_review import SignUpReviewTab
from hubapp.ui.feedback.words import t
from hubapp.ui.widgets.forms import PageHeader


class FeedbackPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(t("Feedback"))
        header = PageHeader(
            t("Feedback"),
            t("What visitors told us at the kiosk and the desk: check comments before they "
              "reach reports, and see how each part of the hub is doing."),
        )  # fmt: skip
        self.moderation = ModerationTab(ctx)
        self.reports = ReportsTab(ctx)
        self.sign_ups = SignUpReviewTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(t("Parts of feedback"))
        self.tabs.tabBar().setAccessibleName(t("Parts of feedback"))
        self.tabs.setStyleSheet("QTabBar::tab { padding: 8px 16px; font-weight: 600; }")
        for n, tab in enumerate((self.moderation, self.reports, self.sign_ups), start=1):
            self.tabs.addTab(tab, "")
            key = QShortcut(QKeySequence(f"Alt+{n}"), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(lambda tab=tab: self.show_tab(tab))
        self._name_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        self.moderation.loaded.connect(self._name_tabs)
        self.sign_ups.loaded.connect(self._name_tabs)
        # An approved comment may now be in a report; a rating counts at once anyway.
        self.moderation.decided.connect(self.reports.reload)
        self.tabs.currentChanged.connect(self._tab_shown)
        ctx.events.groups_changed.connect(self.reports.reload)
        self.reload()

    def reload(self) -> None:
        self.moderation.reload()
        self.reports.reload()
        self.sign_ups.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # Feedback and sign-ups keep arriving from the kiosk: coming back shows the latest.
        super().showEvent(event)
        if self.moderation.has_loaded:  # (the first time, the page has only just read them)
            self.moderation.reload()
            self.sign_ups.reload()
            if self.tabs.currentWidget() is self.reports:
                self.reports.reload()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)

    def _tab_shown(self, _index: int) -> None:
        # Feedback keeps arriving from the kiosk: a tab shows the latest when opened.
        current = self.tabs.currentWidget()
        if current is self.moderation:
            self.moderation.reload()
        elif current is self.reports:
            self.reports.reload()
        elif current is self.sign_ups:
            self.sign_ups.reload()

    def _name_tabs(self) -> None:
        waiting = len(self.moderation.items)
        review = len(self.sign_ups.rows)
        names = (
            t("Comments to moderate") + (f" ({waiting})" if waiting else ""),
            t("Reports"),
            t("Sign-ups to review") + (f" ({review})" if review else ""),
        )
        for n, text in enumerate(names):
            self.tabs.setTabText(n, text)
            self.tabs.setTabToolTip(n, f"{text} (Alt+{n + 1})")
