"""Encryption at rest on the server and token hashing.

Sensitive data (health answers, reservations, signatures, documents) is sealed with
AES-256-GCM under a key derived from the server's master key; the row's identity is
the associated data, so a ciphertext copied into another row does not open.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_FORMAT = b"\x01"  # leading byte: lets a later key or cipher change coexist with old rows


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class ServerKeys:
    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(_derive(master_key, b"propono server data v1"))
        self.bundle_private_key = X25519PrivateKey.from_private_bytes(
            _derive(master_key, b"propono bundle x25519 v1"))

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(12)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        if blob[:1] != _FORMAT:
            raise ValueError("unknown ciphertext format")
        return self._aead.decrypt(blob[1:13], blob[13:], aad)

    def seal_json(self, value: Any, aad: str) -> bytes:
        return self.seal(json.dumps(value, separators=(",", ":")).encode(), aad.encode())

    def open_json(self, blob: bytes, aad: str) -> Any:
        return json.loads(self.open(blob, aad.encode()))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash suffices (slow hashes are for passwords).
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)
