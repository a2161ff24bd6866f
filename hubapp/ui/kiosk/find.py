"""Find something to do: no name needed to look. The visitor says what they like, when
they are free, how far they can get and how, and any access needs; they see ranked ways
to get involved with the reasons each matched, and may say "I'm interested" to one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hubapp.services import matching
from hubapp.services import opportunities as opportunity_service
from hubapp.services.errors import ValidationFailed
from hubapp.services.matching import Match, MatchProfile
from hubapp.services.vocabulary import INTERESTS
from hubapp.ui.kiosk.find_results import ResultList
from hubapp.ui.kiosk.flow import Flow, KioskContext, name_field, step_words
from hubapp.ui.kiosk.problems import problem_words
from hubapp.ui.kiosk.widgets import ChoiceChips, StepPage, label, text_field
from hubapp.ui.kiosk.words import QT_TRANSLATE_NOOP, Language, translate
from hubapp.ui.widgets.forms import FormField

QUESTIONS = 4
RESULTS = 12
DAY_WORDS = (
    ("mon", QT_TRANSLATE_NOOP("kiosk", "Monday")),
    ("tue", QT_TRANSLATE_NOOP("kiosk", "Tuesday")),
    ("wed", QT_TRANSLATE_NOOP("kiosk", "Wednesday")),
    ("thu", QT_TRANSLATE_NOOP("kiosk", "Thursday")),
    ("fri", QT_TRANSLATE_NOOP("kiosk", "Friday")),
    ("sat", QT_TRANSLATE_NOOP("kiosk", "Saturday")),
    ("sun", QT_TRANSLATE_NOOP("kiosk", "Sunday")),
)
PART_WORDS = (
    ("morning", QT_TRANSLATE_NOOP("kiosk", "Mornings")),
    ("afternoon", QT_TRANSLATE_NOOP("kiosk", "Afternoons")),
    ("evening", QT_TRANSLATE_NOOP("kiosk", "Evenings")),
)
MILE_WORDS = (
    ("0", QT_TRANSLATE_NOOP("kiosk", "I can only do things from home")),
    ("1", QT_TRANSLATE_NOOP("kiosk", "Up to 1 mile")),
    ("3", QT_TRANSLATE_NOOP("kiosk", "Up to 3 miles")),
    ("5", QT_TRANSLATE_NOOP("kiosk", "Up to 5 miles")),
    ("10", QT_TRANSLATE_NOOP("kiosk", "Up to 10 miles")),
    ("20", QT_TRANSLATE_NOOP("kiosk", "Up to 20 miles")),
)
TRANSPORT_WORDS = (("car", QT_TRANSLATE_NOOP("kiosk", "I have a car or a lift")),)
NEED_WORDS = (
    ("step_free", QT_TRANSLATE_NOOP("kiosk", "I need step-free access")),
    ("under_18", QT_TRANSLATE_NOOP("kiosk", "I am under 18")),
    ("welsh", QT_TRANSLATE_NOOP("kiosk", "I speak Welsh")),
)
HEADINGS = {
    "days": QT_TRANSLATE_NOOP("kiosk", "Days"),
    "parts": QT_TRANSLATE_NOOP("kiosk", "Times of day"),
    "transport": QT_TRANSLATE_NOOP("kiosk", "Getting there"),
}
QUESTION_WORDS = (
    (
        QT_TRANSLATE_NOOP("kiosk", "What do you enjoy, or want to try?"),
        QT_TRANSLATE_NOOP("kiosk", "Choose as many as you like."),
    ),
    (
        QT_TRANSLATE_NOOP("kiosk", "When are you free?"),
        QT_TRANSLATE_NOOP(
            "kiosk", "Choose days, times of day, or both. Leave them empty if any time suits."
        ),
    ),
    (
        QT_TRANSLATE_NOOP("kiosk", "How far can you get to?"),
        QT_TRANSLATE_NOOP("kiosk", "We use this to put nearer things first."),
    ),
    (
        QT_TRANSLATE_NOOP("kiosk", "Anything we should know?"),
        QT_TRANSLATE_NOOP("kiosk", "Choose any that apply, or none. We do not keep these answers."),
    ),
)
DAYS = tuple(key for key, _ in DAY_WORDS)
PARTS = tuple(key for key, _ in PART_WORDS)


class FindFlow(Flow):
    def __init__(self, kiosk: KioskContext) -> None:
        super().__init__(kiosk)
        self.matches: list[Match] = []
        self.chosen: Match | None = None
        self.likes = ChoiceChips(name="interests")
        self.days = ChoiceChips(name="days")
        self.parts = ChoiceChips(name="parts of the day")
        self.miles = ChoiceChips(single=True, name="distance")
        self.transport = ChoiceChips(name="transport")
        self.postcode = text_field(sensitive=True, hints=Qt.InputMethodHint.ImhPreferUppercase)
        self.postcode.setMaxLength(8)
        self.postcode.setMaximumWidth(420)
        self.postcode_field = FormField("", self.postcode)
        self.needs = ChoiceChips(name="access needs")
        self.likes_step = self._step(self.likes)
        self.headings = {key: label("rowTitle") for key in ("days", "parts", "transport")}
        self.when_step = self._step(self.headings["days"], self.days, self.headings["parts"],
                                    self.parts)  # fmt: skip
        self.travel_step = self._step(self.miles, self.headings["transport"], self.transport,
                                      self.postcode_field)  # fmt: skip
        self.needs_step = self._step(self.needs)
        self.results_step = StepPage(next_button=False, scroll=False)
        self.results = ResultList(self.interested)
        self.no_results = label("kioskBody")
        self.results_step.body.addWidget(self.no_results)
        self.results_step.body.addWidget(self.results, 1)
        self.results_step.fill_height()
        self.contact_step = StepPage()
        self.name = text_field(sensitive=True)
        self.contact = text_field(sensitive=True)
        self.name_field, self.contact_field = FormField("", self.name), FormField("", self.contact)
        self.contact_step.body.addWidget(self.name_field)
        self.contact_step.body.addWidget(self.contact_field)
        self.name.returnPressed.connect(self.contact.setFocus)
        self.contact.returnPressed.connect(self.contact_step.next.click)
        self.thanks = StepPage(back=False)
        self.thanks_words = label("kioskBody")
        self.thanks.body.addWidget(self.thanks_words)
        questions = [self.likes_step, self.when_step, self.travel_step, self.needs_step]
        for page in [*questions, self.results_step, self.contact_step, self.thanks]:
            self.add_step(page)
        for n, page in enumerate(questions):
            back = questions[n - 1] if n else None
            page.back.clicked.connect(
                lambda _=False, b=back: self.go(b) if b else self.finished.emit()
            )
            if n + 1 < len(questions):
                page.next.clicked.connect(lambda _=False, f=questions[n + 1]: self.go(f))
        self.needs_step.next.clicked.connect(self.search)
        self.results_step.back.clicked.connect(lambda: self.go(self.needs_step))
        self.contact_step.back.clicked.connect(lambda: self.go(self.results_step))
        self.contact_step.next.clicked.connect(self.send_interest)
        self.thanks.next.clicked.connect(self.finished)
        self.retranslate()

    def _step(self, *answers: object) -> StepPage:
        page = StepPage()
        for answer in answers:
            page.body.addWidget(answer)  # type: ignore[arg-type]
        return page

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        welsh = self.kiosk.language == Language.WELSH
        self.likes.set_choices([(slug, cy if welsh else en) for slug, en, cy in INTERESTS])
        for chips, words in (
            (self.days, DAY_WORDS),
            (self.parts, PART_WORDS),
            (self.miles, MILE_WORDS),
            (self.transport, TRANSPORT_WORDS),
            (self.needs, NEED_WORDS),
        ):
            chips.set_choices([(key, translate("kiosk", text)) for key, text in words])
        for key, text in HEADINGS.items():
            self.headings[key].setText(translate("kiosk", text))
        for chips, name in (
            (self.likes, translate("kiosk", "Interests")),
            (self.days, translate("kiosk", HEADINGS["days"])),
            (self.parts, translate("kiosk", HEADINGS["parts"])),
            (self.miles, translate("kiosk", "How far can you get to?")),
            (self.transport, translate("kiosk", HEADINGS["transport"])),
            (self.needs, translate("kiosk", "Anything we should know?")),
        ):
            chips.setAccessibleName(name)
        name_field(
            self.postcode_field,
            translate("kiosk", "Your postcode, or its first half"),
            optional=True,
        )
        questions = (self.likes_step, self.when_step, self.travel_step, self.needs_step)
        for n, (page, (title, hint)) in enumerate(zip(questions, QUESTION_WORDS, strict=True)):
            page.set_texts(
                step_words(n + 1, QUESTIONS), translate("kiosk", title), translate("kiosk", hint)
            )
            page.set_nav(translate("kiosk", "Back"), translate("kiosk", "Next"))
        self.needs_step.set_nav(translate("kiosk", "Back"), translate("kiosk", "Show me"))
        self.results_step.set_texts(
            "",
            translate("kiosk", "Things you might like"),
            translate("kiosk", "The best matches come first."),
        )
        self.results_step.set_nav(translate("kiosk", "Change my answers"), "")
        self.no_results.setText(
            translate(
                "kiosk", "Nothing is listed yet. Ask at the desk: there may be more going on."
            )
        )
        name_field(self.name_field, translate("kiosk", "Your name"))
        name_field(self.contact_field, translate("kiosk", "Your email address or phone number"))
        self.contact_step.set_nav(translate("kiosk", "Back"), translate("kiosk", "Send"))
        self._word_contact_step()
        self.thanks.set_texts("", translate("kiosk", "Thank you"))
        self.thanks.set_nav("", translate("kiosk", "Back to the start"))
        if self.matches:
            self.results.show_matches(self.matches, self.kiosk.language)
        self.recolour()

    def _word_contact_step(self) -> None:
        title = self.chosen.title if self.chosen else ""
        self.contact_step.set_texts(
            "",
            translate("kiosk", "How can the organiser reach you?"),
            translate("kiosk", "We will pass this to the organiser of %1 only.").replace(
                "%1", title
            ),
        )

    # --- searching ------------------------------------------------------------------------

    def profile(self) -> MatchProfile:
        liked = set(self.likes.selected())
        days = self.days.selected() or (list(DAYS) if self.parts.selected() else [])
        parts = self.parts.selected() or list(PARTS)
        miles = self.miles.selected()
        needs = set(self.needs.selected())
        return MatchProfile(
            interests=tuple(en for slug, en, _cy in INTERESTS if slug in liked),
            availability={day: list(parts) for day in days},
            travel_miles=float(miles[0]) if miles else None,
            has_transport=bool(self.transport.selected()),
            needs_step_free="step_free" in needs,
            under_18="under_18" in needs,
            speaks_welsh="welsh" in needs,
            postcode=self.postcode.text().strip(),
        )

    def search(self) -> None:
        db, profile = self.kiosk.app.db, self.profile()
        self.needs_step.next.setEnabled(False)
        self.run(
            lambda: matching.match_opportunities(db, profile, RESULTS),
            self._found,
            self._search_failed,
        )

    def _found(self, matches: list[Match]) -> None:
        self.needs_step.next.setEnabled(True)
        self.matches = matches
        self.results.show_matches(matches, self.kiosk.language)
        self.results.setVisible(bool(matches))
        self.no_results.setVisible(not matches)
        self.go(self.results_step)

    def _search_failed(self, _error: Exception) -> None:
        self.needs_step.next.setEnabled(True)
        self.needs_step.show_problem(
            translate("kiosk", "Sorry, that did not work. Please try again or ask at the desk.")
        )

    # --- "I'm interested" -----------------------------------------------------------------

    def interested(self, match: Match) -> None:
        self.chosen = match
        self._word_contact_step()
        self.go(self.contact_step)

    def send_interest(self) -> None:
        for form_field in (self.name_field, self.contact_field):
            form_field.clear_error()
        name, contact = self.name.text().strip(), self.contact.text().strip()
        if not name:
            self.name_field.show_error(translate("kiosk", "Please type your name."))
        if not contact:
            self.contact_field.show_error(
                translate("kiosk", "Please give an email address or a phone number.")
            )
        if not (name and contact) or self.chosen is None:
            return
        self.contact_step.next.setEnabled(False)
        db, opportunity_id = self.kiosk.app.db, self.chosen.opportunity_id
        self.run(
            lambda: opportunity_service.express_interest(
                db, opportunity_id, visitor_name=name, visitor_contact=contact, channel="kiosk"
            ),
            lambda _id: self._sent(),
            self._not_sent,
        )

    def _sent(self) -> None:
        self.contact_step.next.setEnabled(True)
        title = self.chosen.title if self.chosen else ""
        self.thanks_words.setText(
            translate(
                "kiosk", "We have told the organiser of %1. They will get in touch with you."
            ).replace("%1", title)
        )
        self.thank(self.thanks)

    def _not_sent(self, error: Exception) -> None:
        self.contact_step.next.setEnabled(True)
        if isinstance(error, ValidationFailed):
            for field_name, message in error.problems.items():
                target = self.name_field if "name" in field_name else self.contact_field
                target.show_error(problem_words(message))
            return
        self.contact_step.show_problem(
            translate("kiosk", "Sorry, that did not work. Please try again or ask at the desk.")
        )

    def reset_state(self) -> None:
        self.matches, self.chosen = [], None
        self.results.clear()
        for button in (self.needs_step.next, self.contact_step.next):
            button.setEnabled(True)
        self._word_contact_step()
