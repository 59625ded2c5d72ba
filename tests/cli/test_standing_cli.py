"""The role and rule commands of ``communitybot users``, against the run's database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from communitybot.cli import main
from communitybot.core.community_standing import Action
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World


@pytest.fixture
def world(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> World:
    """The CLI pointed at the run's database (and at no config file), with the community user."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)
    world = World(uow)
    world.community()
    return world


def _rights(capsys: pytest.CaptureFixture[str], ref: str) -> dict[str, str]:
    assert main(["users", "rights", ref]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split()[0]: line for line in lines[3:]}


def test_grant_and_revoke_the_treasurer_role(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = world.user("Alice")
    assert main(["users", "roles"]) == 0
    assert "no roles yet" in capsys.readouterr().out
    assert main(["users", "grant-role", "@alice", "treasurer"]) == 0
    assert capsys.readouterr().out == f"#{alice.id} Alice now holds the role treasurer\n"
    assert main(["users", "grant-role", "@alice", "Treasurer"]) == 0
    assert "already holds" in capsys.readouterr().out
    assert main(["users", "roles"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "treasurer: activate_members allow, close_collective allow, grant_vote allow, "
        "manage_articles allow, manage_cash allow, manage_fees allow, reverse allow, "
        "set_membership allow, view_books allow",
        f"  holders: #{alice.id} Alice (@alice)",
    ]
    rights = _rights(capsys, "@alice")
    assert rights["grant_vote"].split()[1] == "yes"
    assert "role treasurer allow" in rights["grant_vote"]
    assert rights["vote"].split()[1:] == ["no", "(standing)"]
    assert main(["users", "revoke-role", str(alice.id), "treasurer"]) == 0
    assert "no longer holds" in capsys.readouterr().out
    assert _rights(capsys, "@alice")["grant_vote"].split()[1] == "no"
    [treasurer] = svc.list_roles(world.uow)
    assert main(["users", "log"]) == 0
    log = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in log] == [
        f"revoke_role user:{alice.id} treasurer",
        f"grant_role user:{alice.id} treasurer",
        f"create_role role:{treasurer.role.id} treasurer",
    ]


def test_allow_deny_and_reset_rules(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    bob = world.user("Bob")
    guest = world.user("Guest", internal=False)
    assert main(["users", "allow", "@bob", "vote"]) == 0
    assert capsys.readouterr().out == f"#{bob.id} Bob: vote allowed\n"
    assert main(["users", "allow", "@guest", "vote"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"#{guest.id} Guest: vote allowed",
        f"note: #{guest.id} Guest may still not vote: no rule lifts the bound of its standing",
    ]
    assert svc.member_may(world.uow, user=bob.id, action=Action.VOTE)
    assert world.get(bob).permission is False
    assert main(["users", "deny", "role:night-shift", "SEND"]) == 0
    assert capsys.readouterr().out == "role:night-shift: send denied\n"
    assert main(["users", "grant-role", "@bob", "night-shift"]) == 0
    assert not svc.member_may(world.uow, user=bob.id, action=Action.SEND)
    assert main(["users", "allow", "@bob", "send"]) == 0  # the user's rule beats its role's
    assert svc.member_may(world.uow, user=bob.id, action=Action.SEND)
    capsys.readouterr()
    assert main(["users", "reset", "@bob", "send"]) == 0
    assert capsys.readouterr().out == f"#{bob.id} Bob: rule removed for send\n"
    assert not svc.member_may(world.uow, user=bob.id, action=Action.SEND)
    assert main(["users", "reset", "@bob", "send"]) == 0
    assert capsys.readouterr().out == f"#{bob.id} Bob: no rule for send\n"


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["users", "grant-role", "@alice", "auditor"], 1, "There is no role “auditor”."),
        (["users", "revoke-role", "@alice", "treasurer"], 1, "There is no role “treasurer”."),
        (["users", "grant-role", "@nobody", "treasurer"], 1, "There is no user @nobody."),
        (["users", "grant-role", "@alice", "tres urer"], 2, "is no role name"),
        (["users", "allow", "@alice", "MANAGE_FUNDS"], 2, "is no action"),
        (["users", "deny", "role:", "send"], 2, "is no role name"),
    ],
)
def test_refused_commands_change_nothing(
    world: World,
    snapshot: Callable[[], Snapshot],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    status: int,
    message: str,
) -> None:
    world.user("Alice")
    before = snapshot()
    if status == 2:
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == status
    else:
        assert main(argv) == status
    assert message in capsys.readouterr().err
    assert snapshot() == before
