"""Rules of money movement that need no database: transfer types, amounts, balance bounds."""

from __future__ import annotations

from dataclasses import replace

from communitybot.core.economy._model import BALANCE_LIMIT, Account, AccountType, TransactionType
from communitybot.core.errors import AccountClosed, AmountOutOfRange, CrossEconomy
from communitybot.core.ids import EconomyId
from communitybot.core.ledger import UNBOUNDED, Limits

ORGANISATIONS = frozenset(
    {
        AccountType.GOVERNMENT,
        AccountType.CORPORATION,
        AccountType.CHARITY,
        AccountType.FINANCIAL,
    }
)
"""Account types that are not a person's own account."""


def derive_transaction_type(payer: AccountType, payee: AccountType) -> TransactionType:
    """The type of a transfer between accounts of these types; nobody chooses it.

    - to a CORPORATION: PURCHASE (buying goods or services; VAT applies);
    - from an organisation to a USER: INCOME (wages, benefits, payouts; income tax applies);
    - anything else: PERSONAL (gifts, donations, deposits).
    """
    if payee is AccountType.CORPORATION:
        return TransactionType.PURCHASE
    if payee is AccountType.USER and payer in ORGANISATIONS:
        return TransactionType.INCOME
    return TransactionType.PERSONAL


def check_amount(amount: int) -> None:
    """Refuse an amount that is not a positive number of minor units within the balance bound."""
    if not 1 <= amount <= BALANCE_LIMIT:
        raise AmountOutOfRange(amount=amount, minimum=1, maximum=BALANCE_LIMIT)


ACCOUNT_RANGE = Limits(minimum=-BALANCE_LIMIT, maximum=BALANCE_LIMIT)
"""What an account's balance may hold: :data:`BALANCE_LIMIT` either way."""


def account_limits(account: Account) -> Limits:
    """The limits of an account's balance: down to its ``min_balance``, within
    :data:`ACCOUNT_RANGE`; the issuance account is unbounded (it goes negative by what was
    minted)."""
    if account.is_issuance:
        return UNBOUNDED
    return replace(ACCOUNT_RANGE, floor=account.min_balance)


def open_account(account: Account) -> Account:
    """``account`` if it is open, else :class:`AccountClosed`."""
    if not account.is_open:
        raise AccountClosed(account_id=account.id)
    return account


def same_economy(economy_id: EconomyId, other: EconomyId) -> None:
    """Refuse mixing two economies with :class:`CrossEconomy`."""
    if economy_id != other:
        raise CrossEconomy(economy_id=economy_id, other_economy_id=other)


__all__ = [
    "ACCOUNT_RANGE",
    "ORGANISATIONS",
    "account_limits",
    "check_amount",
    "derive_transaction_type",
    "open_account",
    "same_economy",
]
