"""/application and /key (applications and API keys) and /audit end to end, in English and
German: every answer private, the token shown once, refusals change nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from communitybot.core.economy import KeyType
from communitybot.services.economy import keys
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, World
from tests.discord.harness import SimMember
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]

HANNA = SimMember(100_000_000_000_000_011, "hanna", locale="de")
"""A member whose Discord client is German."""

_TOKEN = re.compile(r"`([0-9]+\.[A-Za-z0-9_-]+)`")


def application(world: World, member: SimMember = ALICE, name: str = "till") -> int:
    """``member`` creates an application; its number."""
    answer = world.slash(member, "application create", name=name)
    assert answer.ephemeral
    found = re.search(r"\*\*#(\d+)\*\*", answer.content)
    assert found, answer.content
    return int(found[1])


def test_create_list_issue_activate_enable_disable_delete(world: World) -> None:
    number = application(world)
    listed = world.slash(ALICE, "application list")
    assert listed.ephemeral
    assert listed.content == f"**Your applications**\n**#{number}** till"
    issued = world.slash(ALICE, "key issue", application=number, spending_limit="50")
    assert issued.ephemeral
    token = _TOKEN.search(issued.content)
    assert token, issued.content
    key_id = int(token[1].split(".")[0])
    assert issued.content == (
        f"Key **#{key_id}** grant key on <@{ALICE.id}>, spent 0.00 cr of 50.00 cr: disabled. "
        "Its token, shown only now (keep it secret; it is stored only as a hash):\n"
        f"`{token[1]}`"
    )
    activated = world.slash(ALICE, "key activate", number=key_id)
    assert activated.ephemeral
    assert activated.content.startswith(f"Activated: **#{key_id}** grant key")
    assert activated.content.endswith(": disabled")
    enabled = world.slash(ALICE, "key enable", number=key_id)
    assert enabled.content.endswith(": usable")
    assert keys.authenticate(world.uow, token[1]).key_id == key_id
    listing = world.slash(ALICE, "key list", application=number)
    assert listing.ephemeral
    assert token[1] not in listing.content
    assert listing.content == (
        f"**Keys of application #{number}**\n"
        f"**#{key_id}** grant key on <@{ALICE.id}>, spent 0.00 cr of 50.00 cr: usable"
    )
    assert world.slash(ALICE, "key disable", number=key_id).content.endswith(": disabled")
    assert world.slash(ALICE, "key delete", number=key_id).content.startswith("Deleted:")
    assert world.slash(ALICE, "key list", application=number).content == (
        f"Application #{number} has no keys."
    )
    deleted = world.slash(ALICE, "application delete", number=number)
    assert deleted.content == f"Application #{number} and every key it made are deleted."
    assert world.slash(ALICE, "application list").content == (
        "You have no applications in this economy."
    )


def test_a_master_key_and_the_tokens_work_only_once_shown(world: World) -> None:
    number = application(world)
    issued = world.slash(ALICE, "key issue", application=number, kind=KeyType.MASTER)
    assert "master key on no single account, spent 0.00 cr, no limit: disabled" in (issued.content)


def test_others_may_not_touch_someone_elses_application(world: World, snapshot: Take) -> None:
    number = application(world)
    key = world.slash(ALICE, "key issue", application=number, spending_limit="5")
    key_id = int(_TOKEN.search(key.content)[1].split(".")[0])
    lacks = "You lack `MANAGE_PERMISSIONS` in this economy, which is needed to change permissions."
    assert refused(world, snapshot, BOB, "key list", application=number) == lacks
    assert refused(world, snapshot, BOB, "key enable", number=key_id) == lacks
    assert refused(world, snapshot, BOB, "application delete", number=number) == lacks
    assert refused(world, snapshot, BOB, "key issue", application=number, spending_limit="5") == (
        lacks
    )
    bad = refused(world, snapshot, ALICE, "key issue", application=number, spending_limit="٣")
    assert bad.startswith("“٣” is not an amount: please write it with the digits 0-9.")
    assert refused(world, snapshot, ALICE, "key list", application=999) == (
        "There is no application #999."
    )


def test_in_german(world: World, snapshot: Take) -> None:
    world.open(HANNA)
    number = application(world, HANNA, "kasse")
    listed = world.slash(HANNA, "application list")
    assert listed.content == f"**Deine Anwendungen**\n**#{number}** kasse"
    issued = world.slash(HANNA, "key issue", application=number, spending_limit="5,5")
    assert issued.content.startswith("Schlüssel **#")
    assert "5,50 cr" in issued.content
    assert "nur jetzt zu sehen" in issued.content
    assert world.slash(HANNA, "key list", application=number).content.startswith(
        f"**Schlüssel der Anwendung #{number}**"
    )
    admin_de = SimMember(ADMIN.id, ADMIN.name, locale="de")
    page = world.slash(admin_de, "audit list", kind="application")
    assert page.content.splitlines()[0] == "**Protokoll dieser Wirtschaft** (neueste zuerst)"
    assert "`application.create`" in page.content
    exported = world.slash(admin_de, "audit export", kind="nothing")
    assert exported.content == "Das Protokoll, 0 Einträge, im Anhang."
    assert refused(world, snapshot, HANNA, "audit list") == (
        "Dir fehlt `MANAGE_PERMISSIONS` in dieser Wirtschaft; das brauchst du, um Rechte zu ändern."
    )


# --- /audit --------------------------------------------------------------------------------


def test_the_audit_lists_this_economys_changes_with_filters(world: World) -> None:
    number = application(world)
    world.slash(ALICE, "key issue", application=number, spending_limit="5")
    answer = world.slash(ADMIN, "audit list")
    assert answer.ephemeral
    lines = answer.content.splitlines()
    assert lines[0] == "**Audit of this economy** (newest first)"
    kinds = [re.findall(r"`([^`]+)`", line)[1] for line in lines[1:]]
    assert kinds == [
        "key.create",
        "application.create",
        "account.open",
        "account.open",
        "economy.create",
    ]
    assert (
        f"`user:{ALICE.id}` `application.create` `application:{number}`: nothing → " in (lines[2])
    )
    only = world.slash(ADMIN, "audit list", kind="account", limit=1)
    assert only.content.count("`account.open`") == 1
    assert "More with before: " in only.content
    mine = world.slash(ADMIN, "audit list", actor=ALICE)
    assert mine.content.count(f"`user:{ALICE.id}`") == 2
    assert world.slash(ADMIN, "audit list", target="nothing:1").content == (
        "No changes were recorded that match."
    )


def test_the_audit_refuses_bad_filters_and_members_without_the_power(
    world: World, snapshot: Take
) -> None:
    assert refused(world, snapshot, ALICE, "audit list") == (
        "You lack `MANAGE_PERMISSIONS` in this economy, which is needed to change permissions."
    )
    assert refused(world, snapshot, ADMIN, "audit list", since="yesterday") == (
        "That audit filter cannot be used: “since” is not a time (write it as "
        "2026-12-01T18:00+00:00)."
    )
    assert refused(world, snapshot, ADMIN, "audit list", until="2026-12-01T18:00") == (
        "That audit filter cannot be used: “until” needs a time zone."
    )


def test_the_audit_exports_as_csv_and_json(world: World) -> None:
    application(world)
    answer = world.slash(ADMIN, "audit export")
    assert answer.ephemeral
    assert answer.content == "The audit, 4 entries, attached."
    [(name, data)] = answer.files
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["kind"] for r in rows] == [
        "application.create",
        "account.open",
        "account.open",
        "economy.create",
    ]
    exported = world.slash(ADMIN, "audit export", format="json", kind="application")
    [(name, data)] = exported.files
    assert name.endswith(".json")
    [entry] = json.loads(data)
    assert entry["after"] == {"name": "till", "owner_id": ALICE.id}
    assert entry["actor"] == f"user:{ALICE.id}"
