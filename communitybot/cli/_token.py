"""What the bot-starting subcommands share: the configured bot token, or how to set one."""

from __future__ import annotations

import sys

from pydantic import SecretStr


def configured_token(token: SecretStr | None, *, how_to_start: str) -> str | None:
    """The token's text; ``None``, after printing ``how_to_start`` to stderr, if unset or empty."""
    if token is None or not token.get_secret_value():
        print(how_to_start, file=sys.stderr)
        return None
    return token.get_secret_value()


__all__ = ["configured_token"]
