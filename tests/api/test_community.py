"""The community through the API, after Strichliste: members, their journals, the articles, and
charging a member for an article, idempotent, with the till's key and its issuer's rights."""

from __future__ import annotations

import httpx
import pytest

from communitybot.core.economy import KeyType, Permission, Subject
from communitybot.services import community as svc
from communitybot.services.economy import permissions
from tests.api.conftest import ADMIN, BOB, Community, Shop, TakeSnapshot, auth, issue
from tests.support.community import RULES

MEMBERS = "/api/v1/community/members"


def test_members_in_pages_and_one_by_id(http: httpx.Client, community: Community) -> None:
    world = community.world
    ann = world.user("Ann", balance=500)
    ben = world.user("Ben")
    gone = world.user("Gus", active=False)
    headers = auth(community.till)
    first = http.get(MEMBERS, params={"limit": 2}, headers=headers).json()
    assert len(first["members"]) == 2
    assert first["members"][0]["community"] is True
    rest = http.get(MEMBERS, params={"after": first["next_after"]}, headers=headers).json()
    assert rest["next_after"] is None
    ids = [m["id"] for m in first["members"] + rest["members"]]
    assert ids[1:] == [ann.id, ben.id, gone.id]
    active = http.get(MEMBERS, params={"active": "true"}, headers=headers).json()
    assert gone.id not in [m["id"] for m in active["members"]]
    one = http.get(f"{MEMBERS}/{ann.id}", headers=headers).json()
    assert one["name"] == "Ann"
    assert one["balance"] == 500
    assert one["external"] is False
    assert one["created_at"].endswith("Z")
    assert "tid" not in one
    missing = http.get(f"{MEMBERS}/999999", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:communitybot:problem:not-found"


def test_articles_and_a_purchase(
    http: httpx.Client, community: Community, snapshot: TakeSnapshot
) -> None:
    ann = community.world.user("Ann", balance=500)
    headers = {**auth(community.till), "Idempotency-Key": "buy-1"}
    articles = http.get("/api/v1/community/articles", headers=auth(community.till)).json()
    drink = next(a for a in articles["articles"] if a["name"] == "drink")
    assert (drink["price"], drink["barcode"], drink["stock"]) == (100, None, None)
    assert isinstance(drink["id"], int)
    path = f"{MEMBERS}/{ann.id}/purchases"
    bought = http.post(path, headers=headers, json={"article_id": drink["id"], "quantity": 2})
    assert bought.status_code == 201
    receipt = bought.json()
    assert receipt["member_id"] == ann.id
    assert (receipt["article_id"], receipt["article_name"]) == (drink["id"], "drink")
    assert receipt["amount"] == 200
    assert receipt["balance"] == 300
    assert community.world.balance(ann) == 300
    after = snapshot()
    again = http.post(path, headers=headers, json={"quantity": 2, "article_id": drink["id"]})
    assert again.content == bought.content
    assert again.headers["idempotent-replayed"] == "true"
    other = http.post(path, headers=headers, json={"article_id": drink["id"], "quantity": 3})
    assert other.status_code == 409
    assert snapshot() == after
    journal = http.get(f"{MEMBERS}/{ann.id}/transactions", headers=auth(community.till)).json()
    assert journal["total"] == 2
    assert journal["transactions"][0]["amount"] == -200
    assert journal["transactions"][0]["reason"] == "consume: 2x drink"
    assert journal["transactions"][0]["counterpart"]["id"] == community.world.community().id
    assert journal["transactions"][1]["amount"] == 500
    assert svc.check_ledger(community.world.uow) == ()


def test_a_purchase_by_barcode_or_by_name(http: httpx.Client, community: Community) -> None:
    ann = community.world.user("Ann", balance=500)
    uow = community.world.uow
    svc.list_articles(uow, RULES)  # seeds the articles from the configured consumables
    svc.set_article_barcode(uow, RULES, tid=None, name="drink", barcode="4029764001807")
    listed = http.get("/api/v1/community/articles", headers=auth(community.till)).json()
    drink = next(a for a in listed["articles"] if a["name"] == "drink")
    assert drink["barcode"] == "4029764001807"
    path = f"{MEMBERS}/{ann.id}/purchases"
    scanned = http.post(
        path,
        headers={**auth(community.till), "Idempotency-Key": "scan-1"},
        json={"barcode": "4029764001807"},
    )
    assert scanned.status_code == 201, scanned.text
    assert (scanned.json()["article_id"], scanned.json()["amount"]) == (drink["id"], 100)
    named = http.post(
        path,
        headers={**auth(community.till), "Idempotency-Key": "name-1"},
        json={"name": "drink", "quantity": 2},
    )
    assert named.status_code == 201, named.text
    assert named.json()["balance"] == 200
    assert community.world.balance(ann) == 200


def test_an_article_off_sale_is_not_sold_by_id(
    http: httpx.Client, community: Community, snapshot: TakeSnapshot
) -> None:
    ann = community.world.user("Ann", balance=500)
    uow = community.world.uow
    old = next(a for a in svc.list_articles(uow, RULES) if a.name == "drink")
    svc.reprice_article(uow, RULES, tid=None, name="drink", price=150)
    before = snapshot()
    refused = http.post(
        f"{MEMBERS}/{ann.id}/purchases",
        headers={**auth(community.till), "Idempotency-Key": "old"},
        json={"article_id": old.id},
    )
    assert refused.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "status", "slug"),
    [
        ({"name": "caviar"}, 404, "not-found"),
        ({"article_id": 999999}, 404, "not-found"),
        ({"barcode": "0000000000000"}, 404, "not-found"),
        ({"barcode": "no spaces"}, 422, "invalid-input"),
        ({"name": "drink", "quantity": 0}, 422, "invalid-input"),
        ({"name": "drink", "quantity": 1001}, 422, "invalid-input"),
        ({"name": "drink", "quantity": "1"}, 422, "invalid-input"),
        ({"article_id": "1"}, 422, "invalid-input"),
        ({"article_id": 0}, 422, "invalid-input"),
        ({"name": "drink", "barcode": "4029764001807"}, 422, "invalid-input"),
        ({}, 422, "invalid-input"),
        ({"name": ""}, 422, "invalid-input"),
        ({"name": "drink", "quantity": 11}, 422, "limit-exceeded"),  # max_consume 10
    ],
)
def test_a_bad_purchase_changes_nothing(
    http: httpx.Client,
    community: Community,
    snapshot: TakeSnapshot,
    body: dict[str, object],
    status: int,
    slug: str,
) -> None:
    ann = community.world.user("Ann", balance=500)
    before = snapshot()
    answer = http.post(
        f"{MEMBERS}/{ann.id}/purchases",
        headers={**auth(community.till), "Idempotency-Key": "bad"},
        json=body,
    )
    assert answer.status_code == status, answer.text
    assert answer.json()["type"] == f"urn:communitybot:problem:{slug}"
    assert snapshot() == before


