"""Feedback reports: per subject (the hub, groups, organisations) how many ratings and their
average, month by month as a chart and a table, and the approved comments (only approved
ones: hidden or waiting comments never appear here; every rating counts)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.feedback import MonthFigures, SubjectSummary, feedback_summary
from hubapp.ui.context import AppContext
from hubapp.ui.feedback.month_chart import MonthChart
from hubapp.ui.feedback.words import (
    average_text,
    count_text,
    face_words,
    format_day,
    kind_filters,
    month_text,
    rating_text,
    subject_kind,
    t,
)
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import empty_message
from hubapp.ui.widgets.rows_table import Column, RowsModel, current_row, replace_rows, rows_table

LIST_WIDTH = 500
MONTH_ROWS_SHOWN = 6
COMMENTS_SHOWN = 20


def period_choices(today: date) -> list[tuple[str, date | None]]:
    def months_back(n: int) -> date:
        month, year = today.month - n, today.year
        while month < 1:
            month, year = month + 12, year - 1
        return date(year, month, 1)

    return [
        (t("Last 12 months"), months_back(11)),
        (t("Last 3 months"), months_back(2)),
        (t("This year"), date(today.year, 1, 1)),
        (t("All time"), None),
    ]


def _subject_name(s: SubjectSummary) -> str:
    return s.subject_name or subject_kind(s.subject_kind)


def _subject_columns() -> list[Column[SubjectSummary]]:
    return [
        Column(t("About"), _subject_name),
        Column(t("What"), lambda s: subject_kind(s.subject_kind), width=120),
        Column(t("Ratings"), lambda s: f"{s.count:,}", width=84),
        Column(t("Average"), lambda s: average_text(s.average), width=90),
    ]


def _month_columns() -> list[Column[MonthFigures]]:
    return [
        Column(t("Month"), lambda m: month_text(m.month)),
        Column(t("Ratings"), lambda m: f"{m.count:,}", width=90),
        Column(t("Average"), lambda m: average_text(m.average), width=90),
    ]


class ReportsTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summaries: list[SubjectSummary] = []
        self.has_loaded = False
        self._generation = 0
        self.kind = QComboBox()
        for words, kind in kind_filters():
            self.kind.addItem(words, kind)
        self.period = QComboBox()
        for words, since in period_choices(date.today()):
            self.period.addItem(words, since)
        kind_label = QLabel(t("About"))
        kind_label.setBuddy(self.kind)
        kind_label.setObjectName("fieldLabel")
        period_label = QLabel(t("Given in"))
        period_label.setBuddy(self.period)
        period_label.setObjectName("fieldLabel")
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (kind_label, self.kind, period_label, self.period):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.model: RowsModel[SubjectSummary] = RowsModel(
            _subject_columns(), lambda s: f"{s.subject_kind}:{s.subject_id}"
        )
        self.table = rows_table(self.model, t("Feedback by subject"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.setFixedWidth(LIST_WIDTH)
        self.problem = Banner(closable=True)
        self._build_detail()
        self.empty = empty_message(
            t("No feedback in this period. Ratings from the kiosk and the desk are counted here."),
            centred=True,
        )
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(self.table)
        row.addWidget(self.detail_scroll, 1)
        self.states = QStackedWidget()
        self.states.addWidget(body)
        self.states.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.states, 1)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.period.currentIndexChanged.connect(lambda _i: self.reload())

    def _build_detail(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chart = MonthChart()
        self.months: RowsModel[MonthFigures] = RowsModel(_month_columns(), lambda m: str(m.month))
        self.month_table = rows_table(self.months, t("Ratings by month"))

        comments_title = QLabel(t("Approved comments"))
        comments_title.setObjectName("subsectionTitle")
        self.comments = QVBoxLayout()
        self.comments.setSpacing(12)
        inner = QWidget()
        inner.setObjectName("scrollBody")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 12, 12)
        column.setSpacing(10)
        for widget in (self.title, self.summary, self.chart, self.month_table, comments_title):
            column.addWidget(widget)
        column.addLayout(self.comments)
        column.addStretch(1)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setWidget(inner)

    def reload(self) -> None:
        self._generation += 1
        generation, db = self._generation, self.ctx.db
        kind, since = self.kind.currentData(), self.period.currentData()
        self.ctx.tasks.run(
            lambda _p: feedback_summary(db, kind, since=since, comments_per_subject=COMMENTS_SHOWN),
            on_success=while_alive(self, lambda rows: self._loaded(rows, generation)),
            on_failure=while_alive(
                self, lambda exc: self.problem.show_message("error", problem_text(exc))
            ),
        )

    def _loaded(self, summaries: list[SubjectSummary], generation: int) -> None:
        if generation != self._generation:
            return
        self.summaries = summaries
        replace_rows(self.table, self.model, summaries)
        self.states.setCurrentIndex(0 if summaries else 1)
        self._show_current()
        self.has_loaded = True
        self.loaded.emit()

    def current(self) -> SubjectSummary | None:
        return current_row(self.table, self.model)

    def _show_current(self) -> None:
        s = self.current()
        if s is None:
            return
        self.title.setText(_subject_name(s))
        ratings = count_text(s.count, t("1 rating"), t("%n ratings"))
        spread = " · ".join(f"{face_words(n)} {s.by_rating[n - 1]}" for n in range(5, 0, -1))
        average = t("Average %1 out of 5 from %2.").replace("%1", average_text(s.average))
        self.summary.setText(average.replace("%2", ratings) + "\n" + spread)
        self.summary.setAccessibleName(self.summary.text())
        self.chart.set_months(list(s.months))
        self.months.set_rows(list(reversed(s.months)))
        rows = min(len(s.months), MONTH_ROWS_SHOWN)
        header = self.month_table.horizontalHeader().sizeHint().height()
        row_height = self.month_table.verticalHeader().defaultSectionSize()
        self.month_table.setFixedHeight(header + rows * row_height + 4)
        self._show_comments(s)

    def _show_comments(self, s: SubjectSummary) -> None:
        while (item := self.comments.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        if not s.comments:
            none = QLabel(t("No approved comments in this period."))
            none.setObjectName("muted")
            self.comments.addWidget(none)
            return
        for comment in s.comments:
            facts = [
                format_day(comment.created_at.astimezone().date()),
                rating_text(comment.rating),
            ]
            if comment.reason:
                facts.append(comment.reason)
            text = "“" + comment.comment + "”"
            if comment.reply:
                text += "\n" + t("Our reply: %1").replace("%1", comment.reply)
            card = QFrame()
            card.setObjectName("card")
            box = QVBoxLayout(card)
            box.setContentsMargins(14, 10, 14, 10)
            box.setSpacing(4)
            heading = QLabel(" · ".join(facts))
            heading.setObjectName("muted")
            words = QLabel(text)
            words.setWordWrap(True)
            words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(heading)
            box.addWidget(words)
            self.comments.addWidget(card)
