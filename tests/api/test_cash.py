"""Cash through the API: a treasurer's key books deposits and withdrawals of the cash box,
idempotent; a key whose issuer may not ``MANAGE_CASH``, or bad bodies, change nothing."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from pydantic import SecretStr

from communitybot.api import create_app
from communitybot.bootstrap import Container
from communitybot.cli._run import telegram_notices
from communitybot.core.community import UserInfo
from communitybot.core.economy import Actor, IssuedKey, KeyType, Permission, Subject
from communitybot.core.ids import MemberId
from communitybot.core.notices import NoticeKind
from communitybot.devtools import FakeBotApi
from communitybot.services import community as svc
from communitybot.services.economy import permissions
from tests.api.conftest import ADMIN, Community, TakeSnapshot, auth, issue, served
from tests.support.community import make_treasurer

MEMBERS = "/api/v1/community/members"


@dataclass
class Till:
    """A cash till's key, issued by the member ``issuer``."""

    issuer: UserInfo
    key: IssuedKey

    def headers(self, idempotency: str | None = None) -> dict[str, str]:
        extra = {} if idempotency is None else {"Idempotency-Key": idempotency}
        return {**auth(self.key), **extra}


def _till(community: Community, issuer: UserInfo) -> Till:
    """A MASTER key of the community's economy issued by ``issuer``, who may MANAGE_FUNDS."""
    uow = community.world.uow
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=Subject.user(MemberId(issuer.id)),
        permissions=[Permission.VIEW_BALANCE, Permission.MANAGE_FUNDS],
        economy_id=community.economy_id,
    )
    key = issue(
        uow, community.economy_id, issuer=Actor(MemberId(issuer.id)), key_type=KeyType.MASTER
    )
    return Till(issuer, key)


@pytest.fixture
def till(community: Community) -> Till:
    """A till of the treasurer Tess."""
    return _till(community, make_treasurer(community.world))


def test_a_deposit_and_a_withdrawal(
    http: httpx.Client, community: Community, till: Till, snapshot: TakeSnapshot
) -> None:
    ann = community.world.user("Ann")
    path = f"{MEMBERS}/{ann.id}/deposits"
    paid = http.post(path, headers=till.headers("d-1"), json={"amount": 500, "reason": "coins"})
    assert paid.status_code == 201, paid.text
    body = paid.json()
    assert (body["member_id"], body["kind"], body["amount"]) == (ann.id, "deposit", 500)
    assert (body["balance"], body["cash"]) == (500, 500)
    assert community.world.balance(ann) == 500
    after = snapshot()
    again = http.post(path, headers=till.headers("d-1"), json={"reason": "coins", "amount": 500})
    assert again.content == paid.content
    assert again.headers["idempotent-replayed"] == "true"
    other = http.post(path, headers=till.headers("d-1"), json={"amount": 501, "reason": "coins"})
    assert other.status_code == 409
    assert snapshot() == after
    taken = http.post(
        f"{MEMBERS}/{ann.id}/withdrawals", headers=till.headers("w-1"), json={"amount": 200}
    )
    assert taken.status_code == 201, taken.text
    assert (taken.json()["balance"], taken.json()["cash"]) == (300, 300)
    assert svc.cash_box(community.world.uow).cash == 300
    journal = http.get(f"{MEMBERS}/{ann.id}/transactions", headers=till.headers()).json()
    assert [t["reason"] for t in journal["transactions"]] == ["withdraw:", "deposit: coins"]
    box = svc.find_cash_box(community.world.uow)
    assert box is not None
    before = snapshot()
    for route, key in (("deposits", "box-1"), ("purchases", "box-2")):
        body = {"amount": 5} if route == "deposits" else {"name": "drink"}
        refused = http.post(f"{MEMBERS}/{box}/{route}", headers=till.headers(key), json=body)
        assert refused.status_code == 403, refused.text
    assert snapshot() == before
    assert svc.check_ledger(community.world.uow) == ()