def test_nobody_charges_the_community_or_a_stranger(
    http: httpx.Client, community: Community, snapshot: TakeSnapshot
) -> None:
    before = snapshot()
    headers = {**auth(community.till), "Idempotency-Key": "x"}
    treasury = community.world.community().id
    body = {"name": "drink"}
    refused = http.post(f"{MEMBERS}/{treasury}/purchases", headers=headers, json=body)
    assert refused.status_code == 403
    assert http.post(f"{MEMBERS}/999999/purchases", headers=headers, json=body).status_code == 404
    guest = community.world.user("Gil", internal=False)
    before = snapshot()
    unvouched = http.post(f"{MEMBERS}/{guest.id}/purchases", headers=headers, json=body)
    assert unvouched.status_code == 403
    assert snapshot() == before


def test_a_till_acts_only_where_key_and_issuer_may(
    http: httpx.Client, community: Community, shop: Shop, snapshot: TakeSnapshot
) -> None:
    ann = community.world.user("Ann", balance=500)
    before = snapshot()
    body = {"name": "drink"}
    # a key of another economy
    assert http.get(MEMBERS, headers=auth(shop.master)).status_code == 403
    articles = http.get("/api/v1/community/articles", headers=auth(shop.master))
    assert articles.status_code == 403
    # a till issued by Bob, who holds no rights in the community's economy
    bobs = issue(shop.uow, community.economy_id, issuer=BOB, key_type=KeyType.MASTER)
    assert http.get(MEMBERS, headers=auth(bobs)).status_code == 403
    # a till whose issuer may read but not charge
    permissions.set_permissions(
        shop.uow,
        ADMIN,
        subject=Subject.user(BOB.user_id),
        permissions=[Permission.VIEW_BALANCE],
        economy_id=community.economy_id,
    )
    assert http.get(MEMBERS, headers=auth(bobs)).status_code == 200
    before = snapshot()
    charged = http.post(
        f"{MEMBERS}/{ann.id}/purchases",
        headers={**auth(bobs), "Idempotency-Key": "bob"},
        json=body,
    )
    assert charged.status_code == 403
    assert charged.json()["data"]["permission"] == "MANAGE_FUNDS"
    assert snapshot() == before
