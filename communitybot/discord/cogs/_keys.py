"""Applications and API keys: ``/application create|list|delete`` and
``/key issue|activate|enable|disable|delete|list``, every answer private.

A key's token is shown once, in the private answer to ``/key issue``; only its hash is stored.
The member who issues a key is its issuer: it acts only once they ``/key activate`` it and it is
enabled, and never beyond what they may themselves.
"""

from __future__ import annotations

from discord import app_commands

from communitybot.core.economy import KeyType
from communitybot.core.ids import AccountId, ApiKeyId, ApplicationId
from communitybot.discord import _parse as parse
from communitybot.discord import _present_keys as present
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text, variant


class KeysCog(EconomyCog):
    """Applications and their API keys."""

    application_group = app_commands.Group(
        name="application", description=text("command.application")
    )
    key_group = app_commands.Group(name="key", description=text("command.key"))

    @application_group.command(name="create", description=text("command.application.create"))
    @options(name="application_name")
    async def application_create(self, interaction: Interaction, name: str) -> None:
        """``/application create name``: an application of this economy, owned by the actor."""

        def work(call: Call) -> str:
            made = call.cases.create_application(call.actor, economy_id=call.economy.id, name=name)
            return present.application_created_text(made, call.context())

        await self.answer(interaction, work, private=True)

    @application_group.command(name="list", description=text("command.application.list"))
    async def application_list(self, interaction: Interaction) -> None:
        """``/application list``: the actor's applications in this economy."""

        def work(call: Call) -> str:
            found = call.cases.list_applications(call.actor, economy_id=call.economy.id)
            return present.applications_text(found, call.context())

        await self.answer(interaction, work, private=True)

    @application_group.command(name="delete", description=text("command.application.delete"))
    @options(number="application_number")
    async def application_delete(self, interaction: Interaction, number: int) -> None:
        """``/application delete number``: the application and every key it made."""

        def work(call: Call) -> str:
            call.cases.delete_application(call.actor, application_id=ApplicationId(number))
            return present.application_deleted_text(number, call.context())

        await self.answer(interaction, work, private=True)

    @key_group.command(name="issue", description=text("command.key.issue"))
    @options(
        application="application_number",
        kind="key_type",
        account="key_account",
        spending_limit="key_limit",
    )
    async def key_issue(
        self,
        interaction: Interaction,
        application: int,
        kind: KeyType = KeyType.GRANT,
        account: str | None = None,
        spending_limit: str | None = None,
    ) -> None:
        """``/key issue application [kind] [account] [spending_limit]``: the token, once.

        A GRANT key acts on one account (the actor's own unless named) within its limit; a
        MASTER key on none.
        """
        limit = None if spending_limit is None else parse.amount(spending_limit)

        def work(call: Call) -> str:
            target: AccountId | None = None
            if kind is KeyType.GRANT:
                target = call.account(account)
            call.learn_visible()  # the unit and the accounts the answer names
            issued = call.cases.create_key(
                call.actor,
                application_id=ApplicationId(application),
                issuer_id=call.actor.user_id,
                key_type=kind,
                account_id=target,
                spending_limit=limit,
            )
            return present.key_issued_text(issued, call.context())

        await self.answer(interaction, work, private=True)

    @options(number="key_number")
    async def _change(self, interaction: Interaction, number: int) -> None:
        """``/key activate|enable|disable|delete number``: one callback, the verb from the
        command's name."""
        assert interaction.command is not None
        change = interaction.command.name

        def work(call: Call) -> str:
            act = {
                "activate": call.cases.activate_key,
                "enable": call.cases.enable_key,
                "disable": call.cases.disable_key,
                "delete": call.cases.delete_key,
            }[change]
            key = act(call.actor, key_id=ApiKeyId(number))
            call.learn_visible()
            return present.key_changed_text(change, key, call.context())

        await self.answer(interaction, work, private=True)

    key_activate = variant(_change, "activate", group=key_group)
    key_enable = variant(_change, "enable", group=key_group)
    key_disable = variant(_change, "disable", group=key_group)
    key_delete = variant(_change, "delete", group=key_group)

    @key_group.command(name="list", description=text("command.key.list"))
    @options(application="application_number")
    async def key_list(self, interaction: Interaction, application: int) -> None:
        """``/key list application``: its keys, never their secrets."""

        def work(call: Call) -> str:
            found = call.cases.list_keys(call.actor, application_id=ApplicationId(application))
            call.learn_visible()
            return present.keys_text(found, application, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["KeysCog"]
