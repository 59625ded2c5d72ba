"""Minting by emoji reaction (the reference's ``/mint``): a member holding ``MINT_BY_REACTION``
in the economy reacts to a message with the configured emoji, and the message's author receives
``amount`` in their USER account (opened on the spot, as the reference creates users lazily).

One mint per (message, reactor): the mint's idempotency key and the table's unique key both
name the pair, so a reaction removed and added again, or delivered twice, mints once. What a
reactor mints per UTC day is capped; the cap is decided on rows the decision reads, so it writes
the guard row ``reaction_mint:<economy>:<reactor>`` first (multi-primary clusters). The money
moves as a MINT leg through the one engine (:func:`transfers.issue_entry`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    NAME_MAX,
    Account,
    AccountType,
    Actor,
    EntryKind,
    Permission,
    ReactionMint,
    check_amount,
    check_reaction_mint,
    mint_key,
)
from communitybot.core.errors import AlreadyExists
from communitybot.core.ids import EconomyId, MemberId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import reactions as reaction_broker
from communitybot.db.brokers.guards import write_guards
from communitybot.db.idempotency import run_once
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import SYSTEM_CLOCK, authorize, clean_name
from communitybot.services.economy.transfers import issue_entry

OPERATION = "economy.reaction_mint"


def _author_account(
    session: Session, *, economy_id: EconomyId, author_id: MemberId, name: str, clock: Clock
) -> Account:
    """The author's open USER account, opened with ``name`` when they have none."""
    found = account_broker.find_user_account(session, economy_id=economy_id, owner_id=author_id)
    if found is not None:
        return found
    clean = clean_name("account", name, NAME_MAX)
    if account_broker.find_account_by_name(session, economy_id=economy_id, name=clean):
        raise AlreadyExists(kind="account", field="name", value=clean)
    account_id = account_broker.insert_account(
        session,
        economy_id=economy_id,
        name=clean,
        account_type=AccountType.USER,
        owner_id=author_id,
        now=clock.now(),
    )
    return account_broker.get_account(session, account_id=account_id)


def mint_by_reaction(
    uow: UnitOfWork,
    reactor: Actor,
    *,
    economy_id: EconomyId,
    message_id: int,
    author_id: MemberId,
    author_account_name: str,
    amount: int,
    daily_cap: int,
    clock: Clock = SYSTEM_CLOCK,
) -> ReactionMint:
    """Mint ``amount`` to the author of message ``message_id`` for ``reactor``'s reaction.

    Needs ``MINT_BY_REACTION`` in the economy (nobody's default). Refuses
    ``OwnMessageReaction`` (one's own message), ``ReactionMintCapReached`` (what the reactor
    minted in this economy today plus ``amount`` would pass ``daily_cap``), ``NotPermitted``,
    ``NotFound``, ``AmountOutOfRange``, ``BalanceOutOfRange``; nothing changes then. A second
    reaction of the same member to the same message returns the first mint and mints nothing.
    The author's USER account is opened as ``author_account_name`` when they have none.
    """
    check_amount(amount)

    def replay(session: Session, data: dict[str, Any]) -> ReactionMint:
        return reaction_broker.get_mint(session, mint_id=int(data["mint"]))

    def act(session: Session) -> tuple[ReactionMint, dict[str, Any]]:
        done = reaction_broker.find_mint_id(
            session, message_id=message_id, reactor_id=reactor.user_id
        )
        if done is not None:  # minted before: the key's claim fails and the replay answers
            return reaction_broker.get_mint(session, mint_id=done), {"mint": done}
        now = clock.now()
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        authorize(session, reactor, Permission.MINT_BY_REACTION, economy_id=economy.id)
        write_guards(session, [f"reaction_mint:{economy.id}:{reactor.user_id}"])
        check_reaction_mint(
            reactor_id=reactor.user_id,
            author_id=author_id,
            minted_today=reaction_broker.minted_on(
                session, economy_id=economy.id, reactor_id=reactor.user_id, day=now.date()
            ),
            amount=amount,
            cap=daily_cap,
        )
        account = _author_account(
            session,
            economy_id=economy.id,
            author_id=author_id,
            name=author_account_name,
            clock=clock,
        )

        def still_allowed(_locked: Mapping[int, Account]) -> None:
            authorize(session, reactor, Permission.MINT_BY_REACTION, economy_id=economy.id)

        entry = issue_entry(
            session,
            reactor,
            account_id=account.id,
            amount=amount,
            now=now,
            kind=EntryKind.MINT,
            check=still_allowed,
            detail="reaction_mint",
        )
        mint_id = reaction_broker.insert_mint(
            session,
            economy_id=economy.id,
            message_id=message_id,
            reactor_id=reactor.user_id,
            author_id=author_id,
            account_id=account.id,
            entry_id=entry.id,
            amount=amount,
            now=now,
        )
        return reaction_broker.get_mint(session, mint_id=mint_id), {"mint": mint_id}

    return run_once(
        uow, key=mint_key(message_id, reactor.user_id), op=OPERATION, act=act, replay=replay
    )


__all__ = ["OPERATION", "mint_by_reaction"]
