"""The optional discord.py adapter: slash commands on the economy core (``pip install .[discord]``).

Same shape as the Telegram adapter: thin handlers (parse, one service call in a worker thread,
present), texts from the one message catalogue in the interaction's language, one error handler
on the command tree, and no database access of its own. :func:`build_bot` makes the bot of a
container; :func:`run_bot` connects it to Discord; balance notifications from the economy outbox
are sent as direct messages by a background task (:class:`Notifier`), and another
(:class:`Scheduler`) pays due recurring instalments and expires bank notes.
"""

from communitybot.discord._bot import (
    RECENT_INTERACTIONS,
    UNEXPECTED,
    EconomyBot,
    EconomyTree,
    RecentInteractions,
    build_bot,
    configured_bot,
    failure_text,
    run_bot,
    use_api_base,
)
from communitybot.discord._call import Call, make_actor
from communitybot.discord._cog import DEFER_AFTER, CogKit, EconomyCog
from communitybot.discord._notify import NOTIFY_INTERVAL, Notifier
from communitybot.discord._present import Context
from communitybot.discord._schedule import RoundReport, Scheduler
from communitybot.discord.cogs import COGS, economy_cogs
from communitybot.runtime import Refused, interaction_key

__all__ = [
    "COGS",
    "DEFER_AFTER",
    "NOTIFY_INTERVAL",
    "RECENT_INTERACTIONS",
    "UNEXPECTED",
    "Call",
    "CogKit",
    "Context",
    "EconomyBot",
    "EconomyCog",
    "EconomyTree",
    "Notifier",
    "RecentInteractions",
    "Refused",
    "RoundReport",
    "Scheduler",
    "build_bot",
    "configured_bot",
    "economy_cogs",
    "failure_text",
    "interaction_key",
    "make_actor",
    "run_bot",
    "use_api_base",
]
