"""Faults under load: worker processes killed mid-operation, the database server crashed and
restarted, and still every acknowledged operation is in the journal exactly once, nothing is
half done, a replay moves nothing and ``communitybot check`` passes.

The server is a private MariaDB the test starts itself (``tests/support/servers.py``), never the
shared one. The workers are ``tests/support/faults.py``; they log what they were about to do and,
durably, what they were answered.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text

from communitybot.core.community import CollectiveStatus
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db import migrate as migrations
from communitybot.db.brokers.articles import SEEDED_KEY as ARTICLES_SEEDED_KEY
from communitybot.db.brokers.users import COMMUNITY_GUARD_KEY
from communitybot.db.models import Base, Collective, CollectiveUser, OperationKey, Transaction
from communitybot.services import community as svc
from tests.support.community import World
from tests.support.faults import (
    FAULT_RULES,
    KEY_PREFIX,
    Fleet,
    Op,
    acks_path,
    intents_path,
    perform,
    read_lines,
)
from tests.support.servers import PrivateServer, private_server

pytestmark = pytest.mark.mysql_only

WORKERS = 4
MEMBERS = 10
SETUP_REQUESTS = 30
LOAD_SECONDS = 30.0
SERVER_EVENTS = ((0.25, "crash"), (0.55, "restart"), (0.8, "crash"))
"""When, as a share of the load phase, the server is killed (SIGKILL) or shut down cleanly;
it is started again 0.5 to 2 seconds later."""
KILL_EVERY = (1.0, 3.0)
"""Seconds between two worker kills."""
STOP_TIMEOUT = 60.0
SEED = 20240917


Rows = dict[str, list[tuple[object, ...]]]


def _all_rows(engine: Engine) -> Rows:
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def _create_database(server: PrivateServer) -> str:
    """A migrated database ``communitybot`` on the private server; its URL."""
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE communitybot CHARACTER SET utf8mb4"))
    admin.dispose()
    url = server.url("communitybot")
    engine = create_db_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return url


def test_killed_workers_and_crashed_server_lose_nothing_and_do_nothing_twice(
    tmp_path: Path,
) -> None:
    """Workers move money while they are killed and the server crashes; what was acknowledged
    is recorded once, nothing is half done, replays change nothing, ``check`` passes."""
    rng = random.Random(SEED)
    with private_server() as server:
        url = _create_database(server)
        engine = create_db_engine(url)
        uow = UnitOfWork(engine, attempts=8)
        setup = _seed(uow)
        engine.dispose()

        config = tmp_path / "config.json"
        config.write_text(json.dumps({"url": url, "seed": SEED, **setup}))
        fleet = Fleet(config, WORKERS)
        try:
            outages = _load(server, fleet, rng)
            statuses = fleet.stop(timeout=STOP_TIMEOUT)
        finally:
            fleet.kill_all()
        assert statuses == [0] * WORKERS, fleet.error_output()

        engine = create_db_engine(url)
        try:
            uow = UnitOfWork(engine, attempts=8)
            intents, acks = _logs(tmp_path)
            _assert_faults_happened(server, fleet, outages, acks)
            _assert_journal_matches(engine, setup, intents, acks)
            assert svc.check_ledger(uow) == ()
            _assert_replays_move_nothing(engine, uow, intents, acks)
        finally:
            engine.dispose()
        _assert_cli_check_passes(url, tmp_path)


def _seed(uow: UnitOfWork) -> dict[str, Any]:
    """Members with money and vote permission, open payment requests to vote on."""
    world = World(uow, rules=FAULT_RULES)
    community = world.community()
    members = [world.user(f"F{i}", permission=True, balance=100_000) for i in range(MEMBERS)]
    requests = [
        svc.request_payment(
            uow,
            FAULT_RULES,
            creator_tid=members[i % MEMBERS].tid,
            amount=500 + i,
            description=f"setup {i}",
            key=f"setup-{i}",
        ).collective.id
        for i in range(SETUP_REQUESTS)
    ]
    last_tx = uow.read(lambda s: s.scalar(select(Transaction.id).order_by(Transaction.id.desc())))
    return {
        "community": community.id,
        "members": [{"id": m.id, "tid": m.tid} for m in members],
        "requests": requests,
        "setup_tx": last_tx,
    }


def _load(server: PrivateServer, fleet: Fleet, rng: random.Random) -> list[tuple[float, int]]:
    """Run the workers for LOAD_SECONDS, killing workers and crashing the server meanwhile;
    for each outage, the wall-clock time at which the server, down, was about to be started
    again, and the worker spared meanwhile.

    One worker that was at work when the server went is spared from kills until it has
    answered an operation after the restart, so some operation always lives through the outage
    (on a busy machine the others may all be killed or still starting then).
    """
    for slot in range(WORKERS):
        fleet.start(slot)
    # the clock starts when every worker is at work (imports take a while on a busy machine)
    deadline = time.monotonic() + 120
    while not all(fleet.busy(slot) for slot in range(WORKERS)):
        _fail_on_exit(fleet)
        assert time.monotonic() < deadline, "workers did not start\n" + fleet.error_output()
        time.sleep(0.1)
    begin = time.monotonic()
    end = begin + LOAD_SECONDS
    events = [(begin + share * LOAD_SECONDS, action) for share, action in SERVER_EVENTS]
    next_kill = begin + rng.uniform(*KILL_EVERY)
    restart_at: float | None = None
    spared: int | None = None
    outages: list[tuple[float, int]] = []
    while time.monotonic() < end or events or spared is not None:
        now = time.monotonic()
        assert now < end + 120, "the server events did not happen"
        _fail_on_exit(fleet)
        busy = [slot for slot in range(WORKERS) if fleet.busy(slot)]
        if events and now >= events[0][0] and spared is None and busy:
            _, action = events.pop(0)
            spared = rng.choice(busy)
            if action == "crash":
                server.crash()
            else:
                server.stop()
            restart_at = time.monotonic() + rng.uniform(0.5, 2.0)
        if restart_at is not None and now >= restart_at:
            assert spared is not None
            outages.append((time.time(), spared))
            server.start()
            restart_at = None
        elif spared is not None and restart_at is None:
            restarted, _ = outages[-1]
            if fleet.answered_after(spared, restarted):  # it lived through the outage
                spared = None
        victims = [slot for slot in busy if slot != spared]
        if now >= next_kill and now < end and victims:
            victim = rng.choice(victims)
            fleet.kill(victim)
            time.sleep(rng.uniform(0, 0.5))
            fleet.start(victim)
            next_kill = time.monotonic() + rng.uniform(*KILL_EVERY)
        time.sleep(0.02)
    return outages


def _fail_on_exit(fleet: Fleet) -> None:
    ended = list(fleet.exited())
    assert not ended, f"workers ended on their own: {ended}\n{fleet.error_output()}"


def _logs(directory: Path) -> tuple[dict[str, Op], dict[str, dict[str, Any]]]:
    """Every intended operation by key, and every acknowledgement by key (at most one each)."""
    intents: dict[str, Op] = {}
    acks: dict[str, dict[str, Any]] = {}
    for slot in range(WORKERS):
        for line in read_lines(intents_path(directory, slot)):
            params = {k: v for k, v in line.items() if k not in ("by", "again")}
            known = intents.setdefault(line["key"], params)
            assert known == params, f"{line['key']} was pressed with other parameters"
        for line in read_lines(acks_path(directory, slot)):
            assert line["key"] not in acks, f"{line['key']} acknowledged twice"
            acks[line["key"]] = line
    assert set(acks) <= set(intents)
    return intents, acks


def _assert_faults_happened(
    server: PrivateServer,
    fleet: Fleet,
    outages: list[tuple[float, int]],
    acks: dict[str, dict[str, Any]],
) -> None:
    """The run did what it is for: kills in the middle of operations, presses again, server
    outages in the middle of acknowledged operations, and a real amount of work."""
    interrupted = set()  # (key, incarnation) begun by an incarnation that was killed before it
    pressed_again = set()
    for slot in range(WORKERS):
        final = fleet.incarnations[slot]
        for line in read_lines(intents_path(fleet.directory, slot)):
            if line["by"] < final and acks.get(line["key"], {}).get("by") != line["by"]:
                interrupted.add((line["key"], line["by"]))
            if line.get("again"):
                pressed_again.add(line["key"])
    done = Counter(ack["op"] for ack in acks.values() if ack["outcome"] == "done")
    found_done = [k for k in pressed_again if acks.get(k, {}).get("result", {}).get("replayed")]
    print(  # noqa: T201 - the summary of a run, shown with -s or on failure
        f"fault run: {dict(done)} done, {len(acks) - sum(done.values())} refused, "
        f"{fleet.kills} workers killed, {len(interrupted)} operations interrupted, "
        f"{len(pressed_again)} pressed again ({len(found_done)} found done), "
        f"{server.starts} server starts"
    )
    assert server.starts == 1 + len(SERVER_EVENTS)
    assert fleet.kills >= 5
    assert len(interrupted) >= fleet.kills // 2, "the kills did not hit operations under way"
    assert pressed_again & set(acks), "no restarted worker pressed again and got an answer"
    for outage, spared in outages:
        spanning = [a for a in acks.values() if a["began"] < outage < a["answered"]]
        assert spanning, f"no acknowledged operation spans the outage at {outage} ({spared=})"
    assert all(done[op] > 0 for op in ("send", "consume", "vote", "request")), done
    assert sum(done.values()) >= 200, done


def _assert_journal_matches(
    engine: Engine,
    setup: dict[str, Any],
    intents: dict[str, Op],
    acks: dict[str, dict[str, Any]],
) -> None:
    """Every acknowledged operation is in the journal once; every journal row, vote and
    request of the run belongs to exactly one key; nothing belongs to a key nobody pressed."""
    with engine.connect() as connection:
        keys = {row.key: row for row in connection.execute(select(OperationKey))}
        journal = {row.id: row for row in connection.execute(select(Transaction))}
        collectives = {row.id: row for row in connection.execute(select(Collective))}
        votes = list(connection.execute(select(CollectiveUser)))
    community = setup["community"]
    ours = {key: json.loads(row.result) for key, row in keys.items() if key.startswith(KEY_PREFIX)}
    assert set(ours) <= set(intents), "operation keys nobody pressed"
    closed = [c.id for c in collectives.values() if not c.active]
    outcomes = {f"community:collective:{collective}:outcome" for collective in closed}
    # the community user's guard, the articles seeded from the settings once, the setup requests
    setup_keys = {
        COMMUNITY_GUARD_KEY,
        ARTICLES_SEEDED_KEY,
        *(f"setup-{i}" for i in range(SETUP_REQUESTS)),
    }
    assert set(keys) - set(ours) == setup_keys | outcomes, "keys of no operation or outcome"

    # acknowledged outcomes are what is stored; refused keys left nothing behind
    for key, ack in acks.items():
        if ack["outcome"] == "refused":
            assert key not in keys, f"{key} was refused ({ack['error']}) but is recorded"
            continue
        assert key in ours, f"{key} was acknowledged but is not recorded"
        stored, result = ours[key], ack["result"]
        for field in ("tx", "collective", "decided"):
            if field in result:
                assert stored[field] == result[field], (key, stored, result)

    # each key's record matches what was pressed, and claims what it made
    tx_claims: Counter[int] = Counter()
    collective_claims: Counter[int] = Counter()
    vote_claims: Counter[tuple[int, int, bool]] = Counter()
    prices = {c.name: c.price for c in FAULT_RULES.consumables}
    for key, stored in ours.items():
        op = intents[key]
        if op["op"] == "send":
            assert stored["op"] == "send"
            row = journal[stored["tx"]]
            assert (row.sender, row.receiver, row.amount, row.reason) == (
                op["sender"],
                op["receiver"],
                op["amount"],
                f"send: {key}",
            )
            tx_claims[row.id] += 1
        elif op["op"] == "consume":
            assert stored["op"] == "consume"
            row = journal[stored["tx"]]
            assert (row.sender, row.receiver, row.amount, row.reason) == (
                op["user"],
                community,
                prices[op["name"]] * op["count"],
                f"consume: {op['count']}x {op['name']}",
            )
            tx_claims[row.id] += 1
        elif op["op"] == "vote":
            assert stored["op"] == "vote"
            assert (stored["collective"], stored["approve"]) == (op["collective"], op["approve"])
            vote_claims[(op["collective"], op["voter"], op["approve"])] += 1
            if stored["tx"] is not None:
                row = journal[stored["tx"]]
                request = collectives[op["collective"]]
                assert (row.sender, row.receiver, row.amount, row.reason) == (
                    community,
                    request.creator,
                    request.amount,
                    f"pay: #{request.id} {request.description}",
                )
                tx_claims[row.id] += 1
        else:
            assert stored["op"] == "request_payment"
            request = collectives[stored["collective"]]
            assert (request.creator, request.amount, request.description) == (
                op["creator"],
                op["amount"],
                key,
            )
            assert not request.communistic
            collective_claims[request.id] += 1

    run_rows = {tx for tx in journal if tx > setup["setup_tx"]}
    unclaimed = sorted(run_rows - set(tx_claims))
    assert not unclaimed, f"{len(unclaimed)} journal rows without their key: {unclaimed[:10]}"
    assert set(tx_claims) <= run_rows
    twice = sorted(tx for tx, count in tx_claims.items() if count > 1)
    assert not twice, f"journal rows claimed by two keys: {twice[:10]}"
    new_requests = set(collectives) - set(setup["requests"])
    unclaimed = sorted(new_requests - set(collective_claims))
    assert not unclaimed, f"{len(unclaimed)} payment requests without their key: {unclaimed[:10]}"
    assert set(collective_claims) <= new_requests
    assert set(collective_claims.values()) <= {1}
    stored_votes = Counter((v.collectives_id, v.users_id, v.vote) for v in votes)
    unclaimed_votes = sorted((stored_votes - vote_claims).elements())
    assert not unclaimed_votes, f"votes without their key: {unclaimed_votes[:10]}"
    assert stored_votes == vote_claims, "vote keys without their vote"

    # a closed request was decided by votes, paid exactly when its outcome says so
    paid = Counter(
        int(row.reason.split()[1].lstrip("#"))
        for tx, row in journal.items()
        if tx in run_rows and row.reason.startswith("pay: #")
    )
    for request in collectives.values():
        outcome = keys.get(f"community:collective:{request.id}:outcome")
        if request.active:
            assert outcome is None
            assert paid[request.id] == 0
        else:
            assert outcome is not None
            status = CollectiveStatus(outcome.result)
            assert paid[request.id] == (1 if status is CollectiveStatus.PAID else 0)


def _assert_replays_move_nothing(
    engine: Engine, uow: UnitOfWork, intents: dict[str, Op], acks: dict[str, dict[str, Any]]
) -> None:
    """Pressing again on every recorded key (every acknowledged one among them) changes no row
    and answers with the first outcome."""
    with engine.connect() as connection:
        recorded = [
            key
            for key in connection.scalars(select(OperationKey.key))
            if key.startswith(KEY_PREFIX)
        ]
    assert {k for k, a in acks.items() if a["outcome"] == "done"} <= set(recorded)
    before = _all_rows(engine)

    def replay(key: str) -> tuple[str, dict[str, Any]]:
        return key, perform(uow, FAULT_RULES, intents[key])

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = dict(pool.map(replay, recorded))
    assert _all_rows(engine) == before
    for key, answer in answers.items():
        assert answer["replayed"] is True, key
        if key in acks:
            expected = {k: v for k, v in acks[key]["result"].items() if k != "replayed"}
            assert {k: answer[k] for k in expected} == expected, key


def _assert_cli_check_passes(url: str, directory: Path) -> None:
    """``communitybot check`` (the command an admin runs, under the run's rules) finds the
    ledger consistent."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNITYBOT_")}
    environment |= {
        "COMMUNITYBOT_DATABASE_URL": url,
        "COMMUNITYBOT_CONFIG": str(directory / "absent.toml"),
        "COMMUNITYBOT_COMMUNITY__MAX_OPEN_COLLECTIVES": str(FAULT_RULES.max_open_collectives),
    }
    done = subprocess.run(
        [sys.executable, "-m", "communitybot", "check"],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ledger consistent" in done.stdout
