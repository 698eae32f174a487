"""One test per validation error, plus the accepted forms (hand-checked numbers)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean

from app.i18n import use_language
from app.services import validation as v
from app.services.validation import ValidationError


def test_ahv_number_accepted_with_or_without_dots() -> None:
    # 756.1234.5678.97: weighted sum 123 -> check digit 7 (see tests/services/conftest.py).
    assert v.ahv_number("756.1234.5678.97") == "7561234567897"
    assert v.ahv_number("7561234567897") == "7561234567897"
    assert v.format_ahv("7561234567897") == "756.1234.5678.97"


def test_ahv_number_with_wrong_check_digit_names_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        v.ahv_number("756.1234.5678.98")
    assert error.value.field == "ahv_number"
    assert "check digit" in error.value.message


@pytest.mark.parametrize("bad", ["123", "756.1234.5678", "755.1234.5678.97", "abc"])
def test_ahv_number_of_wrong_shape(bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        v.ahv_number(bad, "persons[0].ahv_number")
    assert error.value.field == "persons[0].ahv_number"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_ahv_number_with_its_ean13_digit_is_accepted(body: str) -> None:
    number = "756" + body
    assert v.ahv_number(number + ean.calc_check_digit(number)) == number + ean.calc_check_digit(number)
    wrong = str((int(ean.calc_check_digit(number)) + 1) % 10)
    with pytest.raises(ValidationError):
        v.ahv_number(number + wrong)


def test_iban_swiss_and_foreign() -> None:
    assert v.iban("CH93 0076 2011 6238 5295 7") == "CH9300762011623852957"
    assert v.iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"


@pytest.mark.parametrize("bad", ["CH93 0076 2011 6238 5295 8", "CH93", "XX00 1234"])
def test_iban_invalid(bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        v.iban(bad)
    assert error.value.field == "iban"


def test_postal_code() -> None:
    assert v.postal_code(" 1003 ") == "1003"


@pytest.mark.parametrize("bad", ["100", "10034", "0999", "abcd"])
def test_postal_code_shape(bad: str) -> None:
    with pytest.raises(ValidationError, match="4 digits"):
        v.postal_code(bad)


def test_postal_code_that_does_not_exist() -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        v.postal_code("1099")


def test_birth_date_today_is_fine_tomorrow_is_not() -> None:
    today = date(2026, 6, 15)
    assert v.birth_date(today, today) == today
    with pytest.raises(ValidationError, match="future") as error:
        v.birth_date(date(2026, 6, 16), today)
    assert error.value.field == "birth_date"


def test_birth_date_missing_or_implausible() -> None:
    with pytest.raises(ValidationError, match="required"):
        v.birth_date(None, date(2026, 6, 15))
    with pytest.raises(ValidationError, match="1900"):
        v.birth_date(date(1899, 12, 31), date(2026, 6, 15))


def test_email() -> None:
    assert v.email(" zoe.rochat@example.ch ") == "zoe.rochat@example.ch"


@pytest.mark.parametrize("bad", ["zoe", "zoe@", "zoe@example", "zo e@example.ch", "a@b@c.ch"])
def test_email_invalid(bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        v.email(bad)
    assert error.value.field == "email"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("079 123 45 67", "+41791234567"),
        ("079/123.45.67", "+41791234567"),
        ("0041 79 123 45 67", "+41791234567"),
        ("+41 21 345 67 89", "+41213456789"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_normalised_to_e164(typed: str, stored: str) -> None:
    assert v.phone(typed) == stored


def test_phone_swiss_number_of_wrong_length() -> None:
    with pytest.raises(ValidationError, match="10 digits"):
        v.phone("079 123 45 6")


@pytest.mark.parametrize("bad", ["hello", "+0 123", "12"])
def test_phone_invalid(bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        v.phone(bad)
    assert error.value.field == "phone"


def test_password_needs_8_characters_seed_000() -> None:
    assert v.password("Lavaux26") == "Lavaux26"  # 8 characters; 12345678 is guessable
    with pytest.raises(ValidationError, match="8 characters"):
        v.password("1234567")


def test_required_sex_canton_language() -> None:
    with pytest.raises(ValidationError, match="required"):
        v.required("  ", "first_name")
    assert v.sex("f") == "F"
    with pytest.raises(ValidationError):
        v.sex("X")
    assert v.canton("vd") == "VD"
    with pytest.raises(ValidationError):
        v.canton("XX")
    with pytest.raises(ValidationError):
        v.language("rm")


def test_messages_are_in_the_interface_language() -> None:
    with use_language("de"), pytest.raises(ValidationError) as error:
        v.birth_date(date(2030, 1, 1), date(2026, 6, 15))
    assert error.value.message == "Das Geburtsdatum darf nicht in der Zukunft liegen."
    with use_language("fr"), pytest.raises(ValidationError) as error:
        v.ahv_number("756.1234.5678.98")
    assert error.value.message == "Le chiffre de contrôle du numéro AVS est faux."
