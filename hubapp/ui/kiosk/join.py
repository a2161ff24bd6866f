"""Join: a visitor signs themselves up, one question per step: name, how to reach them,
postcode, interests, language, the privacy notice, then each consent on its own. The
thank-you never says whether they were known already (look-alikes are flagged for staff)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from hubapp.models import uuid7
from hubapp.models.vocab import ConsentPurpose
from hubapp.services import consent
from hubapp.services import kiosk as kiosk_service
from hubapp.services.errors import ValidationFailed
from hubapp.services.kiosk import SelfSignUpResult
from hubapp.services.members import MemberDetails
from hubapp.services.vocabulary import INTERESTS
from hubapp.ui.kiosk.flow import Flow, KioskContext, name_field, step_words
from hubapp.ui.kiosk.problems import problem_words
from hubapp.ui.kiosk.widgets import ChoiceChips, StepPage, TickRow, label, text_field
from hubapp.ui.kiosk.words import QT_TRANSLATE_NOOP, Language, translate
from hubapp.ui.widgets.forms import FormField

STEPS = 7
LANGUAGES = (("en", "English"), ("cy", "Cymraeg"))
ANY_OF_THESE = QT_TRANSLATE_NOOP("kiosk", "Choose any you are happy with, or none.")
STEP_WORDS = (
    (QT_TRANSLATE_NOOP("kiosk", "What is your name?"), ""),
    (
        QT_TRANSLATE_NOOP("kiosk", "How can we reach you?"),
        QT_TRANSLATE_NOOP("kiosk", "Give an email address, a phone number, or both."),
    ),
    (
        QT_TRANSLATE_NOOP("kiosk", "What are you interested in?"),
        QT_TRANSLATE_NOOP("kiosk", "Choose as many as you like, or none."),
    ),
    (QT_TRANSLATE_NOOP("kiosk", "Which language would you like us to use?"), ""),
    (QT_TRANSLATE_NOOP("kiosk", "How we look after your details"), ""),
    (QT_TRANSLATE_NOOP("kiosk", "How may we keep in touch?"), ANY_OF_THESE),
    (QT_TRANSLATE_NOOP("kiosk", "Groups and photographs"), ANY_OF_THESE),
)
# Added to the wording's version when the visitor was shown it in Welsh ("2026-11/cy").
WELSH_WORDING = "/cy"
# The consent purposes, asked on two steps: keeping in touch, then groups and photographs.
IN_TOUCH = (ConsentPurpose.CONTACT_EMAIL, ConsentPurpose.CONTACT_PHONE, ConsentPurpose.NEWSLETTER)
SHARING = (ConsentPurpose.SHARE_WITH_GROUPS, ConsentPurpose.PHOTOGRAPHS)


class JoinFlow(Flow):
    def __init__(self, kiosk: KioskContext) -> None:
        super().__init__(kiosk)
        self.sign_up_id = uuid7()
        self.fields: dict[str, FormField] = {}
        self.names = self._form_step(("first_name", "last_name"))
        self.contact = self._form_step(("email", "phone", "postcode"))
        self.interests = ChoiceChips(name="interests")
        self.interests_step = self._chips_step(self.interests)
        self.language = ChoiceChips(single=True, name="language")
        self.language.set_choices(LANGUAGES)
        self.language_step = self._chips_step(self.language)
        self.notice_step = StepPage()
        self.notice = label("kioskNotice")
        self.notice_after = label("kioskLead")
        self.notice_step.body.addWidget(self.notice)
        self.notice_step.body.addWidget(self.notice_after)
        self.choices: dict[str, TickRow] = {p.purpose: TickRow() for p in consent.PURPOSES}
        self.asked = list(self.choices)
        self.in_touch_step = self._choices_step(IN_TOUCH)
        self.choices_step = self._choices_step(SHARING)
        self.thanks = StepPage(back=False)
        self.thanks_words = label("kioskBody")
        self.thanks.body.addWidget(self.thanks_words)
        order = [self.names, self.contact, self.interests_step, self.language_step,
                 self.notice_step, self.in_touch_step, self.choices_step]  # fmt: skip
        for n, page in enumerate(order):
            self.add_step(page)
            page.back.clicked.connect(lambda _=False, n=n: self._back(n))
            if page is not self.choices_step:
                page.next.clicked.connect(lambda _=False, n=n: self._next(n))
        self.choices_step.next.clicked.connect(self.submit)
        self.add_step(self.thanks)
        self.thanks.next.clicked.connect(self.finished)
        self.order = order
        self.retranslate()

    # --- building -------------------------------------------------------------------------

    def _form_step(self, names: tuple[str, ...]) -> StepPage:
        page = StepPage()
        for name in names:
            sensitive = name in ("email", "phone", "postcode")
            edit = text_field(sensitive=sensitive, hints=_HINTS.get(name))
            form_field = FormField("", edit)
            self.fields[name] = form_field
            page.body.addWidget(form_field)
            edit.returnPressed.connect(page.next.click)
        return page

    def _choices_step(self, purposes: tuple[ConsentPurpose, ...]) -> StepPage:
        page = StepPage()
        for purpose in purposes:
            page.body.addWidget(self.choices[purpose])
        return page

    def _chips_step(self, chips: ChoiceChips) -> StepPage:
        page = StepPage()
        page.body.addWidget(chips)
        return page

    def edit(self, name: str) -> QLineEdit:
        widget = self.fields[name].field
        assert isinstance(widget, QLineEdit)
        return widget

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        welsh = self.kiosk.language == Language.WELSH
        pages = (self.names, self.contact, self.interests_step, self.language_step,
                 self.notice_step, self.in_touch_step, self.choices_step)  # fmt: skip
        for n, (page, (title, hint)) in enumerate(zip(pages, STEP_WORDS, strict=True)):
            page.set_texts(
                step_words(n + 1, STEPS), translate("kiosk", title), translate("kiosk", hint)
            )
            page.set_nav(translate("kiosk", "Back"), translate("kiosk", "Next"))
        self.choices_step.set_nav(translate("kiosk", "Back"), translate("kiosk", "Join"))
        name_field(self.fields["first_name"], translate("kiosk", "First name"))
        name_field(self.fields["last_name"], translate("kiosk", "Last name"), optional=True)
        name_field(self.fields["email"], translate("kiosk", "Email address"))
        name_field(self.fields["phone"], translate("kiosk", "Phone number"))
        name_field(self.fields["postcode"], translate("kiosk", "Postcode"), optional=True)
        self.fields["postcode"].hint.setText(
            translate("kiosk", "It helps us find things near you.")
        )
        self.fields["postcode"].hint.show()
        self.interests.set_choices([(slug, (cy if welsh else en)) for slug, en, cy in INTERESTS])
        self.interests.setAccessibleName(translate("kiosk", "Interests"))
        self.language.setAccessibleName(translate("kiosk", "Language"))
        self.notice.setText(translate("consent", consent.PRIVACY_NOTICE))
        self.notice_after.setText(
            translate("kiosk", "On the next two screens, you choose what we may do.")
        )
        for purpose in consent.PURPOSES:
            self.choices[purpose.purpose].set_texts(
                translate("consent", purpose.label), translate("consent", purpose.wording)
            )
        self.thanks.set_nav("", translate("kiosk", "Back to the start"))
        self.recolour()

    # --- moving on ------------------------------------------------------------------------

    def begin(self) -> None:
        super().begin()
        if not self.language.selected():
            self.language.set_selected([self.kiosk.language.value])

    def _back(self, n: int) -> None:
        if n == 0:
            self.finished.emit()
        else:
            self.go(self.order[n - 1])

    def _next(self, n: int) -> None:
        page = self.order[n]
        if isinstance(page, StepPage) and not self._check(page):
            return
        if self.order[n + 1] is self.in_touch_step:
            self._offer_choices()
        self.go(self.order[n + 1])

    def _check(self, page: StepPage) -> bool:
        """Only what can be told at once: the rest is checked by the service on Join."""
        for form_field in self.fields.values():
            form_field.clear_error()
        if page is self.names and not self.edit("first_name").text().strip():
            self.fields["first_name"].show_error(translate("kiosk", "Please type your first name."))
            return False
        if page is self.contact and not (
            self.edit("email").text().strip() or self.edit("phone").text().strip()
        ):
            self.fields["email"].show_error(
                translate("kiosk", "Please give an email address or a phone number.")
            )
            return False
        return True

    def _offer_choices(self) -> None:
        """Asks about email and phone contact only if that detail was given."""
        given = {
            ConsentPurpose.CONTACT_EMAIL: bool(self.edit("email").text().strip()),
            ConsentPurpose.CONTACT_PHONE: bool(self.edit("phone").text().strip()),
        }
        self.asked = [p for p in self.choices if given.get(ConsentPurpose(p), True)]
        for purpose, row in self.choices.items():
            row.setVisible(purpose in self.asked)
            if purpose not in self.asked:
                row.setChecked(False)

    # --- joining --------------------------------------------------------------------------

    def details(self) -> MemberDetails:
        text = {name: self.edit(name).text() for name in self.fields}
        chosen = set(self.interests.selected())
        language = (self.language.selected() or [self.kiosk.language.value])[0]
        return MemberDetails(
            first_name=text["first_name"],
            last_name=text["last_name"],
            email=text["email"],
            phone=text["phone"],
            postcode=text["postcode"],
            preferred_language=language,
            speaks_welsh=language == "cy",
            interests=[en for slug, en, _cy in INTERESTS if slug in chosen],
        )

    def consents(self) -> dict[str, bool]:
        """Each purpose the visitor was asked about, and their answer (yes or no)."""
        return {p: self.choices[p].isChecked() for p in self.asked}

    def wording_version(self) -> str:
        """The version of the consent words the visitor was shown as they pressed Join, marked
        as Welsh if they were shown in Welsh (the Welsh is a translation of that version)."""
        welsh = self.notice.text() != consent.PRIVACY_NOTICE
        return consent.PRIVACY_NOTICE_VERSION + (WELSH_WORDING if welsh else "")

    def submit(self) -> None:
        db, details, consents = self.kiosk.app.db, self.details(), self.consents()
        sign_up_id, version = self.sign_up_id, self.wording_version()
        self.choices_step.next.setEnabled(False)
        self.choices_step.clear_problem()
        self.run(
            lambda: kiosk_service.self_sign_up(
                db, details, consents, version, sign_up_id=sign_up_id
            ),
            self._joined,
            self._refused,
        )

    def _joined(self, result: SelfSignUpResult) -> None:
        self.choices_step.next.setEnabled(True)
        self.thanks.set_texts(
            "", translate("kiosk", "Thank you, %1!").replace("%1", result.first_name)
        )
        self.thanks_words.setText(
            translate(
                "kiosk",
                "You have joined. Your membership number is %1: you can use it to check in "
                "next time. We will only get in touch in the ways you chose.",
            ).replace("%1", result.membership_number)
        )
        self.thank(self.thanks)

    def _refused(self, error: Exception) -> None:
        self.choices_step.next.setEnabled(True)
        if not isinstance(error, ValidationFailed):
            self.choices_step.show_problem(
                translate("kiosk", "Sorry, that did not work. Please ask at the desk.")
            )
            return
        first_page: StepPage | None = None
        for name, message in error.problems.items():
            form_field = self.fields.get(name)
            if form_field is None:
                self.choices_step.show_problem(problem_words(message))
                continue
            form_field.show_error(problem_words(message))
            page = next(p for p in self.order if form_field in p.findChildren(FormField))
            if first_page is None and isinstance(page, StepPage):
                first_page = page
        if first_page is not None:
            self.go(first_page)

    def reset_state(self) -> None:
        self.sign_up_id = uuid7()  # the next visitor is a new sign-up
        self.choices_step.next.setEnabled(True)
        self.asked = list(self.choices)


_HINTS = {
    "email": Qt.InputMethodHint.ImhEmailCharactersOnly,
    "phone": Qt.InputMethodHint.ImhDialableCharactersOnly,
    "postcode": Qt.InputMethodHint.ImhPreferUppercase,
}
