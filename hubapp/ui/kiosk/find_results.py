"""The results of "Find something to do": a card per opportunity, best first, each saying
why it matched, with an "I'm interested" button. Cautions (too far, not step-free) are
shown, never hidden: matching ranks and explains, it does not decide for the visitor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QScroller, QVBoxLayout, QWidget

from hubapp.services.matching import Match, Reason
from hubapp.services.matching_rules import lower_first
from hubapp.ui.kiosk.widgets import button, label, set_button_text
from hubapp.ui.kiosk.words import Language, translate


def reason_words(reason: Reason, language: Language) -> str:
    """A reason in the visitor's language. The service gives an English template and its
    values (with Welsh forms as "<key>_cy"); the Welsh template, once translated, uses them."""
    template = translate("matching", reason.template)
    # A Welsh name inside a sentence starts small too ("rydych chi’n hoffi tyfu bwyd").
    values = {k: lower_first(v) if k == "name_cy" else v for k, v in reason.values.items()}
    try:
        words = template.format(**values)
    except (KeyError, IndexError, ValueError):
        words = reason.text
    if language == Language.WELSH and template == reason.template:
        words = reason.text  # no Welsh template yet: the English words, as they are
    words = words[:1].upper() + words[1:]  # "you like gardening" starts a line here
    return ("✓ " if reason.fits else "• ") + words


class ResultCard(QFrame):
    """One opportunity: its title, its group, the reasons, and "I'm interested"."""

    def __init__(self, match: Match, language: Language) -> None:
        super().__init__()
        self.setObjectName("resultCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.match = match
        self.title = label("tileTitle")
        self.group = label("kioskHint")
        self.reasons = label()
        self.interested = button("primary")
        set_button_text(
            self.interested,
            translate("kiosk", "I’m interested"),
            translate("kiosk", "Tell the organiser of %1 you are interested").replace(
                "%1", match.title
            ),
        )
        # The button beside the title and group; the reasons below have the card's whole width
        # (a longer button, in Welsh, would squeeze them into short lines).
        heading = QVBoxLayout()
        heading.setSpacing(6)
        heading.addWidget(self.title)
        heading.addWidget(self.group)
        top = QHBoxLayout()
        top.setSpacing(32)
        top.addLayout(heading, 1)
        top.addWidget(self.interested, 0, Qt.AlignmentFlag.AlignVCenter)
        card = QVBoxLayout(self)
        card.setContentsMargins(32, 24, 32, 24)
        card.setSpacing(8)
        card.addLayout(top)
        card.addWidget(self.reasons)
        self.title.setText(match.title)
        self.group.setText(match.group_in(language == Language.WELSH))
        self.group.setVisible(bool(match.group_name))  # (now that it has a parent)
        self.reasons.setText("\n".join(reason_words(r, language) for r in match.reasons))
        self.reasons.setVisible(bool(match.reasons))


class ResultList(QScrollArea):
    """The cards, in an area a finger can drag up and down."""

    def __init__(self, on_interested: Callable[[Match], None]) -> None:
        super().__init__()
        self.on_interested = on_interested
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("scrollBody")
        self.cards_layout = QVBoxLayout(body)
        self.cards_layout.setContentsMargins(0, 0, 16, 0)
        self.cards_layout.setSpacing(20)
        self.cards_layout.addStretch(1)
        self.setWidget(body)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.cards: list[ResultCard] = []

    def show_matches(self, matches: list[Match], language: Language) -> None:
        self.clear()
        for match in matches:
            card = ResultCard(match, language)
            card.interested.clicked.connect(lambda _=False, m=match: self.on_interested(m))
            self.cards.append(card)
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            card.show()  # now, not when the layout gets round to it: focus may go to it
        self.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
