"""Vouching: an active internal user answers for an external user's debts."""

from __future__ import annotations

from communitybot.core.community import VouchEndReceipt, VouchInfo
from communitybot.core.ids import TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db.uow import UnitOfWork
from communitybot.services.community.users import UserRef


def vouch(
    uow: UnitOfWork, rules: CommunityRules, *, voucher_tid: TelegramId, external: UserRef
) -> VouchInfo:
    """Let the user of ``voucher_tid`` vouch for ``external`` (sets ``externals.internal``).

    Raises ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed`` (the voucher is external),
    ``CommunityUserNotAllowed``, ``NotExternal`` (the target is internal), ``AlreadyVouched`` (it
    has a voucher, possibly this one), ``TooManyVouchees`` (``rules.max_vouchees``).
    """
    ...


def stop_vouching(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    voucher_tid: TelegramId,
    external: UserRef,
    key: str,
) -> VouchEndReceipt:
    """End vouching for ``external`` and settle its balance against the voucher.

    One transaction: a debt of the external is paid by the voucher, a credit goes to the voucher
    (reason ``vouch: ...``), so the external ends at 0 and without voucher. Debt limits do not
    apply to the settlement (the voucher answers for the debt); the MEDIUMINT range does.
    Raises ``UnknownUser``, ``InactiveUser`` (the voucher), ``NotVouching``, ``BalanceOutOfRange``.
    """
    ...


def list_vouchees(uow: UnitOfWork, *, voucher_tid: TelegramId) -> tuple[VouchInfo, ...]:
    """The externals the user of ``voucher_tid`` vouches for, by name. Raises ``UnknownUser``."""
    ...


def get_vouch_info(uow: UnitOfWork, *, external: UserRef) -> VouchInfo:
    """The voucher of an external user. Raises ``UnknownUser``, ``NotExternal``."""
    ...


__all__ = ["get_vouch_info", "list_vouchees", "stop_vouching", "vouch"]
