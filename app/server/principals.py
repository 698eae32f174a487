"""Agents and back-office users: enrolment, tokens, authentication."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.crypto import hash_token, new_token, token_matches
from app.server.models import ROLES, Principal


class PrincipalError(ValueError):
    pass


def create(session: Session, accreditation: str, name: str, role: str = "agent") -> tuple[Principal, str]:
    """A new principal and its token (shown once; only its hash is stored)."""
    accreditation = accreditation.strip()
    if not accreditation:
        raise PrincipalError("accreditation: must not be empty")
    if role not in ROLES:
        raise PrincipalError(f"role: expected one of {ROLES}, got {role!r}")
    if session.execute(select(Principal.id).where(
            Principal.accreditation == accreditation)).first() is not None:
        raise PrincipalError(f"accreditation {accreditation}: already enrolled")
    token = new_token()
    principal = Principal(accreditation=accreditation, name=name.strip() or accreditation,
                          role=role, token_hash=hash_token(token), active=True)
    session.add(principal)
    session.flush()
    return principal, token


def find(session: Session, accreditation: str) -> Principal | None:
    return session.execute(select(Principal).where(
        Principal.accreditation == accreditation)).scalar_one_or_none()


def rotate_token(session: Session, accreditation: str) -> str:
    principal = find(session, accreditation)
    if principal is None:
        raise PrincipalError(f"accreditation {accreditation}: not enrolled")
    token = new_token()
    principal.token_hash = hash_token(token)
    principal.active = True
    return token


def authenticate(session: Session, accreditation: str, token: str) -> Principal | None:
    principal = find(session, accreditation)
    if principal is None or not principal.active:
        # Compare anyway: the answer takes as long for an unknown accreditation.
        token_matches(token, "0" * 64)
        return None
    return principal if token_matches(token, principal.token_hash) else None
