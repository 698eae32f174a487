from datetime import date

from PySide6.QtGui import QValidator

from app.views.validators import CheckValidator, field_validator, parse_date
from tests.views.fakes import FakeChecks


def test_parse_date() -> None:
    assert parse_date("01.05.1986") == date(1986, 5, 1)
    assert parse_date(" 1.5.1986 ") == date(1986, 5, 1)
    assert parse_date("29.02.2024") == date(2024, 2, 29)
    assert parse_date("29.02.2023") is None  # not a leap year
    assert parse_date("1986-05-01") is None
    assert parse_date("") is None


def test_validator_states_follow_the_pure_check() -> None:
    checks = FakeChecks()
    ahv = field_validator("ahv_number", lambda t: checks.check_field("ahv_number", t))
    assert ahv.validate("756.1234.5678.97", 0)[0] == QValidator.State.Acceptable
    assert ahv.validate("756.1234.5678.90", 0)[0] == QValidator.State.Intermediate
    assert ahv.validate("756.1234", 0)[0] == QValidator.State.Intermediate  # still typing
    assert ahv.validate("756.12a", 0)[0] == QValidator.State.Invalid  # never a letter
    assert ahv.validate("", 0)[0] == QValidator.State.Intermediate
    postal = field_validator("postal_code", lambda t: checks.check_field("postal_code", t))
    assert postal.validate("12345", 0)[0] == QValidator.State.Invalid
    assert postal.validate("1003", 0)[0] == QValidator.State.Acceptable


def test_unrestricted_field_relies_on_the_check_only() -> None:
    email = CheckValidator(lambda t: None if "@" in t else "E-mail: not an address.")
    assert email.validate("anna@example.ch", 0)[0] == QValidator.State.Acceptable
    assert email.validate("anna", 0)[0] == QValidator.State.Intermediate
    assert email.message("anna") == "E-mail: not an address."
