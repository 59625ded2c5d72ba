"""Accounts: open, rename, hand over, close, limits, and reading them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    BALANCE_LIMIT,
    NAME_MAX,
    Account,
    AccountType,
    KeyActor,
    Permission,
    PermissionRule,
    Principal,
    decide,
    subjects_for,
)
from communitybot.core.errors import (
    AccountInUse,
    AccountNotEmpty,
    AccountTypeForbids,
    AlreadyExists,
    AmountOutOfRange,
    IssuanceAccountForbidden,
)
from communitybot.core.ids import AccountId, EconomyId, MemberId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import exchanges as exchange_broker
from communitybot.db.brokers.economy import notes as note_broker
from communitybot.db.brokers.economy import permissions as rule_broker
from communitybot.db.brokers.economy import recurring as recurring_broker
from communitybot.db.brokers.economy import taxes as tax_broker
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._audited import record_entity
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    authorized_account,
    clean_name,
    facts,
    run_unique,
)

LIST_LIMIT = 1000
"""Most accounts one listing returns."""


_AUDITED_FIELDS = ("name", "account_type", "owner_id", "min_balance", "closed_at")


def _audited(
    session: Session,
    principal: Principal,
    change: str,
    before: Account | None,
    after: Account,
    now: datetime | None = None,
) -> Account:
    """Record the change of an account (only what changed) and return it as it is now."""
    record_entity(session, principal, "account", change, before, after, _AUDITED_FIELDS, now=now)
    return after


def open_account(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    name: str,
    account_type: AccountType = AccountType.USER,
    owner_id: MemberId | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Account:
    """Open an account with a zero balance (a USER account belongs to whoever acts unless
    ``owner_id`` names someone; other types may have no owner).

    One's own USER account needs ``OPEN_ACCOUNT`` in the economy (everyone's default); any other
    account (another owner, or a non-USER type) needs ``OPEN_SPECIAL_ACCOUNT``, and a GOVERNMENT
    account ``GOVERNMENT_OFFICIAL`` too. A USER account always has an owner. Refuses a second open
    USER account of the same owner, or a name taken in the economy, with ``AlreadyExists``.
    """
    clean = clean_name("account", name, NAME_MAX)
    owner = principal.user_id if owner_id is None and account_type is AccountType.USER else owner_id

    def run(session: Session) -> Account:
        now = clock.now()
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        own_user_account = account_type is AccountType.USER and owner == principal.user_id
        needed = [Permission.OPEN_ACCOUNT if own_user_account else Permission.OPEN_SPECIAL_ACCOUNT]
        if account_type is AccountType.GOVERNMENT:
            needed.append(Permission.GOVERNMENT_OFFICIAL)
        for permission in needed:
            authorize(session, principal, permission, economy_id=economy.id)
        if (
            account_type is AccountType.USER
            and owner is not None
            and account_broker.find_user_account(session, economy_id=economy.id, owner_id=owner)
        ):
            raise AlreadyExists(kind="account", field="owner_id", value=str(owner))
        if account_broker.find_account_by_name(session, economy_id=economy.id, name=clean):
            raise AlreadyExists(kind="account", field="name", value=clean)
        account_id = account_broker.insert_account(
            session,
            economy_id=economy.id,
            name=clean,
            account_type=account_type,
            owner_id=owner,
            now=now,
        )
        opened = account_broker.get_account(session, account_id=account_id)
        return _audited(session, principal, "open", None, opened, now)

    return run_unique(uow, run)


def _locked(session: Session, account_id: AccountId) -> Account:
    account = account_broker.get_account(session, account_id=account_id)
    economy_broker.get_economy(session, economy_id=account.economy_id)
    if account.is_issuance:
        raise IssuanceAccountForbidden(account_id=account.id)
    return EconomyStore(session, account.economy_id).lock([account.id])[account.id]


def rename_account(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId, new_name: str
) -> Account:
    """Rename a non-USER account. Needs ``LOGIN_AS_ACCOUNT`` on it; names are unique."""
    clean = clean_name("account", new_name, NAME_MAX)

    def run(session: Session) -> Account:
        account = _locked(session, account_id)
        if account.account_type is AccountType.USER:
            raise AccountTypeForbids(account_type=account.account_type.value, operation="rename")
        authorize(session, principal, Permission.LOGIN_AS_ACCOUNT, account=account)
        other = account_broker.find_account_by_name(
            session, economy_id=account.economy_id, name=clean
        )
        if other is not None and other.id != account.id:
            raise AlreadyExists(kind="account", field="name", value=clean)
        account_broker.rename_account(session, account_id=account.id, name=clean)
        renamed = account_broker.get_account(session, account_id=account.id)
        return _audited(session, principal, "rename", account, renamed)

    return run_unique(uow, run)


def transfer_ownership(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId, new_owner_id: MemberId
) -> Account:
    """Hand a non-USER account to ``new_owner_id``. Needs ``CLOSE_ACCOUNT`` on it (giving an
    account away ends one's hold on it as closing does)."""

    def run(session: Session) -> Account:
        account = _locked(session, account_id)
        if account.account_type is AccountType.USER:
            raise AccountTypeForbids(
                account_type=account.account_type.value, operation="transfer_ownership"
            )
        authorize(session, principal, Permission.CLOSE_ACCOUNT, account=account)
        account_broker.set_owner(session, account_id=account.id, owner_id=new_owner_id)
        handed = account_broker.get_account(session, account_id=account.id)
        return _audited(session, principal, "transfer_ownership", account, handed)

    return uow.run(run)


def close_account(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId, clock: Clock = SYSTEM_CLOCK
) -> Account:
    """Close an empty account (soft delete: the journal stays; name and user slot are freed).

    Needs ``CLOSE_ACCOUNT`` on it. Refuses ``AccountNotEmpty`` for a non-zero balance and
    ``AccountInUse`` while a tax bracket collects into it, an exchange from it is under way or a
    bank note it issued is outstanding. Its recurring transfers are cancelled.
    """

    def run(session: Session) -> Account:
        account = _locked(session, account_id)
        authorize(session, principal, Permission.CLOSE_ACCOUNT, account=account)
        if account.balance != 0:
            raise AccountNotEmpty(account_id=account.id, balance=account.balance)
        collecting = tax_broker.list_brackets_collected_by(session, account_id=account.id)
        if collecting:
            raise AccountInUse(account_id=account.id, by=f"tax_bracket:{collecting[0].name}")
        if exchange_broker.count_pending_from(session, account_id=account.id):
            raise AccountInUse(account_id=account.id, by="exchange")
        if note_broker.count_outstanding_from(session, account_id=account.id):
            raise AccountInUse(account_id=account.id, by="bank_note")
        recurring_broker.cancel_for_account(session, account_id=account.id)
        now = clock.now()
        account_broker.close_account(session, account_id=account.id, now=now)
        closed = account_broker.get_account(session, account_id=account.id)
        return _audited(session, principal, "close", account, closed, now)

    return uow.run(run)


def set_account_limit(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId, min_balance: int
) -> Account:
    """Set how low an account may go (negative: a line of credit). Needs ``MANAGE_FUNDS`` on it."""
    if not -BALANCE_LIMIT <= min_balance <= BALANCE_LIMIT:
        raise AmountOutOfRange(amount=min_balance, minimum=-BALANCE_LIMIT, maximum=BALANCE_LIMIT)

    def run(session: Session) -> Account:
        account = _locked(session, account_id)
        authorize(session, principal, Permission.MANAGE_FUNDS, account=account)
        account_broker.set_min_balance(session, account_id=account.id, min_balance=min_balance)
        limited = account_broker.get_account(session, account_id=account.id)
        return _audited(session, principal, "limit", account, limited)

    return uow.run(run)


def get_account(uow: UnitOfWork, principal: Principal, *, account_id: AccountId) -> Account:
    """An account with its balance. Needs ``VIEW_BALANCE`` on it."""

    def run(session: Session) -> Account:
        return authorized_account(session, principal, Permission.VIEW_BALANCE, account_id)

    return uow.read(run)


def resolve_account(uow: UnitOfWork, *, economy_id: EconomyId, name: str) -> AccountId | None:
    """The id of the open account called ``name`` (to pay it), or ``None``; no balance shown."""

    def run(session: Session) -> AccountId | None:
        account = account_broker.find_account_by_name(
            session, economy_id=economy_id, name=name.strip()
        )
        return None if account is None else account.id

    return uow.read(run)


def user_account_id(
    uow: UnitOfWork, *, economy_id: EconomyId, owner_id: MemberId
) -> AccountId | None:
    """The id of ``owner_id``'s open USER account in the economy (to pay it), or ``None``."""

    def run(session: Session) -> AccountId | None:
        account = account_broker.find_user_account(
            session, economy_id=economy_id, owner_id=owner_id
        )
        return None if account is None else account.id

    return uow.read(run)


def authable_accounts(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    permission: Permission = Permission.VIEW_BALANCE,
) -> list[Account]:
    """The open accounts of the economy on which ``principal`` holds ``permission``.

    Candidates are the accounts it owns and those named by its account-scoped rules; when it
    holds the permission economy-wide, every account (up to :data:`LIST_LIMIT`).
    """

    def run(session: Session) -> list[Account]:
        economy_broker.get_economy(session, economy_id=economy_id)
        rules: list[PermissionRule] = rule_broker.list_rules_for(
            session, subjects=subjects_for(principal), economy_id=economy_id
        )
        everywhere = decide(principal, permission, rules=rules, economy_id=economy_id).allowed
        if everywhere:
            candidates = account_broker.list_accounts(
                session, economy_id=economy_id, limit=LIST_LIMIT
            )
        else:
            named = {
                rule.scope.account_id
                for rule in rules
                if rule.scope.account_id is not None and rule.permission is permission
            }
            if isinstance(principal, KeyActor) and principal.account_id is not None:
                named.add(principal.account_id)
            candidates = account_broker.list_accounts(
                session, economy_id=economy_id, owner_id=principal.user_id, limit=LIST_LIMIT
            )
            candidates += account_broker.list_accounts(
                session,
                economy_id=economy_id,
                ids=[a for a in named if a is not None],
                limit=LIST_LIMIT,
            )
        unique = {account.id: account for account in candidates}
        return [
            account
            for account_id, account in sorted(unique.items())
            if decide(principal, permission, rules=rules, account=facts(account)).allowed
        ]

    return uow.read(run)


__all__ = [
    "LIST_LIMIT",
    "authable_accounts",
    "close_account",
    "get_account",
    "open_account",
    "rename_account",
    "resolve_account",
    "set_account_limit",
    "transfer_ownership",
    "user_account_id",
]
