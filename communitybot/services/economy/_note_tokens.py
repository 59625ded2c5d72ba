"""Signing and verifying bank note tokens: JSON Web Tokens (PyJWT), HS256 only.

A token's header names its signing key (``kid``); its claims are ``jti`` (the note's unique
token id), ``aud`` (the recipient's platform user id, as text), ``exp`` (required), ``iat``,
``nid`` (the note's id), ``eco`` (its economy) and ``amt`` (its amount in minor units). Whatever
is wrong with a token — its form, an unknown ``kid``, another algorithm (``none`` among them), a
broken signature, a missing or mistyped claim — is refused alike with :class:`InvalidNoteCode`.
The expiry is checked against the injected clock by the caller, not here.

PyJWT is imported on the first token signed or read, not with the module: the economy services
import this module, and ``communitybot run`` should not hold PyJWT (and the cryptography it loads
when installed) before anyone uses a bank note.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from communitybot.core.economy import NOTE_ALGORITHM, NOTE_TOKEN_MAX, NoteClaims, NoteKeyring
from communitybot.core.errors import InvalidNoteCode
from communitybot.core.ids import BankNoteId, EconomyId, MemberId
from communitybot.core.text import is_plain_number

_REQUIRED = ["exp", "jti", "aud", "nid", "eco", "amt"]


def sign(keyring: NoteKeyring, claims: NoteClaims, *, now: datetime) -> str:
    """The token of ``claims``, signed with the ring's current key (``claims.kid``)."""
    payload = {
        "jti": claims.jti,
        "aud": str(claims.recipient_id),
        "exp": int(claims.expires_at.timestamp()),
        "iat": int(now.timestamp()),
        "nid": claims.note_id,
        "eco": claims.economy_id,
        "amt": claims.amount,
    }
    import jwt

    secret = keyring.secret(claims.kid)
    assert secret is not None
    return jwt.encode(payload, secret, algorithm=NOTE_ALGORITHM, headers={"kid": claims.kid})


def _int(claims: dict[str, Any], name: str) -> int:
    value = claims[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidNoteCode()
    return value


def verify(keyring: NoteKeyring, token: str) -> NoteClaims:
    """What a token says, once its signature checks out with the key its ``kid`` names."""
    text = token.strip()
    if not text or len(text) > NOTE_TOKEN_MAX:
        raise InvalidNoteCode()
    import jwt

    try:
        header = jwt.get_unverified_header(text)
        kid = header.get("kid")
        secret = keyring.secret(kid)
        if secret is None or header.get("alg") != NOTE_ALGORITHM:
            raise InvalidNoteCode()
        claims = jwt.decode(
            text,
            secret,
            algorithms=[NOTE_ALGORITHM],
            options={
                "require": _REQUIRED,
                "verify_exp": False,  # by the injected clock, in the service
                "verify_aud": False,  # against whoever presents it, in the service
                "verify_iat": False,
            },
        )
    except jwt.PyJWTError:
        raise InvalidNoteCode() from None
    audience, jti = claims["aud"], claims["jti"]
    if not isinstance(audience, str) or not is_plain_number(audience):
        raise InvalidNoteCode()
    if not isinstance(jti, str) or not 1 <= len(jti) <= 36:
        raise InvalidNoteCode()
    return NoteClaims(
        note_id=BankNoteId(_int(claims, "nid")),
        jti=jti,
        recipient_id=MemberId(int(audience)),
        economy_id=EconomyId(_int(claims, "eco")),
        amount=_int(claims, "amt"),
        expires_at=datetime.fromtimestamp(_int(claims, "exp"), tz=UTC),
        kid=str(kid),
    )


__all__ = ["sign", "verify"]
