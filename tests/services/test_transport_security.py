"""Health answers never travel in clear (issue 19, item 8): only https:// with the
certificate verified, except a server on this machine (loopback) for tests and
development."""

import ssl

import pytest

from app.services.sync.api import HttpTransport


@pytest.mark.parametrize("url", [
    "http://sync.insurer.example", "http://10.0.0.5:8000", "http://192.168.1.20",
    "http://propono-sync:8000", "http://127.0.0.1.example.org",
])
def test_plain_http_to_another_machine_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        HttpTransport(url, "AG-123", "token")


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000",
                                 "http://[::1]:8000", "http://127.0.0.2"])
def test_loopback_may_speak_http(url: str) -> None:
    assert not HttpTransport(url, "AG-123", "token").https


def test_https_verifies_the_certificate() -> None:
    transport = HttpTransport("https://sync.insurer.example", "AG-123", "token")
    assert transport.https and transport.ssl_context is not None
    assert transport.ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert transport.ssl_context.check_hostname


@pytest.mark.parametrize("url", ["ftp://sync.example", "sync.example", "https://", "notaurl"])
def test_what_is_no_server_address_is_named(url: str) -> None:
    with pytest.raises(ValueError, match="server URL"):
        HttpTransport(url, "AG-123", "token")
