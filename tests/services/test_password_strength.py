"""Passwords that guard health data (issue 19, item 9): 8 spaces, "password" or "12345678"
were accepted. Seed 000 art. 5 asks for 8 characters at least; common and trivial ones
are refused with a message that says why."""

import pytest

from app.i18n import use_language
from app.services.validation import ValidationError, password


@pytest.mark.parametrize("weak", [
    "        ", "password", "Password", "PASSWORD1", "12345678", "123456789", "87654321",
    "11111111", "aaaaaaaa", "abcdefgh", "qwertzui", "azertyui", "motdepasse", "passwort",
    "password123", "abcd1234", "1q2w3e4r", "  password  ",
])
def test_common_or_trivial_passwords_are_refused(weak: str) -> None:
    with use_language("en"), pytest.raises(ValidationError) as refused:
        password(weak)
    assert "common" in refused.value.message or "guess" in refused.value.message


@pytest.mark.parametrize("good", ["correct horse", "Lavaux-2026!", "grüezi mitenand",
                                  "7 chats gris"])
def test_a_real_passphrase_passes(good: str) -> None:
    assert password(good) == good


def test_too_short_says_so() -> None:
    with use_language("en"), pytest.raises(ValidationError) as refused:
        password("Ab1!")
    assert "8 characters" in refused.value.message
