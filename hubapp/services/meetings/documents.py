"""Printable documents: the summons and agenda, and the minutes, as simple semantic HTML
with the group's name, which Qt's QTextDocument prints and turns into PDF. Everything
recorded is escaped."""

from __future__ import annotations

import re
from datetime import date
from html import escape

from hubapp.models.vocab import GroupKind
from hubapp.services.meetings.minutes import MinutesDraft
from hubapp.services.meetings.views import MeetingView, format_day, format_when

# Sizes and spacing for paper come from the printer (ui/printing.py); this only marks what
# the classes mean, so the HTML reads right anywhere.
_STYLE = "<style>.muted{color:#555} .resolved{font-weight:bold}</style>"
_ITEM_HEADING = re.compile(r"^(\d+)\.\s")


def _doc(title: str, body: list[str]) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"{_STYLE}</head><body>" + "".join(body) + "</body></html>"
    )


def _para(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>" + "<br>".join(escape(line) for line in text.splitlines()) + "</p>"


def _header(view: MeetingView, heading: str = "") -> list[str]:
    where = view.place + (f", {' '.join(view.venue_address.split())}" if view.venue_address else "")
    out = [
        f"<h1>{escape(view.group_name)}</h1>",
        f"<h2>{escape(heading or view.title)}</h2>",
        _para(f"{format_when(view.starts_at)}" + (f" at {where}" if where else "")),
    ]
    if view.online_link:
        link = escape(view.online_link, quote=True)
        out.append(f'<p>Join online: <a href="{link}">{link}</a></p>')
    return out


def agenda_html(view: MeetingView, issued_on: date | None = None) -> str:
    """The summons and agenda."""
    council = view.group_kind in (GroupKind.PARISH_COUNCIL, GroupKind.COMMUNITY_COUNCIL)
    who = "Members of the council are summoned" if council else "Members are invited"
    body = _header(view)
    body.append(
        _para(
            f"{who} to attend the {view.title} on {format_when(view.starts_at)} "
            "to deal with the business below."
        )
    )
    body.append(
        _para(
            "Members of the public and press are welcome, except for items marked confidential.",
            "muted",
        )
    )
    body.append("<h2>Agenda</h2>")
    for item in view.items:
        body.append(f"<h3>{item.number}. {escape(item.title)}</h3>")
        if item.confidential:
            body.append(
                _para(
                    "Confidential: the press and public will be asked to leave for this item.",
                    "muted",
                )
            )
        if item.description:
            body.append(_para(item.description))
        if item.papers:
            body.append(
                "<ul>" + "".join(f"<li>{escape(p.name)}</li>" for p in item.papers) + "</ul>"
            )
    signed = f"{view.clerk_name}, Clerk" if view.clerk_name else "The clerk"
    day = issued_on or view.notice_issued_on
    issued = f"\nIssued on {format_day(day)}" if day else ""
    body.append(_para(f"Signed: ____________________\n{signed}{issued}", "signature"))
    return _doc(f"Agenda: {view.title}", body)


def _text_body(text: str) -> list[str]:
    """An edited draft: "N. Title" lines become headings, RESOLVED lines stand out."""
    out: list[str] = []
    for block in text.split("\n"):
        line = block.strip()
        if not line:
            continue
        if _ITEM_HEADING.match(line):
            out.append(f"<h3>{escape(line)}</h3>")
        else:
            out.append(_para(line, "resolved" if "RESOLVED" in line else ""))
    return out


def _draft_body(draft: MinutesDraft) -> list[str]:
    out = [_para("Present: " + (", ".join(draft.present) or "none recorded") + ".")]
    if draft.officers:
        out.append(_para("In attendance: " + ", ".join(draft.officers) + "."))
    if draft.public_count:
        out.append(_para(f"Members of the public: {draft.public_count}."))
    if draft.apologies:
        out.append(_para("Apologies: " + "; ".join(draft.apologies) + "."))
    if draft.absent:
        out.append(_para("Absent: " + ", ".join(draft.absent) + "."))
    for item in draft.items:
        tag = " (confidential)" if item.confidential else ""
        out.append(f"<h3>{item.number}. {escape(item.title)}{tag}</h3>")
        for line in (*item.comings_and_goings, *item.declarations):
            out.append(_para(line, "muted"))
        if item.notes:
            out.append(_para(item.notes))
        for line in item.motions:
            out.append(_para(line, "resolved" if "RESOLVED" in line else ""))
        for line in item.actions:
            out.append(_para(line))
    return out


def minutes_html(draft: MinutesDraft) -> str:
    """The minutes: the stored text when there is one (edited or approved), otherwise what
    was recorded; then any corrections, and a place for the chair to sign."""
    view = draft.meeting
    body = _header(view, f"Minutes of the {view.title}")
    if view.locked:
        at = view.minutes_approved_at_meeting
        body.append(
            _para(
                "Approved as a correct record" + (f" at the meeting on {at}." if at else "."),
                "muted",
            )
        )
    else:
        body.append(_para("Draft minutes: not yet approved.", "muted"))
    body += _text_body(view.minutes_text) if view.minutes_text else _draft_body(draft)
    if draft.corrections:
        body.append("<h2>Corrections recorded after approval</h2>")
        for c in draft.corrections:
            when = f" (at {c.made_at_label})" if c.made_at_label else ""
            body.append(_para(f"{format_day(c.recorded_at.date())}{when}: {c.text}"))
    body.append(_para("Signed (chair): ____________________    Date: ____________", "signature"))
    return _doc(f"Minutes: {view.title}", body)
