"""Consistency check of the ledger (``communitybot check``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import (
    HISTORY_CODES,
    REASON_MAX,
    CollectiveStatus,
    HistoryAcceptance,
    JournalEntry,
    LedgerCheck,
    Problem,
    TransactionKind,
    legacy_payment_description,
    reason_collective,
)
from communitybot.core.errors import CannotAcceptHistory, MissingDescription
from communitybot.core.ledger import Finding
from communitybot.db import idempotency
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import history as history_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.brokers.collectives import CollectiveRecord
from communitybot.db.brokers.externals import ExternalRecord
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import stored_outcome
from communitybot.services.community.cash_check import cash_problems
from communitybot.services.community.dues_check import dues_problems
from communitybot.services.ledger import findings


def check_ledger(uow: UnitOfWork) -> tuple[Problem, ...]:
    """Every inconsistency of the community ledger; empty when all is well.

    Collectives are named in reasons the way this bot writes them (``pay: #12 ...``,
    ``communism: #12 ...``) and the way MateBot v0.2 did (``communism: <description> (12)``;
    ``pay: <description>``, matched to the payment request of the receiver with that amount
    and description).

    Checks: each balance equals received minus sent in ``transactions`` (``balance_mismatch``);
    exactly one community user (``community_user_missing`` / ``community_user_duplicate``); no
    external without voucher sent or received money after its ``externals.changed``
    (``unvouched_external_moved``, unless an administrator accepted it as history older
    software wrote, :func:`accept_history`); no collective paid twice (``collective_paid_twice``:
    a payment request with two ``pay: #id`` rows, or a communism participant with two
    ``communism: #id`` rows), no open or unpaid-closed collective with payments
    (``open_collective_paid``, ``collective_paid_but_not_settled``); no journal amount of 0 or
    less (``bad_amount``); no balance outside the MEDIUMINT range (``balance_out_of_range``).

    Idempotency keys (``operation_keys``) that claim a journal row: the row exists
    (``operation_key_row_missing``), its parties and amount are those the key recorded
    (``operation_key_mismatch``), the claim can be read (``operation_key_malformed``), and no row
    is claimed by two keys (``journal_row_claimed_twice``).

    Reversals and deposits (:mod:`~communitybot.services.community.cash_check`): every reversal
    link mirrors its original (``reversal_mismatch``), every confirmed deposit names the row that
    booked it (``deposit_mismatch``).

    Fees and articles (:mod:`~communitybot.services.community.dues_check`): every fee charge is
    a failure with a reason or paid by a ``fee:`` row of the fee's amount from its member to the
    community (``fee_charge_mismatch``); every article sale names a ``consume:`` row charging the
    article's price times its count to the community (``article_sale_mismatch``); every
    article's ``uses`` is the count of its sales not reversed (``article_uses_mismatch``).
    """
    return check_report(uow).problems


def check_report(uow: UnitOfWork) -> LedgerCheck:
    """:func:`check_ledger`'s problems, and every accepted history with the findings it covers."""
    return uow.read(_report)


def accept_history(uow: UnitOfWork, *, code: str, before: datetime, note: str) -> HistoryAcceptance:
    """Accept the findings ``code`` on journal rows registered before ``before`` as history
    written by older software under its own rules; ``check`` leaves them out from now on.

    Recorded in ``accepted_history`` (the journal is never edited). ``before`` is read in the
    database's time zone, like the journal's ``registered``. Raises ``CannotAcceptHistory``
    (``code`` is not in :data:`~communitybot.core.community.HISTORY_CODES`, ``before`` lies in
    the future, or no finding not accepted yet lies before it) and ``MissingDescription`` (an
    empty ``note``).
    """
    cutoff = before.replace(microsecond=0)
    if code not in HISTORY_CODES:
        raise CannotAcceptHistory(code=code, cutoff=cutoff.isoformat(sep=" "), reason="code")
    text = note.strip()
    if not text:
        raise MissingDescription()

    def work(session: Session) -> HistoryAcceptance:
        if cutoff > history_broker.database_now(session):
            raise CannotAcceptHistory(code=code, cutoff=cutoff.isoformat(sep=" "), reason="future")
        earlier = history_broker.list_acceptances(session)
        fresh = [
            registered
            for found, registered, _problem in _history_findings(session)
            if found == code
            and registered < cutoff
            and _covering(earlier, code, registered) is None
        ]
        if not fresh:
            raise CannotAcceptHistory(code=code, cutoff=cutoff.isoformat(sep=" "), reason="nothing")
        acceptance_id = history_broker.add_acceptance(
            session, code=code, cutoff=cutoff, findings=len(fresh), note=text[:REASON_MAX]
        )
        [made] = [a for a in history_broker.list_acceptances(session) if a.id == acceptance_id]
        return replace(made, covered=len(fresh))

    return uow.run(work)


def _report(session: Session) -> LedgerCheck:
    acceptances = history_broker.list_acceptances(session)
    covered: Counter[int] = Counter()
    problems = _problems(session, acceptances, covered)
    return LedgerCheck(
        problems=tuple(problems),
        accepted=tuple(replace(a, covered=covered[a.id]) for a in acceptances),
    )


def _covering(
    acceptances: list[HistoryAcceptance], code: str, registered: datetime
) -> HistoryAcceptance | None:
    """The first acceptance of ``code`` whose cut-off lies after ``registered``, if any."""
    for acceptance in acceptances:
        if acceptance.code == code and registered < acceptance.cutoff:
            return acceptance
    return None


_HistoryFinding = tuple[str, datetime, Problem]
"""A finding an administrator may accept: its code, the journal row's time, the problem."""


def _history_findings(session: Session) -> list[_HistoryFinding]:
    """Findings on journal rows that today's rules refuse but older software could write."""
    findings: list[_HistoryFinding] = []
    for row in journal.list_unvouched_movements(session):
        external = _unvouched_party(session, row)
        if external is None:  # pragma: no cover - the query found the row through such a party
            continue
        detail = (
            f"transaction #{row.id} of {row.registered:%Y-%m-%d %H:%M:%S} "
            f"(#{row.sender} -> #{row.receiver}, {row.amount}) moved money of external "
            f"#{external.external}, who had no voucher then (none since "
            f"{external.changed:%Y-%m-%d %H:%M:%S}); today's rules refuse that. If older "
            "software wrote it, accept it as history with communitybot check accept"
        )
        problem = Problem("unvouched_external_moved", detail)
        findings.append((problem.code, row.registered, problem))
    return findings


def _unvouched_party(session: Session, row: JournalEntry) -> ExternalRecord | None:
    """The party of ``row`` that has been an external without voucher since before it."""
    for party in (row.sender, row.receiver):
        record = external_broker.find_external(session, user_id=party)
        if record is not None and record.internal is None and record.changed < row.registered:
            return record
    return None


def _problems(
    session: Session, acceptances: list[HistoryAcceptance], covered: Counter[int]
) -> list[Problem]:
    """Every problem; findings of accepted history are counted in ``covered`` instead."""
    problems = [_ledger_problem(found) for found in findings(CommunityStore(session))]
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

    for code, registered, finding in _history_findings(session):
        acceptance = _covering(acceptances, code, registered)
        if acceptance is None:
            problems.append(finding)
        else:
            covered[acceptance.id] += 1

    problems.extend(_collective_problems(session))
    problems.extend(_key_problems(session))
    problems.extend(cash_problems(session))
    problems.extend(dues_problems(session))
    return problems


def _ledger_problem(found: Finding) -> Problem:
    """A finding of the one invariant checker, in the community's words."""
    if found.code == "unknown_account":
        return Problem("unknown_user", f"journal names missing user #{found.ref}")
    if found.code == "balance_mismatch":
        detail = f"user #{found.ref}: balance {found.value}, journal says {found.expected}"
        return Problem(found.code, detail)
    if found.code == "bad_amount":
        return Problem(found.code, f"transaction #{found.ref} has amount {found.value}")
    return Problem(found.code, f"user #{found.ref}: {found.value}")


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
    legacy: list[JournalEntry] = []
    for row in journal.list_by_reason_prefix(session, prefix=TransactionKind.PAY.prefix):
        collective_id = reason_collective(row.reason, TransactionKind.PAY)
        if collective_id is not None:
            payments[collective_id] += 1
        elif legacy_payment_description(row.reason) is not None:
            legacy.append(row)
    payments.update(_legacy_payments(legacy, records, problems))
    shares: Counter[tuple[int, int]] = Counter()
    prefix = TransactionKind.COMMUNISM.prefix
    for row in journal.list_by_reason_prefix(session, prefix=prefix):
        collective_id = reason_collective(row.reason, TransactionKind.COMMUNISM)
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
            CollectiveStatus.EXPIRED,
        ):
            problems.append(
                Problem(
                    "collective_paid_but_not_settled",
                    f"collective #{collective_id} closed without payment but money moved",
                )
            )
    return problems


