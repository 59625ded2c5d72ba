"""Refusals of the admin commands as one sentence each, from the one message catalogue.

Every domain error is worded by :mod:`communitybot.runtime.catalogue` in the configured
``locale``, as plain text; a few keys (``cli.*``) word what reads differently for an
administrator: users are named by their reference, and an unknown outcome may be retried by
running the same command.
"""

from __future__ import annotations

from communitybot.bootstrap import build_container
from communitybot.core.errors import DomainError, OutcomeUnknown, UnknownUser
from communitybot.core.ids import UserId
from communitybot.runtime.catalogue import PLAIN, ErrorContext, describe, user_ids_in
from communitybot.runtime.catalogue import default_catalogue as catalogue
from communitybot.services import community as svc
from communitybot.settings import Settings


def describe_refusal(error: DomainError, settings: Settings) -> str:
    """The sentence telling an administrator why ``error`` refused the command."""
    t = catalogue(settings.locale, render=PLAIN).translator()
    if isinstance(error, OutcomeUnknown):
        return str(t("cli.outcome_unknown", operation=error.operation))
    if isinstance(error, UnknownUser):
        return str(t("cli.unknown_user", ref=error.ref[:64]))
    context = ErrorContext(names=_names(error, settings))
    return describe(error, locale=settings.locale, render=PLAIN, context=context)


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


__all__ = ["describe_refusal"]
