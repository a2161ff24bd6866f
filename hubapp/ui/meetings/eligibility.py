"""Who may take part in an item, worked out from the meeting as read: voting members present
at the item, less anyone who declared a pecuniary interest in it (the services check again
when anything is written)."""

from __future__ import annotations

from dataclasses import dataclass

from hubapp.models.vocab import InterestKind
from hubapp.services.meetings.views import AgendaItemView, MeetingView
from hubapp.ui.meetings.words import t


@dataclass(frozen=True)
class Voter:
    member_id: str
    name: str
    may_vote: bool
    why_not: str


def voters_at(view: MeetingView, item: AgendaItemView) -> list[Voter]:
    """Every voting member of the group, with whether they may vote on `item` and why not."""
    pecuniary = {
        d.member_id
        for d in view.declarations
        if d.agenda_item_id == item.id and d.kind == InterestKind.PECUNIARY
    }
    out = []
    for r in view.attendance:
        if not r.member_id or not r.voting:
            continue
        if not r.present_at(item.number):
            why = t("not present")
        elif r.member_id in pecuniary:
            why = t("pecuniary interest")
        else:
            why = ""
        out.append(Voter(r.member_id, r.name, not why, why))
    return out


def members_of(view: MeetingView) -> list[tuple[str, str]]:
    """(member id, name) of every member on the register, for declarations and actions."""
    return [(r.member_id, r.name) for r in view.attendance if r.member_id]
