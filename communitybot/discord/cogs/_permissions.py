"""Permissions: ``/permissions grant|deny|reset|list``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from communitybot.core.economy import Permission, Subject
from communitybot.core.errors import LacksPermission
from communitybot.core.ids import AccountId, EconomyId
from communitybot.discord import _present_admin as admin
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text, variant
from communitybot.discord._present import private_answers_text

Rule = app_commands.Command[Any, ..., None]


def _verb_command(
    group: app_commands.Group, callback: Callable[..., Any], name: str, verb: str, keys: str
) -> Rule:
    """``/permissions <name>`` running ``callback`` with ``verb`` in its ``extras``, its options
    (who, permission, account, everywhere) described by the catalogue's ``keys``."""
    command: Rule = variant(callback, name, group=group, verb=verb)
    described = dict(zip(("who", "permission", "account", "everywhere"), keys.split(), strict=True))
    return options(**described)(command)


class PermissionsCog(EconomyCog):
    """Rules about members and roles."""

    permissions_group = app_commands.Group(
        name="permissions", description=text("command.permissions")
    )

    async def _rule(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions grant|deny|reset who permission [account] [everywhere]``: one callback
        for the three commands, each naming its verb in ``extras`` (see :func:`_verb_command`)."""
        assert interaction.command is not None
        verb: str = interaction.command.extras["verb"]
        subject = Subject.role(who.id) if isinstance(who, discord.Role) else Subject.user(who.id)
        guild_id = interaction.guild_id or 0

        def work(call: Call) -> str:
            account_id: AccountId | None = None
            economy_id: EconomyId | None = None
            if account is not None and account.strip():
                account_id = call.named_account(account)
            elif not everywhere:
                economy_id = call.economy.id
            count: int | None = None
            if verb == "reset":
                count = call.cases.reset_permissions(
                    call.actor,
                    subject=subject,
                    permissions=[permission],
                    economy_id=economy_id,
                    account_id=account_id,
                )
            else:
                call.cases.set_permissions(
                    call.actor,
                    subject=subject,
                    permissions=[permission],
                    economy_id=economy_id,
                    account_id=account_id,
                    allowed=verb == "granted",
                )
            context = call.context()
            return admin.permissions_set_text(
                verb,
                [permission.value],
                admin.subject_text(subject.kind, subject.id, guild_id, context),
                admin.scope_text(economy_id, account_id, context),
                context,
                count,
            )

        await self.answer(interaction, work, private=False)

    permissions_grant = _verb_command(
        permissions_group, _rule, "grant", "granted", "rule_who allow rule_account rule_everywhere"
    )
    permissions_deny = _verb_command(
        permissions_group, _rule, "deny", "denied", "rule_who forbid rule_account rule_everywhere"
    )
    permissions_reset = _verb_command(
        permissions_group,
        _rule,
        "reset",
        "reset",
        "reset_who reset_permission reset_account reset_everywhere",
    )

    @permissions_group.command(name="list", description=text("command.permissions.list"))
    @options(who="list_who")
    async def permissions_list(
        self, interaction: Interaction, who: discord.Member | discord.Role | None = None
    ) -> None:
        """``/permissions list [who]``: the rules of this economy and the global ones.

        Global rules about others are shown to those who may manage permissions globally.
        """
        target = who or interaction.user
        subject = (
            Subject.role(target.id) if isinstance(target, discord.Role) else Subject.user(target.id)
        )
        guild_id = interaction.guild_id or 0

        def work(call: Call) -> str:
            economy_id = call.economy.id
            try:
                found = call.cases.list_permissions(call.actor, subject=subject)
            except LacksPermission:
                found = call.cases.list_permissions(
                    call.actor, subject=subject, economy_id=economy_id
                )
            rules = [r for r in found if r.scope.economy_id in (None, economy_id)]
            call.learn_visible()
            context = call.context()
            subject_label = admin.subject_text(subject.kind, subject.id, guild_id, context)
            return admin.rules_text(rules, subject_label, context)

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="private-answers", description=text("command.private-answers"))
    @options(on="private")
    async def private_answers(self, interaction: Interaction, on: bool) -> None:
        """``/private-answers on``: set one's own ``USES_EPHEMERAL`` in this economy.

        A preference, not a power: everybody may set their own (granted for on, denied for off,
        so a role's preference does not override the member's choice).
        """

        def work(call: Call) -> str:
            call.cases.set_permissions(
                call.actor,
                subject=Subject.user(call.actor.user_id),
                permissions=[Permission.USES_EPHEMERAL],
                economy_id=call.economy.id,
                allowed=on,
            )
            return private_answers_text(on, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["PermissionsCog"]
