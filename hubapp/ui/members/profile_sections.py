"""The rows inside each card of a member's page, built from a MemberProfile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hubapp.services.consent import PURPOSE_LABELS, PURPOSES
from hubapp.services.member_profile import MemberProfile
from hubapp.services.members import MemberDetails
from hubapp.services.validation import format_phone
from hubapp.ui.members.consent_section import consent_words
from hubapp.ui.members.form_checks import show_miles
from hubapp.ui.members.words import (
    activity_name,
    channel_name,
    day_names,
    field_words,
    format_date,
    format_moment,
    language_names,
    part_names,
    role_name,
    tr,
)

HISTORY_SHOWN = 30


def _label(text: str, name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _muted(text: str) -> QLabel:
    return _label(text, "muted")


def availability_words(availability: dict[str, list[str]]) -> str:
    parts = dict(part_names())
    days = []
    for day, short, _full in day_names():
        when = availability.get(day)
        if when:
            days.append(f"{short} " + ", ".join(parts[p].lower() for p in when if p in parts))
    return " · ".join(days)


def detail_rows(d: MemberDetails) -> list[QWidget]:
    languages = dict(language_names())
    access = [tr("Needs step-free access")] if d.needs_step_free else []
    if d.access_needs:
        access.append(d.access_needs)
    travel = []
    if d.travel_miles is not None:
        travel.append(tr("Up to %1 miles").replace("%1", show_miles(d.travel_miles)))
    if d.has_own_transport:
        travel.append(tr("has their own transport"))
    rows = [
        (tr("Email"), d.email or tr("Not given")),
        (tr("Phone"), format_phone(d.phone) if d.phone else tr("Not given")),
        (tr("Postcode"), d.postcode or tr("Not given")),
        (tr("Address"), d.address),
        (tr("Date of birth"), format_date(d.date_of_birth, with_day=False)),
        (tr("Language"), languages.get(d.preferred_language, d.preferred_language)
         + (" · " + tr("speaks Welsh") if d.speaks_welsh else "")),
        (tr("Skills"), ", ".join(d.skills)),
        (tr("Interests"), ", ".join(d.interests)),
        (tr("Free"), availability_words(d.availability)),
        (tr("Access"), "; ".join(access)),
        (tr("Travel"), ", ".join(travel)),
        (tr("Heard of us"), d.heard_about),
        (tr("Notes"), d.notes),
    ]  # fmt: skip
    grid_widget = QWidget()
    grid = QGridLayout(grid_widget)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(6)
    grid.setColumnStretch(1, 1)
    row = 0
    for name, value in rows:
        if not value:
            continue
        label = _muted(name)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_label(value), row, 1)
        row += 1
    return [grid_widget]


def group_rows(profile: MemberProfile, open_group: Callable[[str], None]) -> list[QWidget]:
    if not profile.groups:
        return [_muted(tr("Not in any group yet. Add them from a group’s page."))]
    rows: list[QWidget] = []
    for link in profile.groups:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        name = QPushButton(link.group_name)
        name.setObjectName("link")
        name.setStyleSheet("padding-left: 0px;")  # line up with the text around it
        name.setToolTip(tr("Open %1").replace("%1", link.group_name))
        name.setAutoDefault(True)
        name.clicked.connect(lambda _=False, g=link.group_id: open_group(g))
        since = format_date(link.joined_on, with_day=False)
        what = role_name(link.role) + (" · " + tr("since %1").replace("%1", since) if since else "")
        line.addWidget(name)
        line.addWidget(_muted(what), 1)
        rows.append(row)
    return rows


def consent_rows(profile: MemberProfile, withdraw: Callable[[str], None]) -> list[QWidget]:
    rows: list[QWidget] = []
    for purpose in PURPOSES:
        state = profile.consents.get(purpose.purpose)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 6)
        text = QVBoxLayout()
        text.setSpacing(1)
        title = _label(consent_words(purpose.label))
        title.setStyleSheet("font-weight: 600;")
        text.addWidget(title)
        if state is None:
            text.addWidget(_muted("– " + tr("Not asked yet")))
        else:
            if state.granted:
                status = _label("✓ " + tr("Given"), "success")
            elif purpose.purpose in profile.withdrawn:
                status = _label("✗ " + tr("Withdrawn"), "muted")
            else:
                status = _label("✗ " + tr("Not given"), "muted")
            by = profile.staff_names.get(state.staff_user_id or "", "")
            facts = [
                format_moment(state.recorded_at),
                channel_name(state.channel),
                tr("by %1").replace("%1", by) if by else "",
                tr("wording %1").replace("%1", state.wording_version),
            ]
            text.addWidget(status)
            text.addWidget(_muted(" · ".join(f for f in facts if f)))
        line.addLayout(text, 1)
        if state is not None and state.granted:
            button = QPushButton(tr("Withdraw"))
            button.setAccessibleName(
                tr("Withdraw consent: %1").replace("%1", consent_words(purpose.label))
            )
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, p=purpose.purpose: withdraw(p))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        rows.append(row)
    return rows


def activity_rows(profile: MemberProfile) -> list[QWidget]:
    if not profile.activity:
        return [_muted(tr("Nothing recorded yet. Meetings attended and hours volunteered "
                          "appear here."))]  # fmt: skip
    rows: list[QWidget] = []
    for entry in profile.activity[:HISTORY_SHOWN]:
        what = [activity_name(entry.kind)]
        if entry.hours:
            what.append(tr("%1 hours").replace("%1", show_miles(entry.hours)))
        if entry.description:
            what.append(entry.description)
        rows.append(_label(f"{format_date(entry.occurred_on)} — " + ", ".join(what)))
    return rows


def history_rows(profile: MemberProfile) -> list[QWidget]:
    if not profile.history:
        return [_muted(tr("No changes recorded."))]
    rows: list[QWidget] = []
    for entry in profile.history[:HISTORY_SHOWN]:
        what = tr(entry.what)
        if "erased_at" in entry.fields:  # the erasure itself: its fields say nothing more
            what = tr("Their data was erased on request")
        elif entry.fields and entry.what.startswith("Consent"):
            what += ": " + ", ".join(consent_words(PURPOSE_LABELS.get(p, p)) for p in entry.fields)
        elif entry.fields:
            what += ": " + field_words(entry.fields)
        if entry.also:
            what += " · " + tr("also %1").replace("%1", ", ".join(tr(w) for w in entry.also))
        if entry.remote:
            what += " " + tr("(on another hub)")
        if entry.who:
            what += " · " + tr("by %1").replace("%1", entry.who)
        row = QWidget()
        col = QVBoxLayout(row)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(_muted(format_moment(entry.when)))
        col.addWidget(_label(what))
        rows.append(row)
    if len(profile.history) > HISTORY_SHOWN:
        more = len(profile.history) - HISTORY_SHOWN
        rows.append(_muted(tr("and %1 earlier changes").replace("%1", f"{more:,}")))
    return rows
