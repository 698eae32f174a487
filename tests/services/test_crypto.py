"""Envelope encryption primitives."""

import pytest

from app.services.store import crypto
from app.services.store.crypto import DecryptionError, KdfParams, Vault
from tests.services.conftest import FAST_KDF


def test_round_trip_bound_to_the_record() -> None:
    vault = Vault.new()
    blob = vault.encrypt(b"secret", table="t", column="c", row_id="1")
    assert b"secret" not in blob
    assert vault.decrypt(blob, table="t", column="c", row_id="1") == b"secret"
    # Moved to another row or column: refused, never silently shown.
    with pytest.raises(DecryptionError):
        vault.decrypt(blob, table="t", column="c", row_id="2")
    with pytest.raises(DecryptionError):
        vault.decrypt(blob, table="t", column="other", row_id="1")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(DecryptionError):
        vault.decrypt(tampered, table="t", column="c", row_id="1")


def test_same_plaintext_gives_different_ciphertexts() -> None:
    vault = Vault.new()
    first = vault.encrypt(b"x", table="t", column="c", row_id="1")
    assert first != vault.encrypt(b"x", table="t", column="c", row_id="1")


def test_data_key_wrapped_by_the_password() -> None:
    vault = Vault.new()
    salt = crypto.new_salt()
    wrapped = vault.wrap(crypto.derive_key("correct horse", salt, FAST_KDF))
    blob = vault.encrypt_json({"q1": "yes"}, table="t", column="c", row_id="1")
    good = Vault(crypto.unwrap_key(wrapped, crypto.derive_key("correct horse", salt, FAST_KDF)))
    assert good.decrypt_json(blob, table="t", column="c", row_id="1") == {"q1": "yes"}
    with pytest.raises(DecryptionError):
        crypto.unwrap_key(wrapped, crypto.derive_key("wrong horse", salt, FAST_KDF))


def test_closed_vault_refuses() -> None:
    vault = Vault.new()
    vault.close()
    assert not vault.is_open
    with pytest.raises(DecryptionError):
        vault.encrypt(b"x", table="t", column="c", row_id="1")


def test_default_costs_and_their_round_trip() -> None:
    params = KdfParams()
    assert (params.memory_cost, params.time_cost) == (65536, 3)  # 64 MiB, RFC 9106 option 2
    assert KdfParams.from_json(params.to_json()) == params
    assert params.password_hasher().hash("x").startswith("$argon2id$")
