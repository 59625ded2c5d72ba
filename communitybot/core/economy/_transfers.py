"""Rules of money movement that need no database: transfer types, amounts, balance bounds."""

from __future__ import annotations

from communitybot.core.economy._model import BALANCE_LIMIT, AccountType, TransactionType
from communitybot.core.errors import (
    AccountBalanceOutOfRange,
    AmountOutOfRange,
    InsufficientBalance,
)
from communitybot.core.ids import AccountId

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


def check_debit(*, account_id: AccountId, balance: int, needed: int, limit: int) -> None:
    """Refuse taking ``needed`` from ``balance`` if that goes below the account's ``limit``."""
    if balance - needed < limit:
        raise InsufficientBalance(
            account_id=account_id, balance=balance, needed=needed, limit=limit
        )


def check_credit(*, account_id: AccountId, balance: int, delta: int) -> None:
    """Refuse adding ``delta`` to ``balance`` if that passes :data:`BALANCE_LIMIT`."""
    if balance + delta > BALANCE_LIMIT:
        raise AccountBalanceOutOfRange(
            account_id=account_id, balance=balance, delta=delta, maximum=BALANCE_LIMIT
        )


__all__ = [
    "ORGANISATIONS",
    "check_amount",
    "check_credit",
    "check_debit",
    "derive_transaction_type",
]