def _legacy_payments(
    rows: list[JournalEntry], records: dict[int, CollectiveRecord], problems: list[Problem]
) -> Counter[int]:
    """The payment requests MateBot v0.2 paid with ``pay: <description>`` rows, which name no
    id: each row counts for the oldest request of the same creator, amount and description
    created before it that no earlier row paid (the newest when all were: paid twice); a row
    that matches no request is a problem (``unknown_collective``)."""
    requests: defaultdict[tuple[int, int, str], list[CollectiveRecord]] = defaultdict(list)
    for record in sorted(records.values(), key=lambda r: r.id):
        if not record.communistic:
            requests[(record.creator, record.amount, record.description or "")].append(record)
    payments: Counter[int] = Counter()
    for row in rows:
        description = legacy_payment_description(row.reason) or ""
        candidates = [
            r
            for r in requests[(row.receiver, row.amount, description)]
            if r.created <= row.registered
        ]
        unpaid = [r for r in candidates if payments[r.id] == 0]
        if unpaid:
            payments[unpaid[0].id] += 1
        elif candidates:
            payments[candidates[-1].id] += 1
        else:
            problems.append(
                Problem(
                    "unknown_collective",
                    f"transaction #{row.id} ({row.reason}) pays no payment request of "
                    f"user #{row.receiver} for {row.amount}",
                )
            )
    return payments


__all__ = ["accept_history", "check_ledger", "check_report"]
