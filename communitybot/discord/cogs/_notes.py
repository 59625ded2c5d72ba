"""Bank notes: ``/note issue|redeem|cancel|list``."""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands

from communitybot.core.economy import MAX_INTERVAL_DAYS
from communitybot.core.ids import BankNoteId, MemberId
from communitybot.discord import _parse as parse
from communitybot.discord import _present_admin as admin
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text


class NotesCog(EconomyCog):
    """One-time bank notes."""

    note_group = app_commands.Group(name="note", description=text("command.note"))

    @note_group.command(name="issue", description=text("command.note.issue"))
    @options("expires_in_days", amount="note_value", to="note_recipient", from_account="note_from")
    async def note_issue(
        self,
        interaction: Interaction,
        amount: str,
        to: discord.User,
        from_account: str | None = None,
        expires_in_days: app_commands.Range[int, 1, MAX_INTERVAL_DAYS] | None = None,
    ) -> None:
        """``/note issue amount to [from_account] [expires_in_days]``: a note only ``to`` can
        redeem; the code is shown privately."""
        cents = parse.amount(amount)

        def work(call: Call) -> str:
            source = call.account(from_account)
            expires = (
                None
                if expires_in_days is None
                else call.cases.now() + timedelta(days=expires_in_days)
            )
            issued = call.cases.issue_note(
                call.actor,
                account_id=source,
                amount=cents,
                recipient_id=MemberId(to.id),
                idempotency_key=call.key,
                expires_at=expires,
            )
            return admin.note_issued_text(issued, call.context())

        await self.answer(interaction, work, private=True, moves_money=True)

    @note_group.command(name="redeem", description=text("command.note.redeem"))
    @options("code", to_account="note_to")
    async def note_redeem(
        self, interaction: Interaction, code: str, to_account: str | None = None
    ) -> None:
        """``/note redeem code [to_account]``: by the note's recipient, in any server with the
        bot."""

        def work(call: Call) -> str:
            found = call.cases.inspect_note(code=code)
            economy = call.cases.get_economy(economy_id=found.economy_id)
            call.adopt(economy)
            target = call.account(to_account, economy=economy)
            redeemed = call.cases.redeem_note(
                call.actor,
                code=code,
                to_account_id=target,
                idempotency_key=call.key,
            )
            return admin.note_redeemed_text(redeemed, economy, call.context())

        await self.answer(interaction, work, private=True, moves_money=True)

    @note_group.command(name="cancel", description=text("command.note.cancel"))
    @options(number="note_number")
    async def note_cancel(self, interaction: Interaction, number: int) -> None:
        """``/note cancel number``: the money goes back to the issuing account."""

        def work(call: Call) -> str:
            cancelled = call.cases.cancel_note(
                call.actor,
                note_id=BankNoteId(number),
                idempotency_key=call.key,
            )
            call.adopt(call.cases.get_economy(economy_id=cancelled.economy_id))
            call.learn_visible()
            return admin.note_cancelled_text(cancelled, call.context())

        await self.answer(interaction, work, private=True, moves_money=True)

    @note_group.command(name="list", description=text("command.note.list"))
    @options(account="own_account")
    async def note_list(self, interaction: Interaction, account: str | None = None) -> None:
        """``/note list [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            found = call.cases.list_notes(call.actor, account_id=account_id)
            return admin.notes_text(found, account_id, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["NotesCog"]
