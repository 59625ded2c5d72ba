"""Permissions: ``/permissions grant|deny|reset|list``."""

from __future__ import annotations

import discord
from discord import app_commands

from communitybot.core.economy import Permission, Subject
from communitybot.core.errors import LacksPermission
from communitybot.core.ids import AccountId, EconomyId
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction
from communitybot.discord._present import private_answers_text
from communitybot.discord._present_admin import (
    permissions_set_text,
    rules_text,
    scope_text,
    subject_text,
)


class PermissionsCog(EconomyCog):
    """Rules about members and roles."""

    permissions_group = app_commands.Group(
        name="permissions", description="Grant, deny or reset permissions (MANAGE_PERMISSIONS)"
    )

    async def _set_rule(
        self,
        interaction: Interaction,
        *,
        verb: str,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None,
        everywhere: bool,
    ) -> None:
        subject = Subject.role(who.id) if isinstance(who, discord.Role) else Subject.user(who.id)
        guild_id = interaction.guild_id or 0

        def work(call: Call) -> str:
            account_id: AccountId | None = None
            economy_id: EconomyId | None = None
            if account is not None and account.strip():
                account_id = call.named_account(account)
            elif not everywhere:
                economy_id = call.economy.id
            if verb == "reset":
                count: int | None = call.cases.reset_permissions(
                    call.actor,
                    subject=subject,
                    permissions=[permission],
                    economy_id=economy_id,
                    account_id=account_id,
                )
            else:
                count = None
                call.cases.set_permissions(
                    call.actor,
                    subject=subject,
                    permissions=[permission],
                    economy_id=economy_id,
                    account_id=account_id,
                    allowed=verb == "granted",
                )
            context = call.context()
            return permissions_set_text(
                verb,
                [permission.value],
                subject_text(subject.kind, subject.id, guild_id, context),
                scope_text(economy_id, account_id, context),
                context,
                count,
            )

        await self.answer(interaction, work, private=False)

    @permissions_group.command(name="grant", description="Allow a member or role something")
    @app_commands.describe(
        who="a member or a role (@everyone for everybody)",
        permission="what they may do",
        account="only on this account (default: the whole economy)",
        everywhere="in every economy (a global rule)",
    )
    async def permissions_grant(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions grant who permission [account] [everywhere]``."""
        await self._set_rule(
            interaction,
            verb="granted",
            who=who,
            permission=permission,
            account=account,
            everywhere=everywhere,
        )

    @permissions_group.command(name="deny", description="Forbid a member or role something")
    @app_commands.describe(
        who="a member or a role (@everyone for everybody)",
        permission="what they may not do",
        account="only on this account (default: the whole economy)",
        everywhere="in every economy (a global rule)",
    )
    async def permissions_deny(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions deny who permission [account] [everywhere]``."""
        await self._set_rule(
            interaction,
            verb="denied",
            who=who,
            permission=permission,
            account=account,
            everywhere=everywhere,
        )

    @permissions_group.command(name="reset", description="Remove a rule: the defaults decide again")
    @app_commands.describe(
        who="a member or a role",
        permission="the permission whose rule goes",
        account="the rule on this account (default: the economy's rule)",
        everywhere="the global rule",
    )
    async def permissions_reset(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions reset who permission [account] [everywhere]``."""
        await self._set_rule(
            interaction,
            verb="reset",
            who=who,
            permission=permission,
            account=account,
            everywhere=everywhere,
        )

    @permissions_group.command(name="list", description="The rules about a member or role")
    @app_commands.describe(who="a member or a role (default: you)")
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
            subject_label = subject_text(subject.kind, subject.id, guild_id, context)
            return rules_text(rules, subject_label, context)

        await self.answer(interaction, work, private=True)

    @app_commands.command(
        name="private-answers", description="Only you see the answers to your actions (or not)"
    )
    @app_commands.describe(
        on="True: answers to your actions only to you; False: in the channel, as by default"
    )
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
