"""Checking what people type: UK postcodes, UK phone numbers, email addresses and names."""

from __future__ import annotations

import pytest

from hubapp.services.errors import FieldProblem
from hubapp.services.validation import (
    POSTCODE_HINT,
    clean_name,
    format_phone,
    looks_like_postcode,
    normalise_email,
    normalise_phone,
    normalise_postcode,
    postcode_district,
)


class TestPostcodes:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("sa196ab", "SA19 6AB"),
            ("SA19 6AB", "SA19 6AB"),
            ("  sa19   6ab ", "SA19 6AB"),
            ("GIR 0AA", "GIR 0AA"),
            ("gir0aa", "GIR 0AA"),
            ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
            ("EC1A 1BB", "EC1A 1BB"),  # AA9A 9AA
            ("M1 1AE", "M1 1AE"),  # A9 9AA
            ("B33 8TH", "B33 8TH"),  # A99 9AA
            ("CR2 6XH", "CR2 6XH"),  # AA9 9AA
            ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
            ("CF10 1EP", "CF10 1EP"),
            ("LL57 2DG", "LL57 2DG"),
            ("SY23 3BU", "SY23 3BU"),
            ("np20 1ga", "NP20 1GA"),
        ],
    )
    def test_valid_shapes_are_normalised(self, typed: str, stored: str) -> None:
        assert normalise_postcode(typed) == stored
        assert looks_like_postcode(typed)

    @pytest.mark.parametrize(
        "typed",
        [
            "",
            "SA19",  # outward code only
            "12345",
            "SA19 6A",  # inward code too short
            "SA19 6ABC",
            "QA1 1AA",  # Q never starts a postcode
            "V1 1AA",
            "SA19 6CB",  # C never appears in the inward code's letters
            "SA19-6AB",
            "SA19 6AB x",
            "hello",
        ],
    )
    def test_invalid_ones_are_refused_with_a_hint(self, typed: str) -> None:
        with pytest.raises(FieldProblem) as caught:
            normalise_postcode(typed)
        assert caught.value.field == "postcode"
        assert POSTCODE_HINT in caught.value.message
        assert "SA19 6AB" in str(caught.value)
        assert not looks_like_postcode(typed)

    def test_the_problem_names_the_field_given(self) -> None:
        with pytest.raises(FieldProblem) as caught:
            normalise_postcode("nope", field="venue_postcode")
        assert caught.value.field == "venue_postcode"

    def test_district_is_the_outward_code(self) -> None:
        assert postcode_district("SA19 6AB") == "SA19"
        assert postcode_district("W1A 0AX") == "W1A"
        assert postcode_district("M11AE") == "M1"


class TestPhones:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("07700 900123", "+447700900123"),
            ("07700900123", "+447700900123"),
            ("07700-900-123", "+447700900123"),
            ("+44 7700 900123", "+447700900123"),
            ("+44 (0)7700 900123", "+447700900123"),
            ("0044 7700 900123", "+447700900123"),
            ("+447700900123", "+447700900123"),
            ("01550 720123", "+441550720123"),
            ("(01550) 720123", "+441550720123"),
            ("01550720123", "+441550720123"),
            ("020 7946 0018", "+442079460018"),
            ("016977 3456", "+44169773456"),  # one of the few nine-digit UK numbers
            ("0800 123 4567", "+448001234567"),
            ("+353 1 234 5678", "+35312345678"),  # international numbers keep their code
        ],
    )
    def test_common_formats_become_e164(self, typed: str, stored: str) -> None:
        assert normalise_phone(typed) == stored

    @pytest.mark.parametrize("typed", ["0770090", "12", "01550 72"])
    def test_too_short_says_so(self, typed: str) -> None:
        with pytest.raises(FieldProblem) as caught:
            normalise_phone(typed)
        assert caught.value.field == "phone"
        assert "too few digits" in caught.value.message
        assert "07700 900123" in caught.value.message

    @pytest.mark.parametrize("typed", ["07700 90012", "+44 7700 90012", "020 7946 001"])
    def test_a_uk_number_missing_one_digit_is_refused(self, typed: str) -> None:
        with pytest.raises(FieldProblem):
            normalise_phone(typed)

    @pytest.mark.parametrize("typed", ["077009001234567", "07700 900123 4567"])
    def test_too_long_is_refused(self, typed: str) -> None:
        with pytest.raises(FieldProblem) as caught:
            normalise_phone(typed)
        assert "not a valid UK phone number" in caught.value.message

    @pytest.mark.parametrize("typed", ["hello", "", "07700 900123 ext"])
    def test_garbage_is_refused_with_the_example(self, typed: str) -> None:
        with pytest.raises(FieldProblem) as caught:
            normalise_phone(typed, field="mobile")
        assert caught.value.field == "mobile"
        assert "07700 900123" in caught.value.message

    def test_display_format(self) -> None:
        assert format_phone("+447700900123") == "07700 900123"
        assert format_phone("+441550720123") == "01550 720123"
        assert format_phone("+12125550123") == "+1 212-555-0123"
        assert format_phone("not a number") == "not a number"


