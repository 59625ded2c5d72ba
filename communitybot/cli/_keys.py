"""``communitybot economy application ...`` and ``communitybot economy key ...``: applications
and their API keys from the shell, acting as ``--actor`` and checked like any other request.

``key issue`` prints the key's token once (only its hash is stored); the other commands print
what they changed, tab-separated: ``id, application, type, account, limit, spent, state``.
"""

from __future__ import annotations

import argparse
from typing import Any

from communitybot.cli._guard import initialised
from communitybot.cli._text import text, usage
from communitybot.core.economy import Actor, ApiKey, KeyType
from communitybot.core.ids import AccountId, ApiKeyId, ApplicationId, MemberId
from communitybot.core.text import is_plain_number
from communitybot.services.economy import keys
from communitybot.settings import Settings

EXIT_OK = 0


def number(value: str) -> int:
    """An id or an amount in minor units: ASCII digits only."""
    if not is_plain_number(value):
        raise argparse.ArgumentTypeError(usage("cli.arg.not_positive", text=repr(value)))
    return int(value)


def _actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", type=number, required=True, help="platform user id acting")


def register_actions(actions: Any) -> None:
    """Add ``application`` and ``key`` to ``communitybot economy``."""
    application = actions.add_parser("application", help="create, list or delete applications")
    verbs = application.add_subparsers(dest="verb", metavar="VERB", required=True)
    create = verbs.add_parser("create", help="create an application in an economy")
    _actor(create)
    create.add_argument("--economy", required=True, help="currency name or id")
    create.add_argument("--owner", type=number, help="owner's platform user id (default: actor)")
    create.add_argument("name", help="the application's name")
    create.set_defaults(handler=run_application_create)
    listing = verbs.add_parser("list", help="the actor's applications")
    _actor(listing)
    listing.set_defaults(handler=run_application_list)
    delete = verbs.add_parser("delete", help="delete an application and every key it made")
    _actor(delete)
    delete.add_argument("id", type=number, help="application id")
    delete.set_defaults(handler=run_application_delete)

    key = actions.add_parser("key", help="issue, activate, enable, disable, delete or list keys")
    verbs = key.add_subparsers(dest="verb", metavar="VERB", required=True)
    issue = verbs.add_parser("issue", help="issue a key; its token is shown only now")
    _actor(issue)
    issue.add_argument("--application", type=number, required=True, help="application id")
    issue.add_argument("--issuer", type=number, help="on whose authority (default: actor)")
    issue.add_argument("--type", choices=("grant", "master"), default="grant")
    issue.add_argument("--account", type=number, help="the account of a grant key")
    issue.add_argument("--spending-limit", type=number, help="in minor units (cents)")
    issue.add_argument("--enable", action="store_true", help="enabled at once")
    issue.set_defaults(handler=run_key_issue)
    for verb, what in (
        ("activate", "the issuer consents to the key acting for them"),
        ("enable", "enable a key"),
        ("disable", "disable a key"),
        ("delete", "delete a key for good"),
    ):
        change = verbs.add_parser(verb, help=what)
        _actor(change)
        change.add_argument("id", type=number, help="key id")
        change.set_defaults(handler=run_key_change, change=verb)
    listing = verbs.add_parser("list", help="the keys of an application (never their secrets)")
    _actor(listing)
    listing.add_argument("--application", type=number, required=True, help="application id")
    listing.set_defaults(handler=run_key_list)


def key_line(key: ApiKey) -> str:
    """A key as one tab-separated line."""
    state = key.unusable_reason or "usable"
    account = "-" if key.account_id is None else str(key.account_id)
    limit = "-" if key.spending_limit is None else str(key.spending_limit)
    kind = key.key_type.value.lower()
    return f"{key.id}\t{key.application_id}\t{kind}\t{account}\t{limit}\t{key.spent}\t{state}"


def run_application_create(args: argparse.Namespace, settings: Settings) -> int:
    """Create an application; print its id."""
    from communitybot.cli._economy import _economy

    with initialised(settings) as container:
        economy = _economy(container, args.economy)
        made = keys.create_application(
            container.uow,
            Actor(MemberId(args.actor)),
            economy_id=economy.id,
            name=args.name,
            owner_id=None if args.owner is None else MemberId(args.owner),
            clock=container.clock,
        )
    print(text(settings, "cli.application.created", id=made.id, name=made.name))
    return EXIT_OK


def run_application_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print the actor's applications: id, economy, name."""
    with initialised(settings) as container:
        found = keys.list_applications(container.uow, Actor(MemberId(args.actor)))
    for application in found:
        print(f"{application.id}\t{application.economy_id}\t{application.name}")
    return EXIT_OK


def run_application_delete(args: argparse.Namespace, settings: Settings) -> int:
    """Delete an application and its keys."""
    with initialised(settings) as container:
        keys.delete_application(
            container.uow,
            Actor(MemberId(args.actor)),
            application_id=ApplicationId(args.id),
            clock=container.clock,
        )
    print(text(settings, "cli.application.deleted", id=args.id))
    return EXIT_OK


def run_key_issue(args: argparse.Namespace, settings: Settings) -> int:
    """Issue a key; print its line and, once, its token."""
    with initialised(settings) as container:
        issued = keys.create_key(
            container.uow,
            Actor(MemberId(args.actor)),
            application_id=ApplicationId(args.application),
            issuer_id=MemberId(args.actor if args.issuer is None else args.issuer),
            key_type=KeyType.GRANT if args.type == "grant" else KeyType.MASTER,
            account_id=None if args.account is None else AccountId(args.account),
            spending_limit=args.spending_limit,
            enable=args.enable,
            clock=container.clock,
        )
    print(key_line(issued.key))
    print(text(settings, "cli.key.token", token=issued.token))
    return EXIT_OK


_CHANGES = {
    "activate": keys.activate_key,
    "enable": keys.enable_key,
    "disable": keys.disable_key,
    "delete": keys.delete_key,
}


def run_key_change(args: argparse.Namespace, settings: Settings) -> int:
    """Activate, enable, disable or delete a key; print it as it is now."""
    with initialised(settings) as container:
        key = _CHANGES[args.change](
            container.uow, Actor(MemberId(args.actor)), key_id=ApiKeyId(args.id)
        )
    print(key_line(key))
    return EXIT_OK


def run_key_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print the keys of an application."""
    with initialised(settings) as container:
        found = keys.list_keys(
            container.uow,
            Actor(MemberId(args.actor)),
            application_id=ApplicationId(args.application),
        )
    for key in found:
        print(key_line(key))
    return EXIT_OK


__all__ = [
    "key_line",
    "number",
    "register_actions",
    "run_application_create",
    "run_application_delete",
    "run_application_list",
    "run_key_change",
    "run_key_issue",
    "run_key_list",
]
