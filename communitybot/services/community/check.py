"""Consistency check of the ledger (``communitybot check``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import CollectiveStatus, Problem, TransactionKind
from communitybot.core.money import in_mediumint_range
from communitybot.db import idempotency
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.brokers.collectives import CollectiveRecord
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import stored_outcome

_TAGGED = re.compile(r"^#(\d+)(?: |$)")


def _collective_of(reason: str | None, kind: TransactionKind) -> int | None:
    """The collective id a ``pay: #12 ...`` / ``communism: #12 ...`` reason names."""
    if not reason or not reason.startswith(kind.prefix):
        return None
    match = _TAGGED.match(reason[len(kind.prefix) :])
    return int(match.group(1)) if match else None


def check_ledger(uow: UnitOfWork) -> tuple[Problem, ...]:
    """Every inconsistency of the community ledger; empty when all is well.

    Checks: each balance equals received minus sent in ``transactions`` (``balance_mismatch``);
    exactly one community user (``community_user_missing`` / ``community_user_duplicate``); no
    external without voucher sent or received money after its ``externals.changed``
    (``unvouched_external_moved``); no collective paid twice (``collective_paid_twice``: a
    payment request with two ``pay: #id`` rows, or a communism participant with two
    ``communism: #id`` rows), no open or unpaid-closed collective with payments
    (``open_collective_paid``, ``collective_paid_but_not_settled``); no journal amount of 0 or
    less (``bad_amount``); no balance outside the MEDIUMINT range (``balance_out_of_range``).

    Idempotency keys (``operation_keys``) that claim a journal row: the row exists
    (``operation_key_row_missing``), its parties and amount are those the key recorded
    (``operation_key_mismatch``), the claim can be read (``operation_key_malformed``), and no row
    is claimed by two keys (``journal_row_claimed_twice``).
    """
    return tuple(uow.read(_problems))