def test_only_a_treasurers_key_books_cash(
    http: httpx.Client, community: Community, snapshot: TakeSnapshot
) -> None:
    ann = community.world.user("Ann")
    plain = _till(community, community.world.user("Max"))  # MANAGE_FUNDS, not MANAGE_CASH
    before = snapshot()
    for headers in (plain.headers("p"), {**auth(community.till), "Idempotency-Key": "t"}):
        refused = http.post(f"{MEMBERS}/{ann.id}/deposits", headers=headers, json={"amount": 5})
        assert refused.status_code == 403, refused.text
        assert refused.json()["type"] == "urn:communitybot:problem:not-permitted"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("route", "body", "status"),
    [
        ("deposits", {"amount": 0}, 422),
        ("deposits", {"amount": -5}, 422),
        ("deposits", {"amount": "5"}, 422),
        ("deposits", {"amount": 5.5}, 422),
        ("deposits", {"amount": 10**15}, 422),
        ("deposits", {"amount": 5, "member": 1}, 422),
        ("deposits", {"amount": 5, "reason": ""}, 422),
        ("withdrawals", {"amount": 100}, 422),  # the box holds nothing
    ],
)
def test_bad_cash_changes_nothing(
    http: httpx.Client,
    community: Community,
    till: Till,
    snapshot: TakeSnapshot,
    route: str,
    body: dict[str, object],
    status: int,
) -> None:
    ann = community.world.user("Ann", balance=500)
    before = snapshot()
    answer = http.post(f"{MEMBERS}/{ann.id}/{route}", headers=till.headers("bad"), json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert snapshot() == before


def test_cash_for_nobody_or_the_community_changes_nothing(
    http: httpx.Client, community: Community, till: Till, snapshot: TakeSnapshot
) -> None:
    before = snapshot()
    body = {"amount": 5}
    missing = http.post(f"{MEMBERS}/999999/deposits", headers=till.headers("x"), json=body)
    assert missing.status_code == 404
    treasury = community.world.community().id
    refused = http.post(f"{MEMBERS}/{treasury}/deposits", headers=till.headers("y"), json=body)
    assert refused.status_code == 403
    unnamed = http.post(f"{MEMBERS}/{till.issuer.id}/deposits", headers=till.headers(), json=body)
    assert unnamed.status_code == 400
    assert snapshot() == before
    assert svc.cash_box(community.world.uow).cash == 0


def test_concurrent_repeats_of_one_deposit_book_it_once(
    base_url: str, community: Community, till: Till
) -> None:
    ann = community.world.user("Ann")
    headers = till.headers("storm")

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=30, trust_env=False) as client:
            return client.post(f"{MEMBERS}/{ann.id}/deposits", headers=headers, json={"amount": 70})

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(post, range(6)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    assert community.world.balance(ann) == 70
    assert svc.cash_box(community.world.uow).cash == 70


def test_a_booking_over_the_api_tells_the_member_privately(
    container: Container, community: Community, till: Till
) -> None:
    """The API tells a member of cash booked for them (through ``tell``, here with the bot's
    token against the fake Bot API), after the answer; a replay tells nobody again, and a member
    who turned deposit notices off is not told."""
    world = community.world
    ann, ben = world.user("Ann"), world.user("Ben")
    assert ann.tid is not None
    assert ben.tid is not None
    svc.set_notice(world.uow, tid=ben.tid, kind=NoticeKind.DEPOSIT, enabled=False)
    with FakeBotApi() as bot_api:
        chats = {}
        for user in (ann, ben):
            person = bot_api.add_user(user.name, user_id=user.tid)
            chats[user.id] = bot_api.private_chat(person)
            bot_api.send_text(person, chats[user.id], "/start")  # the bot may write to them
        settings = container.settings.model_copy(
            update={
                "telegram_token": SecretStr(bot_api.token),
                "telegram_base_url": bot_api.base_url,
            }
        )
        app = create_app(container, tell=telegram_notices(settings))
        with served(app) as url, httpx.Client(base_url=url, trust_env=False) as http:
            for user, key in ((ann, "n-1"), (ann, "n-1"), (ben, "n-2")):
                path = f"{MEMBERS}/{user.id}/deposits"
                paid = http.post(path, headers=till.headers(key), json={"amount": 250})
                assert paid.status_code == 201, paid.text
            deadline = time.monotonic() + 20  # sent after the answer, in the background
            while not bot_api.bot_messages(chats[ann.id]) and time.monotonic() < deadline:
                time.sleep(0.05)
        told = [m.body for m in bot_api.bot_messages(chats[ann.id])]
        assert len(told) == 1
        assert "2.50" in told[0]
        assert bot_api.bot_messages(chats[ben.id]) == []  # Ben turned deposit notices off
    assert (world.balance(ann), world.balance(ben)) == (250, 250)
