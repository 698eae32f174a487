"""The offline bundle format: encrypted for the server, signed by the laptop."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.services.sync import bundle

LAPTOP = Ed25519PrivateKey.generate()
SERVER = X25519PrivateKey.generate()
CHANGE = {"change_id": str(uuid.uuid4()), "seq": 1, "entity_type": "answer_set",
          "entity_id": str(uuid.uuid4()), "fields": {"answers": {"q7": "Morbus Crohn"}}}


def encoded(**overrides: object) -> bytes:
    options: dict[str, object] = {
        "accreditation": "AG-1001", "signing_key": LAPTOP,
        "server_public_key": SERVER.public_key().public_bytes_raw(), "changes": [CHANGE],
        "documents": [{"id": str(uuid.uuid4()), "content": base64.b64encode(b"%PDF").decode()}],
        "created_at": "2026-06-15T09:00:00+00:00"}
    options.update(overrides)
    return bundle.encode(**options)  # type: ignore[arg-type]


def keys_for(accreditation: str) -> bytes | None:
    return LAPTOP.public_key().public_bytes_raw() if accreditation == "AG-1001" else None


def test_round_trip_and_nothing_readable_inside() -> None:
    data = encoded()
    assert b"Crohn" not in data and b"PDF" not in data
    read = bundle.decode(data, server_private_key=SERVER, verify_key_for=keys_for)
    assert (read.accreditation, read.changes, len(read.documents)) == ("AG-1001", [CHANGE], 1)


def test_an_altered_bundle_is_rejected() -> None:
    document = json.loads(encoded())
    document["counts"]["changes"] = 0  # even a header member
    with pytest.raises(bundle.BundleError, match="signature"):
        bundle.decode(json.dumps(document).encode(), server_private_key=SERVER,
                      verify_key_for=keys_for)
    document = json.loads(encoded())
    cipher = bytearray(base64.b64decode(document["ciphertext"]))
    cipher[10] ^= 1
    document["ciphertext"] = base64.b64encode(bytes(cipher)).decode()
    with pytest.raises(bundle.BundleError, match="signature"):
        bundle.decode(json.dumps(document).encode(), server_private_key=SERVER,
                      verify_key_for=keys_for)


def test_a_bundle_signed_by_another_laptop_is_rejected() -> None:
    data = encoded(signing_key=Ed25519PrivateKey.generate())
    with pytest.raises(bundle.BundleError, match="AG-1001's laptop key"):
        bundle.decode(data, server_private_key=SERVER, verify_key_for=keys_for)


def test_unknown_agent_and_wrong_server_are_named() -> None:
    with pytest.raises(bundle.BundleError, match="agent AG-9: unknown"):
        bundle.decode(encoded(accreditation="AG-9"), server_private_key=SERVER,
                      verify_key_for=keys_for)
    with pytest.raises(bundle.BundleError, match="cannot be decrypted"):
        bundle.decode(encoded(), server_private_key=X25519PrivateKey.generate(),
                      verify_key_for=keys_for)
    with pytest.raises(bundle.BundleError, match="not a Propono bundle"):
        bundle.decode(b"PK\x03\x04", server_private_key=SERVER, verify_key_for=keys_for)