def _problems(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    stored = user_broker.balances(session)
    from_journal = journal.journal_balances(session)
    for user_id in sorted(set(stored) | set(from_journal)):
        balance, expected = stored.get(user_id), from_journal.get(user_id, 0)
        if balance is None:
            problems.append(Problem("unknown_user", f"journal names missing user #{user_id}"))
        elif balance != expected:
            problems.append(
                Problem(
                    "balance_mismatch",
                    f"user #{user_id}: balance {balance}, journal says {expected}",
                )
            )
        if balance is not None and not in_mediumint_range(balance):
            problems.append(Problem("balance_out_of_range", f"user #{user_id}: {balance}"))

    community = user_broker.list_community_user_ids(session)
    if not community:
        problems.append(
            Problem("community_user_missing", "no user with tid NULL: run `communitybot init`")
        )
    elif len(community) > 1:
        ids = ", ".join(f"#{i}" for i in community)
        problems.append(
            Problem("community_user_duplicate", f"{len(community)} users with tid NULL: {ids}")
        )

    for row in journal.list_unvouched_movements(session):
        problems.append(
            Problem(
                "unvouched_external_moved",
                f"transaction #{row.id} ({row.sender} -> {row.receiver}, {row.amount}) "
                "involves an external without voucher after its voucher left",
            )
        )

    for row in journal.list_non_positive(session):
        problems.append(Problem("bad_amount", f"transaction #{row.id} has amount {row.amount}"))

    problems.extend(_collective_problems(session))
    problems.extend(_key_problems(session))
    return problems


_CLAIM_MARK = '"tx":'
"""Text in the stored data of every key that claims a community journal row (or none)."""
_KEY_PAGE = 1000


def _key_problems(session: Session) -> list[Problem]:
    """Check every idempotency key that claims a community journal row against that row."""
    problems: list[Problem] = []
    claimed_by: defaultdict[int, list[str]] = defaultdict(list)
    after = ""
    while True:
        page = idempotency.list_stored_data(
            session, containing=_CLAIM_MARK, after=after, limit=_KEY_PAGE
        )
        claims: list[tuple[str, dict[str, Any]]] = []
        for key, data in page:
            op = str(data.get("op", "?"))
            if op.startswith("economy.") or "tx" not in data:
                continue  # the economy's keys claim rows of its own journal
            if data["tx"] is None:
                continue  # the operation wrote no row (a vote that did not decide)
            if not _readable_claim(data):
                problems.append(
                    Problem(
                        "operation_key_malformed",
                        f"key {key} ({op}) claims a journal row it does not name as a number",
                    )
                )
                continue
            claims.append((key, data))
        rows = journal.list_by_ids(session, transaction_ids=[data["tx"] for _, data in claims])
        for key, data in claims:
            tx, op = data["tx"], data["op"]
            claimed_by[tx].append(key)
            row = rows.get(tx)
            if row is None:
                problems.append(
                    Problem(
                        "operation_key_row_missing",
                        f"key {key} ({op}) claims transaction #{tx}, which does not exist",
                    )
                )
                continue
            said = (data.get("from"), data.get("to"), data.get("amount"))
            if "amount" in data and said != (row.sender, row.receiver, row.amount):
                problems.append(
                    Problem(
                        "operation_key_mismatch",
                        f"key {key} ({op}) claims transaction #{tx} as #{said[0]} -> #{said[1]}, "
                        f"{said[2]}, but the row says #{row.sender} -> #{row.receiver}, "
                        f"{row.amount}",
                    )
                )
        if len(page) < _KEY_PAGE:
            break
        after = page[-1][0]
    for tx, keys in sorted(claimed_by.items()):
        if len(keys) > 1:
            problems.append(
                Problem(
                    "journal_row_claimed_twice",
                    f"transaction #{tx} is claimed by {len(keys)} keys: {', '.join(sorted(keys))}",
                )
            )
    return problems


def _readable_claim(data: dict[str, Any]) -> bool:
    """Whether a claim names its row by number, and its parties and amount (if recorded) too;
    keys stored before parties were recorded name the row only."""
    fields = ("tx", "from", "to", "amount") if "amount" in data else ("tx",)
    return all(
        isinstance(data.get(name), int) and not isinstance(data.get(name), bool) for name in fields
    )


def _collective_problems(session: Session) -> list[Problem]:
    problems: list[Problem] = []
    records: dict[int, CollectiveRecord] = {r.id: r for r in collective_broker.list_all(session)}
    payments: Counter[int] = Counter()
    for row in journal.list_by_reason_prefix(session, prefix=TransactionKind.PAY.prefix + "#"):
        collective_id = _collective_of(row.reason, TransactionKind.PAY)
        if collective_id is not None:
            payments[collective_id] += 1
    shares: Counter[tuple[int, int]] = Counter()
    prefix = TransactionKind.COMMUNISM.prefix + "#"
    for row in journal.list_by_reason_prefix(session, prefix=prefix):
        collective_id = _collective_of(row.reason, TransactionKind.COMMUNISM)
        if collective_id is not None:
            shares[(collective_id, row.sender)] += 1
    paid = set(payments) | {collective_id for collective_id, _ in shares}

    for collective_id, count in sorted(payments.items()):
        if count > 1:
            problems.append(
                Problem(
                    "collective_paid_twice",
                    f"payment request #{collective_id} was paid {count} times",
                )
            )
    for (collective_id, sender), count in sorted(shares.items()):
        if count > 1:
            problems.append(
                Problem(
                    "collective_paid_twice",
                    f"communism #{collective_id}: user #{sender} paid {count} times",
                )
            )
    for collective_id in sorted(paid):
        record = records.get(collective_id)
        if record is None:
            problems.append(
                Problem("unknown_collective", f"journal names missing collective #{collective_id}")
            )
        elif record.active:
            problems.append(
                Problem("open_collective_paid", f"collective #{collective_id} is open but paid")
            )
        elif stored_outcome(session, collective_id=collective_id) in (
            CollectiveStatus.DENIED,
            CollectiveStatus.CANCELLED,
        ):
            problems.append(
                Problem(
                    "collective_paid_but_not_settled",
                    f"collective #{collective_id} closed without payment but money moved",
                )
            )
    return problems


__all__ = ["check_ledger"]
