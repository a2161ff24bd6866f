"""When an opportunity happens, on the form: whenever suits, on one date and time, or every
week on certain days (with times if they are fixed). Switching between them keeps what was
typed in each, so nothing is lost by changing one's mind."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.opportunities import Recurrence
from hubapp.services.opportunity_times import DAYS, local_zone
from hubapp.ui.opportunities.words import t

WHENEVER, ONE_OFF, WEEKLY = "whenever", "one_off", "weekly"


def day_labels() -> list[tuple[str, str, str]]:
    """(stored day, short, full) for Monday to Sunday."""
    return list(
        zip(
            DAYS,
            (t("Mon"), t("Tue"), t("Wed"), t("Thu"), t("Fri"), t("Sat"), t("Sun")),
            (t("Monday"), t("Tuesday"), t("Wednesday"), t("Thursday"), t("Friday"),
             t("Saturday"), t("Sunday")),
            strict=True,
        )
    )  # fmt: skip


class WeeklySlot(QWidget):
    """Seven day boxes, then optional From and Until times ("10:00")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        for day, short, full in day_labels():
            box = QCheckBox(short)
            box.setAccessibleName(full)
            self.days[day] = box
            row.addWidget(box)
        row.addStretch(1)
        self.start = QLineEdit()
        self.start.setPlaceholderText("10:00")
        self.start.setMaximumWidth(96)
        self.end = QLineEdit()
        self.end.setPlaceholderText("12:00")
        self.end.setMaximumWidth(96)
        self.start_label = QLabel(t("&From"))
        self.start_label.setBuddy(self.start)
        self.end_label = QLabel(t("&Until"))
        self.end_label.setBuddy(self.end)
        self.start.setAccessibleName(t("From (time)"))
        self.end.setAccessibleName(t("Until (time)"))
        hint = QLabel(t("Times are optional; leave them empty if they vary."))
        hint.setObjectName("fieldHint")
        times = QHBoxLayout()
        times.setContentsMargins(0, 0, 0, 0)
        times.setSpacing(8)
        for widget in (self.start_label, self.start, self.end_label, self.end):
            times.addWidget(widget)
        times.addSpacing(8)
        times.addWidget(hint, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(row)
        column.addLayout(times)
        self.setFocusProxy(self.days["mon"])
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so its label's Alt+letter reaches it

    def recurrence(self) -> Recurrence:
        days = [d for d, box in self.days.items() if box.isChecked()]
        return Recurrence(days, self.start.text().strip(), self.end.text().strip())

    def set_recurrence(self, recurrence: Recurrence | None) -> None:
        chosen = recurrence.days if recurrence else []
        for day, box in self.days.items():
            box.setChecked(day in chosen)
        self.start.setText(recurrence.start if recurrence else "")
        self.end.setText(recurrence.end if recurrence else "")

    def focus_chain(self) -> list[QWidget]:
        return [*self.days.values(), self.start, self.end]


class WhenChooser(QWidget):
    """The kind of "when" (a combo box), and under it the controls for that kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setAccessibleName(t("When"))
        self.kind.addItem(t("Whenever suits"), WHENEVER)
        self.kind.addItem(t("On one date"), ONE_OFF)
        self.kind.addItem(t("Every week, on certain days"), WEEKLY)
        self.at = QDateTimeEdit()
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.at.setAccessibleName(t("Date and time"))
        self.weekly = WeeklySlot()
        self.nothing = QLabel(t("For roles with no set time, such as a treasurer."))
        self.nothing.setObjectName("fieldHint")
        self.parts = QStackedWidget()
        for widget in (self.nothing, self.at, self.weekly):
            self.parts.addWidget(widget)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.kind)
        column.addWidget(self.parts)
        self.kind.currentIndexChanged.connect(self._show_part)
        self.setFocusProxy(self.kind)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so its label's Alt+letter reaches it
        self.clear()

    def _show_part(self) -> None:
        part = {WHENEVER: self.nothing, ONE_OFF: self.at, WEEKLY: self.weekly}
        widget = part[str(self.kind.currentData())]
        self.parts.setCurrentWidget(widget)
        # Only the shown part takes room, so the form does not keep a gap for the others.
        for other in part.values():
            other.setVisible(other is widget)
        self.parts.setFixedHeight(widget.sizeHint().height())

    def choose(self, which: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(which)))
        self._show_part()

    def clear(self) -> None:
        tomorrow = QDate.currentDate().addDays(1)
        self.at.setDateTime(QDateTime(tomorrow, QTime(10, 0)))
        self.weekly.set_recurrence(None)
        self.choose(WHENEVER)

    def set_when(self, one_off_at: datetime | None, recurrence: Recurrence | None) -> None:
        self.clear()
        if one_off_at is not None:
            zone = local_zone()
            local = one_off_at.astimezone(zone) if zone else one_off_at
            self.at.setDateTime(QDateTime(
                QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)
            ))  # fmt: skip
            self.choose(ONE_OFF)
        elif recurrence is not None:
            self.weekly.set_recurrence(recurrence)
            self.choose(WEEKLY)

    def one_off_at(self) -> datetime | None:
        if self.kind.currentData() != ONE_OFF:
            return None
        typed = self.at.dateTime()
        date, time = typed.date(), typed.time()
        naive = datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())
        zone = local_zone()
        return naive.replace(tzinfo=zone) if zone else naive.astimezone()

    def recurrence(self) -> Recurrence | None:
        return self.weekly.recurrence() if self.kind.currentData() == WEEKLY else None

    def focus_chain(self) -> list[QWidget]:
        return [self.kind, self.at, *self.weekly.focus_chain()]
