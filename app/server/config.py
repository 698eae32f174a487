"""Server configuration from the environment (or explicit values from the command line)."""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATABASE_URL = "PROPONO_SERVER_DATABASE_URL"
ENV_KEY = "PROPONO_SERVER_KEY"
ENV_KEY_FILE = "PROPONO_SERVER_KEY_FILE"


class ConfigError(ValueError):
    """A missing or malformed server setting; the message names it."""


def normalise_database_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and pin the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    raise ConfigError(f"{ENV_DATABASE_URL}: expected a postgresql:// URL, got {url!r}")


def decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError) as error:
        raise ConfigError(f"{source}: not base64 ({error})") from None
    if len(key) != 32:
        raise ConfigError(f"{source}: the server key must be 32 bytes, got {len(key)}")
    return key


def new_master_key() -> str:
    """A fresh server key, base64 text for PROPONO_SERVER_KEY or a key file."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


@dataclass(frozen=True)
class ServerConfig:
    database_url: str
    master_key: bytes

    @classmethod
    def from_env(cls, database_url: str | None = None, key_file: str | None = None) -> ServerConfig:
        url = database_url or os.environ.get(ENV_DATABASE_URL)
        if not url:
            raise ConfigError(f"{ENV_DATABASE_URL} is not set (or pass --database-url)")
        url = normalise_database_url(url)
        path = key_file or os.environ.get(ENV_KEY_FILE)
        if path:
            try:
                key = decode_key(Path(path).read_text(encoding="ascii"), f"key file {path}")
            except OSError as error:
                raise ConfigError(f"key file {path}: {error.strerror}") from None
        elif os.environ.get(ENV_KEY):
            key = decode_key(os.environ[ENV_KEY], ENV_KEY)
        else:
            raise ConfigError(f"{ENV_KEY} or {ENV_KEY_FILE} must hold the server key "
                              "(make one with `propono server-admin new-key`)")
        return cls(url, key)
