"""The offline bundle: pending changes and documents in one encrypted, signed file.

For days without network the laptop writes a bundle that the back office imports
(`propono export-bundle` / `propono import-bundle`). The contents are encrypted for the
server only (X25519 key agreement with an ephemeral key, HKDF-SHA256, AES-256-GCM) and
the file is signed with the laptop's Ed25519 key, registered with the server during an
online sync, so the server knows which agent made it and that nobody altered it.
The same journal change ids travel inside, so an import is exactly-once like a push.

File: one JSON object; `signature` covers every other member (canonical JSON), and the
header members are the cipher's associated data.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "propono-bundle"
VERSION = 1
SUFFIX = ".propono-bundle"
_HEADER = ("format", "version", "bundle_id", "accreditation", "created_at", "counts", "epk")


class BundleError(ValueError):
    """A bundle that cannot be read: the message says why (never half-imported)."""


@dataclass(frozen=True)
class Bundle:
    bundle_id: uuid.UUID
    accreditation: str
    created_at: str
    changes: list[dict[str, Any]]
    documents: list[dict[str, Any]]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: Any, member: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except ValueError:
        raise BundleError(f"bundle member {member!r} is not base64") from None


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _content_key(shared: bytes, epk: bytes, server_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + server_public,
                info=b"propono bundle v1").derive(shared)


def encode(*, accreditation: str, signing_key: Ed25519PrivateKey, server_public_key: bytes,
           changes: list[dict[str, Any]], documents: list[dict[str, Any]],
           created_at: str, bundle_id: uuid.UUID | None = None) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(server_public_key))
    header = {"format": FORMAT, "version": VERSION,
              "bundle_id": str(bundle_id or uuid.uuid4()), "accreditation": accreditation,
              "created_at": created_at,
              "counts": {"changes": len(changes), "documents": len(documents)},
              "epk": _b64(epk)}
    nonce = os.urandom(12)
    plaintext = gzip.compress(_canonical({"changes": changes, "documents": documents}), 6)
    ciphertext = AESGCM(_content_key(shared, epk, server_public_key)).encrypt(
        nonce, plaintext, _canonical(header))
    signed = header | {"nonce": _b64(nonce), "ciphertext": _b64(ciphertext)}
    signed["signature"] = _b64(signing_key.sign(_canonical(signed)))
    return _canonical(signed)


def write(path: Path, data: bytes) -> None:
    """All or nothing: a half-written bundle never carries the final name."""
    temporary = path.with_name(path.name + ".part")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def decode(data: bytes, *, server_private_key: X25519PrivateKey,
           verify_key_for: Callable[[str], bytes | None]) -> Bundle:
    """Check the signature of the named agent's laptop, then decrypt."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise BundleError("not a Propono bundle (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleError("not a Propono bundle (format member missing)")
    if document.get("version") != VERSION:
        raise BundleError(f"bundle version {document.get('version')!r} is not supported")
    missing = [m for m in (*_HEADER, "nonce", "ciphertext", "signature") if m not in document]
    if missing:
        raise BundleError(f"bundle members missing: {', '.join(missing)}")
    accreditation = str(document["accreditation"])
    public = verify_key_for(accreditation)
    if public is None:
        raise BundleError(f"agent {accreditation}: unknown, or no laptop key registered "
                          "(sync online once before using bundles)")
    signature = _unb64(document.pop("signature"), "signature")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _canonical(document))
    except InvalidSignature:
        raise BundleError(f"bundle signature does not match agent {accreditation}'s laptop key: "
                          "altered or not theirs") from None
    header = {member: document[member] for member in _HEADER}
    epk = _unb64(document["epk"], "epk")
    server_public = server_private_key.public_key().public_bytes_raw()
    try:
        shared = server_private_key.exchange(X25519PublicKey.from_public_bytes(epk))
        plaintext = AESGCM(_content_key(shared, epk, server_public)).decrypt(
            _unb64(document["nonce"], "nonce"), _unb64(document["ciphertext"], "ciphertext"),
            _canonical(header))
    except (InvalidTag, ValueError):
        raise BundleError("bundle cannot be decrypted with this server's key") from None
    payload = json.loads(gzip.decompress(plaintext))
    try:
        bundle_id = uuid.UUID(str(document["bundle_id"]))
    except ValueError:
        raise BundleError("bundle_id is not a UUID") from None
    return Bundle(bundle_id, accreditation, str(document["created_at"]),
                  list(payload.get("changes", [])), list(payload.get("documents", [])))
