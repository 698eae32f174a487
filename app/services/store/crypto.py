"""Encryption at rest of health data, reservations and signatures.

Envelope encryption with the `cryptography` package (AES-256-GCM, authenticated):
- one random 256-bit *data key* per database encrypts the sensitive columns;
- the data key is stored only *wrapped* (AES-GCM) by a key-encryption key derived
  from the agent's password with argon2id (argon2-cffi `hash_secret_raw`), so a
  copied database file reveals nothing without the password, and a password
  change re-wraps one key instead of re-encrypting every row.
Each ciphertext is bound to its table, column and row id (associated data), so a
blob copied onto another record fails to decrypt instead of showing wrong data.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_FORMAT = b"\x01"  # format byte: AES-256-GCM, 12-byte nonce
_NONCE = 12
_WRAP_AAD = b"propono:data-key:v1"


class DecryptionError(Exception):
    """Wrong key, or a ciphertext that was altered or moved to another record."""


@dataclass(frozen=True)
class KdfParams:
    """argon2id costs, stored with the agent so they can be raised later.

    Defaults follow RFC 9106's second recommended option (64 MiB, 3 passes),
    with 2 lanes for the 2-core laptops agents carry.
    """

    time_cost: int = 3
    memory_cost: int = 64 * 1024  # KiB
    parallelism: int = 2

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, int]) -> KdfParams:
        return cls(**{k: int(v) for k, v in data.items()})

    def password_hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_cost, parallelism=self.parallelism
        )


def new_salt() -> bytes:
    return os.urandom(16)


def derive_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    """The 256-bit key-encryption key of a password."""
    return hash_secret_raw(
        secret=password.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def wrap_key(data_key: bytes, kek: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return _FORMAT + nonce + AESGCM(kek).encrypt(nonce, data_key, _WRAP_AAD)


def unwrap_key(wrapped: bytes, kek: bytes) -> bytes:
    return _open(wrapped, kek, _WRAP_AAD)


def _open(blob: bytes, key: bytes, aad: bytes) -> bytes:
    if len(blob) < 1 + _NONCE + 16 or blob[:1] != _FORMAT:
        raise DecryptionError("not a Propono ciphertext")
    nonce, body = blob[1 : 1 + _NONCE], blob[1 + _NONCE :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as error:
        raise DecryptionError("wrong key or altered data") from error


def _aad(table: str, column: str, row_id: str) -> bytes:
    return f"propono:{table}.{column}:{row_id}".encode()


class Vault:
    """The unlocked data key of the logged-in agent; `close()` forgets it."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != 32:
            raise ValueError("a data key has 32 bytes")
        self._key: bytearray | None = bytearray(data_key)

    @classmethod
    def new(cls) -> Vault:
        return cls(AESGCM.generate_key(bit_length=256))

    @property
    def is_open(self) -> bool:
        return self._key is not None

    def _require(self) -> bytes:
        if self._key is None:
            raise DecryptionError("the vault is locked")
        return bytes(self._key)

    def wrap(self, kek: bytes) -> bytes:
        return wrap_key(self._require(), kek)

    def encrypt(self, plaintext: bytes, *, table: str, column: str, row_id: str) -> bytes:
        nonce = os.urandom(_NONCE)
        key = self._require()
        return _FORMAT + nonce + AESGCM(key).encrypt(nonce, plaintext, _aad(table, column, row_id))

    def decrypt(self, blob: bytes, *, table: str, column: str, row_id: str) -> bytes:
        return _open(blob, self._require(), _aad(table, column, row_id))

    def encrypt_json(self, value: Any, *, table: str, column: str, row_id: str) -> bytes:
        data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return self.encrypt(data, table=table, column=column, row_id=row_id)

    def decrypt_json(self, blob: bytes, *, table: str, column: str, row_id: str) -> Any:
        return json.loads(self.decrypt(blob, table=table, column=column, row_id=row_id))

    def close(self) -> None:
        """Overwrite the key bytes we own (copies Python made may remain until GC)."""
        if self._key is not None:
            for index in range(len(self._key)):
                self._key[index] = 0
        self._key = None
