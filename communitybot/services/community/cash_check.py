"""What ``communitybot check`` verifies about reversals and booked deposits.

A reversal link must name two rows that mirror each other (the reversal moves the original's
amount from its receiver back to its sender, and its reason names the original); a confirmed
deposit must name the journal row that booked it, from the cash box to its member, for its
amount; a deposit still waiting or rejected names none.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from communitybot.core.cash import DepositStatus
from communitybot.core.community import Problem, TransactionKind
from communitybot.db.brokers import cash as cash_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.models.cash import CashDepositRow, TransactionReversalRow


def cash_problems(session: Session) -> list[Problem]:
    """``reversal_mismatch`` and ``deposit_mismatch`` findings, by row id."""
    problems: list[Problem] = []
    links = session.execute(
        select(TransactionReversalRow.reversal_id, TransactionReversalRow.original_id).order_by(
            TransactionReversalRow.reversal_id
        )
    ).all()
    booked = session.execute(
        select(
            CashDepositRow.id,
            CashDepositRow.user_id,
            CashDepositRow.amount,
            CashDepositRow.transaction_id,
        )
        .where(CashDepositRow.status == DepositStatus.CONFIRMED.value)
        .order_by(CashDepositRow.id)
    ).all()
    wanted = {int(i) for link in links for i in link} | {
        int(row.transaction_id) for row in booked if row.transaction_id is not None
    }
    rows = journal.list_by_ids(session, transaction_ids=sorted(wanted))
    for reversal_id, original_id in links:
        back, first = rows.get(int(reversal_id)), rows.get(int(original_id))
        prefix = f"{TransactionKind.REVERSAL.prefix}#{original_id}"
        if (
            back is None
            or first is None
            or (back.sender, back.receiver, back.amount)
            != (first.receiver, first.sender, first.amount)
            or not (back.reason or "").startswith(prefix)
        ):
            problems.append(
                Problem(
                    "reversal_mismatch",
                    f"transaction #{reversal_id} is linked as the reversal of #{original_id} "
                    "but does not mirror it",
                )
            )
    # a deposit still waiting or turned down booked nothing
    unbooked = session.execute(
        select(CashDepositRow.id, CashDepositRow.status, CashDepositRow.transaction_id)
        .where(CashDepositRow.status != DepositStatus.CONFIRMED.value)
        .where(CashDepositRow.transaction_id.is_not(None))
        .order_by(CashDepositRow.id)
    ).all()
    problems.extend(
        Problem(
            "deposit_mismatch",
            f"deposit #{deposit_id} is {status} but names transaction #{transaction_id}",
        )
        for deposit_id, status, transaction_id in unbooked
    )
    box = cash_broker.find_cash_box_id(session)
    for deposit_id, user_id, amount, transaction_id in booked:
        row = None if transaction_id is None else rows.get(int(transaction_id))
        if row is None or (row.sender, row.receiver, row.amount) != (box, user_id, amount):
            problems.append(
                Problem(
                    "deposit_mismatch",
                    f"deposit #{deposit_id} is confirmed but transaction "
                    f"#{transaction_id} does not book it",
                )
            )
    return problems


__all__ = ["cash_problems"]
