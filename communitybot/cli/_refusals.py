"""Refusals of the admin commands as one sentence each, from the chat adapters' catalogues.

Community and generic errors are worded by the Telegram message catalogue (in the configured
``locale``), economy errors by the Discord adapter's table when discord.py is installed; a few
keys of the catalogue (``cli.*``) word what reads differently for an administrator: users are
named by their reference, and an unknown outcome may be retried by running the same command.
HTML and Markdown of the chat texts become plain text.
"""

from __future__ import annotations

import html
import re

from communitybot.bootstrap import build_container
from communitybot.core.errors import DomainError, OutcomeUnknown, UnknownUser
from communitybot.core.ids import UserId
from communitybot.services import community as svc
from communitybot.settings import Settings
from communitybot.telegram import ErrorContext, default_catalogue, describe_error, user_ids_in
from communitybot.telegram import mapped_errors as telegram_mapped

_TAGS = re.compile(r"<[^>]+>")
_DISCORD_MENTION = re.compile(r"<@!?(\d+)>")
_DISCORD_ESCAPE = re.compile(r"\\(.)")


def describe_refusal(error: DomainError, settings: Settings) -> str:
    """The sentence telling an administrator why ``error`` refused the command."""
    t = default_catalogue(settings.locale).translator()
    if isinstance(error, OutcomeUnknown):
        return _plain(t("cli.outcome_unknown", operation=error.operation))
    if isinstance(error, UnknownUser):
        return _plain(t("cli.unknown_user", ref=error.ref[:64]))
    chat_worded = telegram_mapped()
    if not any(cls in chat_worded for cls in type(error).__mro__):
        economy = _economy_text(error)
        if economy is not None:
            return economy
    context = ErrorContext(names=_names(error, settings))
    return _plain(describe_error(error, t, context))


def _names(error: DomainError, settings: Settings) -> dict[int, str]:
    """Display names of the users ``error`` names by id, as ``Name (#id)``; best effort."""
    wanted = user_ids_in(error)
    if not wanted:
        return {}
    names: dict[int, str] = {}
    try:
        container = build_container(settings)
    except Exception:  # noqa: BLE001 - the sentence names "this person" instead
        return names
    try:
        for user_id in sorted(wanted):
            try:
                user = svc.get_user(container.uow, user=UserId(user_id))
            except DomainError:  # gone: the sentence says "this person"
                continue
            names[user_id] = f"{user.name} (#{user_id})"
    except Exception:  # noqa: BLE001 - the database is away: the refusal is told all the same
        return {}
    finally:
        container.close()
    return names


def _economy_text(error: DomainError) -> str | None:
    """The Discord adapter's text for an economy error, as plain text; ``None`` without it."""
    try:
        from communitybot.discord import describe_error as describe_economy_error
    except ImportError:  # discord.py is an optional extra
        return None
    text = describe_economy_error(error)
    text = _DISCORD_MENTION.sub(r"user \1", text).replace("**", "").replace("`", "")
    return _DISCORD_ESCAPE.sub(r"\1", text)


def _plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", text))


__all__ = ["describe_refusal"]
