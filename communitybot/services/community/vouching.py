"""Vouching: an active internal user answers for an external user's debts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import VouchEndReceipt, VouchInfo
from communitybot.core.community_rules import Action
from communitybot.core.errors import (
    AlreadyVouched,
    CommunityUserNotAllowed,
    NotExternal,
    NotVouching,
    TooManyVouchees,
)
from communitybot.core.ids import CollectiveId, TelegramId, TransactionId
from communitybot.core.notices import NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import (
    UserRef,
    journal_claim,
    lock_open_collectives,
    resolve_user_id,
    run_once,
)
from communitybot.services.community.notices import owed, still_owed, vouch_notices
from communitybot.services.community.standing import check_member
from communitybot.services.community.users import settle_vouchee

_OP_END = "unvouch"


def vouch(
    uow: UnitOfWork, rules: CommunityRules, *, voucher_tid: TelegramId, external: UserRef
) -> VouchInfo:
    """Let the user of ``voucher_tid`` vouch for ``external`` (sets ``externals.internal``).

    Both users' rows are locked (ascending id), so the count of vouchees cannot race. Raises
    ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed`` (the voucher is external),
    ``CommunityUserNotAllowed``, ``NotExternal`` (the target is internal), ``AlreadyVouched`` (it
    has a voucher, possibly this one), ``TooManyVouchees`` (``rules.max_vouchees``).
    """

    def work(session: Session) -> VouchInfo:
        voucher_id = user_broker.get_user_id_by_tid(session, tid=voucher_tid)
        external_id = resolve_user_id(session, external)
        locked = user_broker.lock_users(session, user_ids=[voucher_id, external_id])
        voucher, target = locked[voucher_id], locked[external_id]
        check_member(session, voucher, Action.VOUCH)
        if target.is_community:
            raise CommunityUserNotAllowed(action="be_vouched")
        if not target.external:
            raise NotExternal(user_id=target.id)
        if target.voucher is not None:
            raise AlreadyVouched(user_id=target.id, voucher_id=target.voucher)
        if external_broker.count_vouchees(session, voucher=voucher.id) >= rules.max_vouchees:
            raise TooManyVouchees(voucher_id=voucher.id, limit=rules.max_vouchees)
        external_broker.set_voucher(session, user_id=target.id, voucher=voucher.id)
        return _info(session, target.id)

    return uow.run(work)


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
    (reason ``vouch: ...``), so the external ends at 0 and without voucher; the external's own
    open collectives are cancelled (``cancelled`` of the receipt). Debt limits do not
    apply to the settlement (the voucher answers for the debt); the MEDIUMINT range does.
    Raises ``UnknownUser``, ``InactiveUser`` (the voucher), ``NotVouching``, ``BalanceOutOfRange``,
    ``IdempotencyKeyConflict``.
    """
    del rules  # the settlement ignores the debt limits on purpose

    def replay(session: Session, data: dict[str, Any]) -> VouchEndReceipt:
        tx = data["tx"]
        notices = (
            vouch_notices(
                session,
                external=data["external"],
                voucher=data["voucher"],
                settled=data["settled"],
                actor=data["voucher"],
            )
            if still_owed(data)
            else []
        )
        return VouchEndReceipt(
            external=user_broker.get_user(session, user_id=data["external"]).summary,
            voucher=user_broker.get_user(session, user_id=data["voucher"]).summary,
            settled=data["settled"],
            transaction_id=None if tx is None else TransactionId(tx),
            replayed=True,
            cancelled=tuple(CollectiveId(i) for i in data.get("cancelled", ())),
            notices=tuple(notices),
        )

    def act(session: Session) -> tuple[VouchEndReceipt, dict[str, Any]]:
        voucher_id = user_broker.get_user_id_by_tid(session, tid=voucher_tid)
        external_id = resolve_user_id(session, external)
        lock_open_collectives(session, creators=[external_id])  # collectives before balances
        locked = user_broker.lock_users(session, user_ids=[voucher_id, external_id])
        voucher, target = locked[voucher_id], locked[external_id]
        check_member(session, voucher, Action.VOUCH)
        if target.voucher != voucher.id:
            raise NotVouching(user_id=target.id, voucher_id=voucher.id)
        receipt = settle_vouchee(session, voucher=voucher, external=target)
        # A debt of the external is paid by the voucher, a credit goes to the voucher.
        payer, payee = (voucher, target) if receipt.settled < 0 else (target, voucher)
        claimed = journal_claim(
            receipt.transaction_id,
            sender=payer.id,
            receiver=payee.id,
            amount=abs(receipt.settled),
        )
        notices = vouch_notices(
            session,
            external=target.id,
            voucher=voucher.id,
            settled=receipt.settled,
            actor=voucher.id,
        )
        data = {
            "external": target.id,
            "voucher": voucher.id,
            "settled": receipt.settled,
            **claimed,
            "cancelled": list(receipt.cancelled),
            **owed(notices, NoticeKind.VOUCH),
        }
        return replace(receipt, notices=tuple(notices)), data

    return run_once(uow, key=key, op=_OP_END, act=act, replay=replay)


def list_vouchees(uow: UnitOfWork, *, voucher_tid: TelegramId) -> tuple[VouchInfo, ...]:
    """The externals the user of ``voucher_tid`` vouches for, by name. Raises ``UnknownUser``."""

    def work(session: Session) -> tuple[VouchInfo, ...]:
        voucher_id = user_broker.get_user_id_by_tid(session, tid=voucher_tid)
        return tuple(external_broker.list_vouchees(session, voucher=voucher_id))

    return uow.read(work)


def get_vouch_info(uow: UnitOfWork, *, external: UserRef) -> VouchInfo:
    """The voucher of an external user. Raises ``UnknownUser``, ``NotExternal``."""

    def work(session: Session) -> VouchInfo:
        return _info(session, resolve_user_id(session, external))

    return uow.read(work)


def _info(session: Session, user_id: int) -> VouchInfo:
    user = user_broker.get_user(session, user_id=user_id)
    record = external_broker.find_external(session, user_id=user.id)
    if record is None:
        raise NotExternal(user_id=user.id)
    voucher = (
        None
        if record.internal is None
        else user_broker.get_user(session, user_id=record.internal).summary
    )
    return VouchInfo(
        external=user.summary, voucher=voucher, balance=user.balance, changed=record.changed
    )


__all__ = ["get_vouch_info", "list_vouchees", "stop_vouching", "vouch"]
