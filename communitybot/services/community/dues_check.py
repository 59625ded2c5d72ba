"""What ``communitybot check`` verifies about membership fee charges and article sales.

A fee charge is either paid (it names a journal row) or failed (it gives a reason), never both
nor neither; a paid one names a row from its member to the community user for the fee's amount
with a ``fee:`` reason. An article sale names a ``consume:`` row from a member to the community
user for the article's price times the count sold (a price change makes a new article, so an
old sale keeps its own price); an article's ``uses`` is the count of its sales that were not
reversed (a reversal takes a sale back).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from communitybot.core.community import Problem, TransactionKind
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.models.articles import ArticleRow, ArticleSaleRow
from communitybot.db.models.cash import (
    CommunityFeeChargeRow,
    CommunityFeeRow,
    TransactionReversalRow,
)


def dues_problems(session: Session) -> list[Problem]:
    """``fee_charge_mismatch``, ``article_sale_mismatch`` and ``article_uses_mismatch``
    findings, in that order, each by id."""
    # the community user is checked on its own (``community_user_missing`` / ``_duplicate``)
    community = set(user_broker.list_community_user_ids(session))

    def to_community(receiver: int) -> bool:
        return receiver in community or not community

    charges = session.execute(
        select(
            CommunityFeeChargeRow.fee_id,
            CommunityFeeChargeRow.instalment,
            CommunityFeeChargeRow.user_id,
            CommunityFeeChargeRow.transaction_id,
            CommunityFeeChargeRow.failure,
            CommunityFeeRow.amount,
        )
        .join(CommunityFeeRow, CommunityFeeRow.id == CommunityFeeChargeRow.fee_id)
        .order_by(
            CommunityFeeChargeRow.fee_id,
            CommunityFeeChargeRow.instalment,
            CommunityFeeChargeRow.user_id,
        )
    ).all()
    sales = session.execute(
        select(
            ArticleSaleRow.transaction_id,
            ArticleSaleRow.article_id,
            ArticleSaleRow.count,
            ArticleRow.price,
        )
        .join(ArticleRow, ArticleRow.id == ArticleSaleRow.article_id)
        .order_by(ArticleSaleRow.transaction_id)
    ).all()
    wanted = {int(c.transaction_id) for c in charges if c.transaction_id is not None}
    wanted |= {int(s.transaction_id) for s in sales}
    rows = journal.list_by_ids(session, transaction_ids=sorted(wanted))
    problems: list[Problem] = []
    for fee_id, instalment, user_id, transaction_id, failure, amount in charges:
        row = None if transaction_id is None else rows.get(int(transaction_id))
        paid_right = row is not None and (
            (row.sender, row.amount) == (user_id, amount)
            and to_community(row.receiver)
            and (row.reason or "").startswith(TransactionKind.FEE.prefix)
        )
        if (transaction_id is None) == (failure is None) or (
            transaction_id is not None and not paid_right
        ):
            problems.append(
                Problem(
                    "fee_charge_mismatch",
                    f"fee #{fee_id} instalment {instalment} of user #{user_id} is neither "
                    "a failure with a reason nor paid by a fee row of its amount to the community",
                )
            )
    for transaction_id, article_id, count, price in sales:
        row = rows.get(int(transaction_id))
        if row is None or (
            row.amount != price * count
            or not to_community(row.receiver)
            or not (row.reason or "").startswith(TransactionKind.CONSUME.prefix)
        ):
            problems.append(
                Problem(
                    "article_sale_mismatch",
                    f"transaction #{transaction_id} is recorded as a sale of {count} of "
                    f"article #{article_id} but does not charge it to the community",
                )
            )
    problems.extend(_uses_problems(session))
    return problems


def _uses_problems(session: Session) -> list[Problem]:
    """Articles whose ``uses`` differs from the count of their sales not reversed."""
    reversed_ids = select(TransactionReversalRow.original_id)
    sold = (
        select(ArticleSaleRow.article_id, func.sum(ArticleSaleRow.count).label("sold"))
        .where(ArticleSaleRow.transaction_id.not_in(reversed_ids))
        .group_by(ArticleSaleRow.article_id)
        .subquery()
    )
    found = session.execute(
        select(ArticleRow.id, ArticleRow.uses, func.coalesce(sold.c.sold, 0))
        .outerjoin(sold, sold.c.article_id == ArticleRow.id)
        .order_by(ArticleRow.id)
    ).all()
    return [
        Problem(
            "article_uses_mismatch",
            f"article #{article_id} counts {uses} uses but its sales not reversed sell {count}",
        )
        for article_id, uses, count in found
        if int(uses) != int(count)
    ]


__all__ = ["dues_problems"]
