"""Roles and rules of the community: the ``users`` commands ``roles``, ``rights``, ``grant-role``,
``revoke-role``, ``allow``, ``deny``, ``reset`` and ``log``.

They store the community's rules in the core's permission model (see docs/admin.md). A SUBJECT is
a user (``42``, ``@ada``, ``tid:123``) or a role (``role:treasurer``); an ACTION is one of the
community's actions (``send`` ... ``close_collective``).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from communitybot.cli import _text
from communitybot.cli._guard import initialised
from communitybot.cli._ledger import resolve_user, yes_no
from communitybot.core.community_standing import (
    Action,
    RoleView,
    clean_role_name,
    parse_action,
)
from communitybot.core.economy import Decision, PermissionRule, Source, SubjectKind
from communitybot.core.errors import InvalidName
from communitybot.services import community as svc
from communitybot.settings import Settings

ROLE_PREFIX = "role:"
ACTIONS = ", ".join(a.value for a in Action)


def _action(text: str) -> Action:
    action = parse_action(text)
    if action is None:
        raise argparse.ArgumentTypeError(
            _text.usage("cli.arg.no_action", text=repr(text), actions=ACTIONS)
        )
    return action


def _role_name(text: str) -> str:
    try:
        return clean_role_name(text)
    except InvalidName:
        msg = _text.usage("cli.arg.no_role", text=repr(text), underscore="_")
        raise argparse.ArgumentTypeError(msg) from None


def _subject_text(text: str) -> str:
    cleaned = text.strip()
    if cleaned.lower().startswith(ROLE_PREFIX):
        return ROLE_PREFIX + _role_name(cleaned[len(ROLE_PREFIX) :])
    return cleaned


def register_users(actions: Any) -> None:
    """Add the role and rule commands to the ``users`` subcommands ``actions``."""
    roles = actions.add_parser("roles", help="list the roles, their rules and who holds them")
    roles.set_defaults(handler=run_roles)
    rights = actions.add_parser(
        "rights", help="what a user may do and why (standing, roles, rules)"
    )
    rights.add_argument("user", help="id, @username or tid:<telegram id>")
    rights.set_defaults(handler=run_rights)
    for name, text in (
        ("grant-role", "give a user a role (treasurer is built in)"),
        ("revoke-role", "take a role from a user"),
    ):
        change = actions.add_parser(name, help=text)
        change.add_argument("user", help="id, @username or tid:<telegram id>")
        change.add_argument("role", type=_role_name, help="the role, e.g. treasurer")
        change.set_defaults(handler=run_role_change)
    for name, text in (
        ("allow", "a rule granting an action to a user or a role"),
        ("deny", "a rule denying an action to a user or a role"),
        ("reset", "remove the rule, so the standing's default decides again"),
    ):
        rule = actions.add_parser(name, help=text, description=f"ACTION is one of: {ACTIONS}.")
        rule.add_argument(
            "subject", type=_subject_text, help="id, @username, tid:<id> or role:<name>"
        )
        rule.add_argument(
            "permission", metavar="ACTION", type=_action, help="e.g. vote, send, grant_vote"
        )
        rule.set_defaults(handler=run_rule)
    log = actions.add_parser("log", help="the latest changes of roles, rules and standing")
    log.add_argument("--limit", type=int, default=50, help="how many (default: %(default)s)")
    log.set_defaults(handler=run_log)


def _verdict(settings: Settings, allowed: bool) -> str:
    return _text.text(settings, "cli.verdict.allow" if allowed else "cli.verdict.deny")


def _rule_text(settings: Settings, rule: PermissionRule, roles: Mapping[int, str]) -> str:
    if rule.subject.kind is SubjectKind.ROLE:
        name = roles.get(rule.subject.id, f"#{rule.subject.id}")
        who = _text.text(settings, "cli.who.role", name=name)
    else:
        who = _text.text(settings, "cli.who.user", id=rule.subject.id)
    verdict = _verdict(settings, rule.allowed)
    return _text.text(settings, "cli.rule.line", id=rule.id, who=who, verdict=verdict)


def _role_line(settings: Settings, view: RoleView) -> list[str]:
    rules = ", ".join(
        f"{r.permission.value} {_verdict(settings, r.allowed)}"
        for r in sorted(view.rules, key=lambda r: r.permission.value)
    )
    holders = ", ".join(
        f"#{h.id} {h.name}" + (f" (@{h.username})" if h.username else "") for h in view.holders
    )
    held = _text.text(settings, "cli.role.holders", holders=holders or "-")
    return [f"{view.role.name}: {rules or '-'}", held]


def run_roles(args: argparse.Namespace, settings: Settings) -> int:
    """Print every role with its rules and holders."""
    del args
    with initialised(settings) as container:
        views = svc.list_roles(container.uow)
    if not views:
        print(_text.text(settings, "cli.roles.none"))
    for view in views:
        print("\n".join(_role_line(settings, view)))
    return 0


def _why(settings: Settings, decision: Decision, roles: Mapping[int, str]) -> str:
    if decision.source is Source.RULE and decision.rule is not None:
        return _rule_text(settings, decision.rule, roles)
    return _text.text(settings, "cli.why.standing")


def run_rights(args: argparse.Namespace, settings: Settings) -> int:
    """Print a user's standing, roles and rules, and what it may do."""
    with initialised(settings) as container:
        user = resolve_user(container, args.user)
        rights = svc.rights(container.uow, user=user.id)
        roles = {int(v.role.id): v.role.name for v in svc.list_roles(container.uow)}
    name = user.name + (f" (@{user.username})" if user.username else "")
    held = ", ".join(r.name for r in rights.roles) or "-"
    rules = ", ".join(_rule_text(settings, r, roles) for r in rights.rules) or "-"
    lines = [
        f"#{user.id} {name}: {rights.standing.value}",
        _text.text(settings, "cli.rights.roles", roles=held),
        _text.text(settings, "cli.rights.rules", rules=rules),
    ]
    width = max(len(a.value) for a in Action)
    answers = {flag: yes_no(settings, flag) for flag in (True, False)}
    wide = max(map(len, answers.values()))
    for action, decision in rights.decisions:
        why = _why(settings, decision, roles)
        lines.append(f"{action.value:<{width}}  {answers[decision.allowed]:<{wide}}  ({why})")
    print("\n".join(lines))
    return 0