class TestEmails:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("Sian@Example.ORG", "sian@example.org"),
            ("  a.b+c@example.co.uk ", "a.b+c@example.co.uk"),
            ("siân@example.cymru", "siân@example.cymru"),
        ],
    )
    def test_valid_addresses_are_normalised(self, typed: str, stored: str) -> None:
        assert normalise_email(typed) == stored

    @pytest.mark.parametrize("typed", ["no-at-sign", "a@b", "@example.org", "two@@example.org"])
    def test_invalid_addresses_are_refused(self, typed: str) -> None:
        with pytest.raises(FieldProblem) as caught:
            normalise_email(typed)
        assert caught.value.field == "email"
        assert "name@example.com" in caught.value.message


class TestNames:
    @pytest.mark.parametrize(
        "name",
        [
            "Siân",
            "Gwenllïan",
            "Ó Briain",
            "ap Dafydd",
            "O'Neill",
            "O’Neill",
            "Smith-Jones",
            "Zoë",
            "Łukasz",
            "Nguyễn",
            "J. R.",
            "李",
        ],
    )
    def test_names_are_kept_exactly_as_typed(self, name: str) -> None:
        assert clean_name(name, "first_name") == name

    def test_only_surrounding_space_is_trimmed(self) -> None:
        assert clean_name("  Rhodri  ", "first_name") == "Rhodri"

    def test_decomposed_accents_are_composed(self) -> None:
        decomposed = "Sia\u0302n"  # "a" + combining circumflex, as some keyboards send it
        assert clean_name(decomposed, "first_name") == "Siân"

    @pytest.mark.parametrize(("name", "char"), [("R2D2", "2"), ("Bob1", "1"), ("a@b", "@")])
    def test_digits_and_symbols_are_refused(self, name: str, char: str) -> None:
        with pytest.raises(FieldProblem) as caught:
            clean_name(name, "last_name", label="Surname")
        assert caught.value.field == "last_name"
        assert f"“{char}”" in caught.value.message
        assert caught.value.message.startswith("Surname")

    def test_required_name_must_be_given(self) -> None:
        with pytest.raises(FieldProblem, match="is needed"):
            clean_name("   ", "first_name")

    def test_optional_name_may_be_empty(self) -> None:
        assert clean_name("", "preferred_name", required=False) == ""

    def test_punctuation_alone_is_not_a_name(self) -> None:
        with pytest.raises(FieldProblem, match="at least one letter"):
            clean_name("---", "first_name")

    def test_too_long(self) -> None:
        with pytest.raises(FieldProblem, match="too long"):
            clean_name("x" * 121, "first_name")
        assert clean_name("x" * 120, "first_name") == "x" * 120
