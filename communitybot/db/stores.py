"""The two stores of the money engine (:class:`~communitybot.core.ledger.LedgerStore`).

:class:`CommunityStore` keeps the community ledger in the documented ``users`` and
``transactions`` tables; :class:`EconomyStore` keeps one economy in its accounts, journal,
notification outbox and API key spending. Both lock their rows ``FOR UPDATE`` in ascending id
order and change balances by one relative ``UPDATE``
(:func:`~communitybot.db.ledger.add_to_balances`), in the caller's transaction. The engine that
drives them is :func:`communitybot.services.ledger.move`.

A :class:`CommunityStore` may be handed rows its caller has locked already, in a statement that
read more with them (a Confirm locks its pending transfer and both users at once), and a
:class:`~communitybot.db.ledger.Claim` its balance update writes too (the Confirm's idempotency
record): then the movement is the journal row and one ``UPDATE``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, replace
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, literal, select, union_all
from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo
from communitybot.core.community_rules import BALANCE_RANGE, balance_limits
from communitybot.core.economy import (
    ACCOUNT_RANGE,
    Account,
    EntryDetail,
    JournalEntry,
    KeyActor,
    Principal,
    account_limits,
    open_account,
    same_economy,
)
from communitybot.core.errors import NotFound, SpendingLimitExceeded, UnknownUser
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    JournalEntryId,
    RecurringTransferId,
    TransactionId,
    UserId,
)
from communitybot.core.ledger import UNBOUNDED, Leg, Limits
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import journal as journal_broker
from communitybot.db.brokers.economy import keys as key_broker
from communitybot.db.brokers.economy import notifications as outbox
from communitybot.db.ledger import Claim, add_to_balances
from communitybot.db.models.community import User
from communitybot.db.models.economy import AccountRow, JournalRow

_USERS = cast(Table, User.__table__)
_ACCOUNTS = cast(Table, AccountRow.__table__)


class CommunityStore:
    """The community ledger: balances in ``users``, one ``transactions`` row per leg (its
    detail is the reason).

    ``rules`` give the members' debt limits (``None``: no debt limit applies, as when a voucher
    settles for its external or the community pays a request); the MEDIUMINT range of the
    balance column always does (:func:`~communitybot.core.community_rules.balance_limits`).
    ``read_ruled`` makes the lock say which locked users have rules of their own (``ruled``).

    ``locked`` are users the caller has locked ``FOR UPDATE`` in this transaction already (in
    ascending id), with those of them that have rules of their own: :meth:`lock` then takes
    them instead of a statement. ``claim`` is written by the balance update (see
    :func:`~communitybot.db.ledger.add_to_balances`) with the first journal row's id; a claim
    already taken raises :class:`~communitybot.db.ledger.ClaimTaken` from :meth:`write`.
    """

    def __init__(
        self,
        session: Session,
        rules: CommunityRules | None = None,
        *,
        read_ruled: bool = False,
        locked: tuple[Mapping[UserId, UserInfo], Collection[int]] | None = None,
        claim: Claim | None = None,
    ) -> None:
        self.session = session
        self.rules = rules
        self.read_ruled = read_ruled
        self.ruled: frozenset[int] = frozenset()
        self.claim = claim
        self._locked = locked

    def lock(self, ids: Collection[int]) -> Mapping[int, UserInfo]:
        """Lock the users; :class:`UnknownUser` for the first one missing. With ``read_ruled``
        the same statement also finds which of them any of the community's rules applies to
        (kept in :attr:`ruled`, for the caller's check: the others need no read of rules).
        Users the store was given ``locked`` are not locked again."""
        if self._locked is not None:
            rows, ruled = self._locked
            for user_id in sorted(ids):
                if user_id not in rows:
                    raise UnknownUser(ref=f"#{user_id}")
            self.ruled = frozenset(ruled)
            return cast(Mapping[int, UserInfo], rows)
        if not self.read_ruled:
            return cast(Mapping[int, UserInfo], user_broker.lock_users(self.session, user_ids=ids))
        locked, ruled = user_broker.lock_users_ruled(self.session, user_ids=ids)
        self.ruled = frozenset(ruled)
        return cast(Mapping[int, UserInfo], locked)

    def limits(self, row: UserInfo) -> Limits:
        """The user's debt limit (under ``rules``) and the column range."""
        return balance_limits(row, self.rules)

    def write(
        self, legs: Sequence[Leg[str]], deltas: Mapping[int, int], rows: Mapping[int, UserInfo]
    ) -> list[TransactionId]:
        """One journal row per leg, then the relative updates (with the claim, if any, which
        names the first journal row)."""
        entries = [
            journal.insert_transaction(
                self.session,
                sender=leg.from_id,
                receiver=leg.to_id,
                amount=leg.amount,
                reason=leg.detail,
            )
            for leg in legs
        ]
        claimed_by = int(entries[0]) if entries and self.claim is not None else None
        add_to_balances(
            self.session,
            _USERS,
            deltas,
            claim=self.claim if claimed_by is not None else None,
            claimed_by=claimed_by,
        )
        return entries

    def balances(self) -> Mapping[int, tuple[int, Limits]]:
        """Every user's balance, within the column range."""
        stored = user_broker.balances(self.session)
        return {user_id: (balance, BALANCE_RANGE) for user_id, balance in stored.items()}

    def journal_balances(self) -> Mapping[int, int]:
        """Per user, received minus sent."""
        return journal.journal_balances(self.session)

    def non_positive(self) -> Sequence[tuple[int, int]]:
        """Journal rows with an amount of zero or less."""
        return [(row.id, row.amount) for row in journal.list_non_positive(self.session)]


@dataclass(eq=False)
class EconomyStore:
    """One economy: account balances, its journal (legs of a movement name the first as their
    parent), balance notifications for the subscribers in the outbox, and the spending of the
    API key that acts.

    A movement needs ``principal`` (the journal's actor; a key also spends) and ``now``;
    ``detail`` tells the notifications what happened, ``recurring_id`` marks an instalment, and
    ``system_ids`` name system accounts stored closed (the bank note vault) that the calling
    service moves money through on purpose. Reading the invariants needs only the economy.
    """

    session: Session
    economy_id: EconomyId
    _: KW_ONLY
    principal: Principal | None = None
    now: datetime | None = None
    detail: str = ""
    recurring_id: RecurringTransferId | None = None
    system_ids: Collection[AccountId] = ()

    def lock(self, ids: Collection[int]) -> Mapping[int, Account]:
        """Lock the accounts; each must exist (:class:`NotFound`), be in the economy
        (``CrossEconomy``) and be open (``AccountClosed``) unless it is a system account."""
        locked = account_broker.lock_accounts(self.session, ids=[AccountId(i) for i in ids])
        for account_id in sorted(ids):
            account = locked.get(AccountId(account_id))
            if account is None:
                raise NotFound(kind="account", ref=str(account_id))
            same_economy(self.economy_id, account.economy_id)
            if account_id not in self.system_ids:
                open_account(account)
        return cast(Mapping[int, Account], locked)

    def limits(self, row: Account) -> Limits:
        """The account's limit and ``BALANCE_LIMIT``; none on the issuance account."""
        return account_limits(row)

    def write(
        self,
        legs: Sequence[Leg[EntryDetail]],
        deltas: Mapping[int, int],
        rows: Mapping[int, Account],
    ) -> list[JournalEntry]:
        """The key's spending (``SpendingLimitExceeded`` when it does not fit), the relative
        updates, the journal rows, the notifications."""
        principal, now = self.principal, self.now
        if principal is None or now is None:
            msg = "a movement of an economy needs the principal and the time"
            raise ValueError(msg)
        key_id = principal.key_id if isinstance(principal, KeyActor) else None
        if key_id is not None:
            spending = sum(leg.amount for leg in legs if not rows[leg.from_id].is_issuance)
            if spending and not key_broker.spend(self.session, key_id=key_id, amount=spending):
                key = key_broker.get_key(self.session, key_id=key_id)
                raise SpendingLimitExceeded(
                    key_id=key.id, limit=key.spending_limit or 0, spent=key.spent, amount=spending
                )
        add_to_balances(self.session, _ACCOUNTS, deltas)
        entries: list[JournalEntry] = []
        parent: JournalEntryId | None = None
        for leg in legs:
            what = leg.detail
            entry = JournalEntry(
                id=JournalEntryId(0),  # the row's id, once written
                economy_id=self.economy_id,
                kind=what.kind,
                transaction_type=what.transaction_type,
                tax_type=what.tax_type,
                from_account_id=AccountId(leg.from_id),
                to_account_id=AccountId(leg.to_id),
                amount=leg.amount,
                actor_id=principal.user_id,
                key_id=key_id,
                parent_id=parent,
                tax_bracket_id=what.tax_bracket_id,
                tax_cycle_id=None,
                recurring_id=self.recurring_id,
                created_at=now,
            )
            entry_id = journal_broker.insert_entry(self.session, entry)
            entries.append(replace(entry, id=entry_id))
            parent = parent or entry_id
        if entries:
            outbox.enqueue_balance_updates(
                self.session,
                economy_id=self.economy_id,
                journal_id=entries[0].id,
                deltas={AccountId(a): d for a, d in deltas.items()},
                detail=self.detail,
                now=now,
            )
        return entries

    def balances(self) -> Mapping[int, tuple[int, Limits]]:
        """Every account's balance and limits."""
        rows = self.session.execute(
            select(AccountRow.id, AccountRow.balance, AccountRow.is_issuance).where(
                AccountRow.economy_id == self.economy_id
            )
        )
        return {
            int(account_id): (balance, UNBOUNDED if issuance else ACCOUNT_RANGE)
            for account_id, balance, issuance in rows
        }

    def journal_balances(self) -> Mapping[int, int]:
        """Per account of the economy's journal, received minus sent."""
        of_economy = JournalRow.economy_id == self.economy_id
        legs = union_all(
            select(
                JournalRow.to_account_id.label("account"), JournalRow.amount.label("delta")
            ).where(of_economy),
            select(
                JournalRow.from_account_id.label("account"),
                (literal(0) - JournalRow.amount).label("delta"),
            ).where(of_economy),
        ).subquery()
        rows = self.session.execute(
            select(legs.c.account, func.sum(legs.c.delta)).group_by(legs.c.account)
        )
        return {int(account): int(total) for account, total in rows}

    def non_positive(self) -> Sequence[tuple[int, int]]:
        """Journal rows of the economy with an amount of zero or less."""
        rows = self.session.execute(
            select(JournalRow.id, JournalRow.amount).where(
                JournalRow.economy_id == self.economy_id, JournalRow.amount <= 0
            )
        )
        return [(int(row_id), int(amount)) for row_id, amount in rows]


__all__ = ["CommunityStore", "EconomyStore"]