def run_role_change(args: argparse.Namespace, settings: Settings) -> int:
    """Grant or revoke a role and say what happened."""
    granting = args.action == "grant-role"
    with initialised(settings) as container:
        user = resolve_user(container, args.user)
        if granting:
            changed = svc.grant_role(container.uow, user=user.id, role=args.role)
        else:
            changed = svc.revoke_role(container.uow, user=user.id, role=args.role)
    if granting:
        done = "cli.role.granted" if changed else "cli.role.held"
    else:
        done = "cli.role.revoked" if changed else "cli.role.not_held"
    print(_text.text(settings, done, user=f"#{user.id} {user.name}", role=args.role))
    return 0


def run_rule(args: argparse.Namespace, settings: Settings) -> int:
    """Set or remove one rule and say what happened."""
    action: Action = args.permission
    with initialised(settings) as container:
        subject: svc.RoleRef | svc.UserRef
        if args.subject.startswith(ROLE_PREFIX):
            subject = svc.RoleRef(args.subject[len(ROLE_PREFIX) :])
            label = args.subject
        else:
            user = resolve_user(container, args.subject)
            subject, label = user.id, f"#{user.id} {user.name}"
        if args.action == "reset":
            removed = svc.reset_rule(container.uow, subject=subject, action=action)
            done = "cli.rule.removed" if removed else "cli.rule.none"
            print(_text.text(settings, done, who=label, action=action.value))
            return 0
        allowed = args.action == "allow"
        svc.set_rule(container.uow, subject=subject, action=action, allowed=allowed)
        inert = (
            allowed
            and not isinstance(subject, svc.RoleRef)
            and not svc.member_may(container.uow, user=subject, action=action)
        )
    done = "cli.rule.allowed" if allowed else "cli.rule.denied"
    print(_text.text(settings, done, who=label, action=action.value))
    if inert:
        print(_text.text(settings, "cli.rule.inert", who=label, action=action.value))
    return 0


def run_log(args: argparse.Namespace, settings: Settings) -> int:
    """Print the latest entries of the standing log."""
    with initialised(settings) as container:
        entries = svc.standing_log(container.uow, limit=max(1, args.limit))
    for entry in entries:
        if entry.actor_id is None:
            actor = _text.text(settings, "cli.who.admin")
        else:
            actor = _text.text(settings, "cli.who.user", id=entry.actor_id)
        detail = f" {entry.detail}" if entry.detail else ""
        print(f"{entry.at:%Y-%m-%d %H:%M:%S} {actor}: {entry.change} {entry.subject}{detail}")
    return 0


__all__ = ["register_users"]
