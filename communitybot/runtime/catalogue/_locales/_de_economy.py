"""German texts of the economies (the Discord bot): accounts, money, taxes, notes, permissions."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- shared pieces ---
    "economy.more": "… und {count} weitere",
    "economy.code": "<code>{text}</code>",
    "economy.or": " oder ",
    "economy.account_number": "Konto #{id}",
    "economy.member_number": "Mitglied {id}",
    "economy.issuance_account": "Ausgabekonto",
    "economy.api_key": "API-Schlüssel #{id}",
    "economy.scope.account": "auf {account}",
    "economy.scope.economy": "in dieser Wirtschaft",
    "economy.scope.everywhere": "überall",
    "economy.account_type.USER": "Benutzer",
    "economy.account_type.GOVERNMENT": "Regierung",
    "economy.account_type.CORPORATION": "Firma",
    "economy.account_type.CHARITY": "Wohltätigkeit",
    "economy.account_type.FINANCIAL": "Finanzen",
    "economy.note_state.OUTSTANDING": "offen",
    "economy.note_state.REDEEMED": "eingelöst",
    "economy.note_state.CANCELLED": "storniert",
    "economy.note_state.EXPIRED": "abgelaufen",
    "economy.recurring_status.ACTIVE": "aktiv",
    "economy.recurring_status.FINISHED": "abgeschlossen",
    "economy.recurring_status.CANCELLED": "storniert",
    # --- accounts ---
    "economy.balance": "{account}: <b>{balance}</b>",
    "economy.balance.limit": " (darf bis {limit} sinken)",
    "economy.balance.closed": " (geschlossen)",
    "economy.accounts.none": (
        "Du siehst noch keine Konten in dieser Wirtschaft: eröffne eines mit "
        "<code>/open-account</code>."
    ),
    "economy.accounts.title": "<b>Konten</b> ({count})",
    "economy.accounts.line": "• {account} · {type} · {balance}",
    "economy.opened.own": "{member} hat ein Konto eröffnet.",
    "economy.opened.for": "Konto für {member} eröffnet.",
    "economy.opened.named": "Konto {account} vom Typ {type} eröffnet.",
    "economy.opened.named_for": "Konto {account} vom Typ {type} für {member} eröffnet.",
    "economy.subscribed": (
        "Du bekommst eine Direktnachricht, sobald sich der Kontostand von {account} ändert."
    ),
    "economy.subscribed.already": "Du folgst {account} schon.",
    "economy.unsubscribed": "Du folgst {account} nicht mehr.",
    "economy.unsubscribed.not": "Du bist {account} nicht gefolgt.",
    "economy.private_answers.on": (
        "Ab jetzt siehst nur du die Antworten des Bots auf deine Befehle in dieser Wirtschaft. "
        "<code>/private-answers on:False</code> zeigt deine Aktionen wieder im Kanal."
    ),
    "economy.private_answers.off": (
        "Ab jetzt antwortet der Bot auf deine Aktionen in dieser Wirtschaft im Kanal "
        "(Kontostände, Buchungen und Listen bleiben privat)."
    ),
    # --- money ---
    "economy.transfer": "{payer} hat <b>{amount}</b> an {payee} gezahlt.",
    "economy.transfer.vat": " Dazu {vat} MwSt.: {total} insgesamt.",
    "economy.printed": "<b>{amount}</b> auf {account} gedruckt.",
    "economy.removed": "<b>{amount}</b> von {account} entfernt.",
    "economy.journal.title": "<b>Buchungen von {account}</b> (neueste zuerst)",
    "economy.journal.none": "{account} hat noch keine Buchungen.",
    "economy.journal.line": (
        "<code>#{id}</code> {when} <b>{amount}</b> {direction} {other} · {kind}"
    ),
    "economy.entry.TRANSFER": "Überweisung",
    "economy.entry.MINT": "gedruckt",
    "economy.entry.BURN": "entfernt",
    "economy.entry.TAX": "Steuer",
    "economy.entry.tax": "Steuer ({type})",
    "economy.entry.recurring": "{kind}, Dauerauftrag #{id}",
    "economy.transaction_type.PERSONAL": "privat",
    "economy.transaction_type.INCOME": "Einkommen",
    "economy.transaction_type.PURCHASE": "Kauf",
    "economy.tax_type.WEALTH_MARGINAL": "Vermögen, gestaffelt",
    "economy.tax_type.WEALTH_FLAT": "Vermögen, pauschal",
    "economy.tax_type.INCOME": "Einkommen",
    "economy.tax_type.VAT": "MwSt.",
    # --- taxes ---
    "economy.brackets.none": "Diese Wirtschaft hat keine Steuerstufen.",
    "economy.brackets.title": "<b>Steuerstufen</b>",
    "economy.bracket.line": (
        "• <b>{name}</b>: {tax_type} auf Konten vom Typ {affected}, {start} {end}, {rate} an "
        "{collector}"
    ),
    "economy.bracket.open_end": "und mehr",
    "economy.bracket.end": "bis {end}",
    "economy.bracket.created": "Steuerstufe angelegt\n{line}",
    "economy.bracket.deleted": "Steuerstufe „{name}“ gelöscht.",
    "economy.tax_preview.nothing": "Ein Steuerlauf für {period} würde jetzt nichts einziehen.",
    "economy.tax_preview.total": (
        "Ein Steuerlauf für <b>{period}</b> würde <b>{total}</b> von {payers} Konto/Konten "
        "einziehen:"
    ),
    "economy.tax_preview.line": "• {account} erhält {amount}",
    "economy.tax_preview.run": (
        "Starte ihn mit <code>/tax-run period:{period} confirm:True</code>."
    ),
    "economy.tax_cycle": (
        "Steuerlauf <b>{period}</b>: <b>{collected}</b> in {payments} Zahlung(en) eingezogen "
        "({when})."
    ),
    # --- recurring transfers ---
    "economy.recurring.line": (
        "<code>#{id}</code> {amount} alle {days} Tag(e) {times} von {payer} an {payee} "
        "· {progress}{status}"
    ),
    "economy.recurring.until_cancelled": "bis auf Widerruf",
    "economy.recurring.times": "{count}-mal",
    "economy.recurring.paid": "{count} gezahlt",
    "economy.recurring.failed": ", {count} fehlgeschlagen",
    "economy.recurring.status": " · {status}",
    "economy.recurring.none": "{account} hat keine Daueraufträge.",
    "economy.recurring.title": "<b>Daueraufträge von {account}</b>",
    "economy.recurring.created": (
        "Dauerauftrag eingerichtet\n{line}\nDie erste Zahlung ist in einem Abstand fällig."
    ),
    "economy.recurring.cancelled": "Dauerauftrag <code>#{id}</code> storniert.",
    "economy.recurring.over": "Der Dauerauftrag <code>#{id}</code> ist {status}.",
    # --- permissions ---
    "economy.permissions.granted": "{names} für {subject} {scope} erlaubt.",
    "economy.permissions.denied": "{names} für {subject} {scope} verboten.",
    "economy.permissions.reset": (
        "{names} für {subject} {scope} zurückgesetzt: es gelten wieder die "
        "Voreinstellungen{removed}."
    ),
    "economy.permissions.removed": " ({count} Regel(n) entfernt)",
    "economy.rules.none": "Keine Regeln zu {subject}: es gelten die Voreinstellungen.",
    "economy.rules.title": "<b>Regeln zu {subject}</b>",
    "economy.rules.line": "• <code>{permission}</code> {verdict} {scope}",
    "economy.rules.granted": "erlaubt",
    "economy.rules.denied": "verboten",
    # --- economies, currencies, exchanges ---
    "economy.name": "<b>{name}</b> (Einheit {unit})",
    "economy.created": (
        "Die Wirtschaft {economy} für diesen Server ist gegründet. "
        "Mitglieder eröffnen ihre Konten mit <code>/open-account</code>."
    ),
    "economy.registered": "Dieser Server nutzt jetzt die Wirtschaft {economy}.",
    "economy.unregistered": "Dieser Server hat die Wirtschaft {economy} verlassen.",
    "economy.info": "Dieser Server nutzt die Wirtschaft {economy}.",
    "economy.currencies.none": "Auf diesem Server ist noch keine Währung nutzbar.",
    "economy.currencies.title": "<b>Währungen hier</b>",
    "economy.currencies.line": "• {economy}",
    "economy.currencies.home": "• {economy} · die Wirtschaft dieses Servers",
    "economy.leaderboard.none": "Noch hat niemand Geld.",
    "economy.leaderboard.title": "<b>Rangliste</b> (bewertet in {currency})",
    "economy.leaderboard.line": "{rank}. {member} · {value}",
    "economy.exchanged": (
        "<b>{spent}</b> von {payer} in <b>{got}</b> auf {payee} getauscht "
        "(Kurs {numerator}/{denominator})."
    ),
    # --- bank notes ---
    "economy.note.expires": ", läuft ab {when}",
    "economy.note.issued": "Banknote <b>#{id}</b> über <b>{amount}</b> von {account}{expiry}.",
    "economy.note.code": (
        "{note} Ihr Code, nur jetzt sichtbar: nur {recipient} kann ihn einlösen, einmal, mit "
        "<code>/note redeem</code>; schick ihn ihm:\n<code>{code}</code>"
    ),
    "economy.note.code_shown": (
        "{note} Sie wurde schon früher ausgegeben, und ihr Code wird nur einmal gezeigt; ist er "
        "verloren, hol das Geld mit <code>/note cancel number:{id}</code> zurück."
    ),
    "economy.note.redeemed": "Banknote #{id} eingelöst: <b>{amount}</b> ({currency}){target}.",
    "economy.note.into": " auf {account}",
    "economy.note.cancelled": "Banknote #{id} storniert: {amount} gingen zurück an {account}.",
    "economy.notes.none": "{account} hat keine Banknoten ausgegeben.",
    "economy.notes.title": "<b>Banknoten von {account}</b>",
    "economy.notes.line": "<code>#{id}</code> {amount} · {state}{expiry}",
    # --- notifications (direct messages) ---
    "economy.notify.balance": "{account}{currency}: <b>{amount}</b> ({detail})",
    "economy.notify.currency": " ({name})",
    "economy.notify.recurring": "deines Dauerauftrags #{id} von {account}{currency}",
    "economy.notify.failed": "Zahlung {instalment} {what} ist fehlgeschlagen: {why}.",
    "economy.notify.failed_detail": "Eine Zahlung {what} ist fehlgeschlagen: {detail}",
    "economy.detail.payment": "Zahlung",
    "economy.detail.exchange_reversed": "Umtausch rückgängig",
    "economy.detail.recurring": "Dauerauftrag #{id}",
    "economy.detail.tax_cycle": "Steuerlauf",
    # --- the Discord adapter ---
    "discord.guild_only": "Wirtschaftsbefehle gehen auf einem Server, nicht in Direktnachrichten.",
    "discord.no_economy": (
        "Dieser Server hat noch keine Wirtschaft. Ein Administrator gründet eine mit "
        "<code>/economy create</code> oder tritt einer bei mit <code>/economy register</code>."
    ),
    "discord.no_account.own": (
        "Du hast noch kein Konto in dieser Wirtschaft: eröffne eines mit "
        "<code>/open-account</code>."
    ),
    "discord.no_account.other": "{member} hat kein Konto in dieser Wirtschaft.",
    "discord.no_account_in.own": "Du hast kein Konto in „{currency}“.",
    "discord.no_account_in.other": "{member} hat kein Konto in „{currency}“.",
    "discord.unknown_account": "In dieser Wirtschaft gibt es kein offenes Konto namens „{name}“.",
    "discord.unknown_currency": "Es gibt keine Wirtschaft mit der Währung „{ref}“.",
    "discord.choose_one": "Gib genau eines an: {options}.",
    "discord.name_required": "Ein Konto vom Typ {type} braucht einen <code>name</code>.",
    "discord.invalid_rate": (
        "„{text}“ ist kein Satz: schreib einen Prozentsatz von 0 bis 100 mit höchstens zwei "
        "Nachkommastellen, z. B. <code>10</code> oder <code>2,5</code>."
    ),
    "discord.not_a_member": "Das ist kein Mitglied dieses Servers.",
    "discord.bad_option": "Eine der Optionen war nicht lesbar; bitte prüfe sie.",
    "discord.command_changed": (
        "Dieser Befehl hat sich gerade geändert; bitte versuch es in einer Minute noch einmal."
    ),
    "discord.check_failed": "Diesen Befehl kannst du hier nicht benutzen.",
    # --- descriptions of the slash commands and their options (plain text, 100 characters) ---
    "discord.command.balance": "Dein Kontostand oder der eines Kontos",
    "discord.command.accounts": "Die Konten, die du sehen darfst, mit Kontostand",
    "discord.command.transactions": "Die letzten Buchungen eines Kontos",
    "discord.command.open-account": "Ein Konto in dieser Wirtschaft eröffnen",
    "discord.command.subscribe": "Eine Direktnachricht bekommen, wenn sich ein Kontostand ändert",
    "discord.command.unsubscribe": "Keine Direktnachrichten mehr zu einem Kontostand",
    "discord.command.pay": "Einem Mitglied Geld zahlen",
    "discord.command.pay-account": "An ein Konto zahlen (ein Laden, ein Hilfswerk...)",
    "discord.command.print": "Geld auf ein Konto drucken (MANAGE_FUNDS)",
    "discord.command.remove": "Geld von einem Konto entfernen (MANAGE_FUNDS)",
    "discord.command.tax-brackets": "Die Steuerstufen dieser Wirtschaft",
    "discord.command.tax-bracket": "Steuerstufen anlegen oder löschen (MANAGE_TAX_BRACKETS)",
    "discord.command.tax-bracket.create": "Eine Steuerstufe anlegen",
    "discord.command.tax-bracket.delete": "Eine Steuerstufe löschen",
    "discord.command.tax-run": (
        "Einen Steuerlauf ansehen, oder mit confirm ausführen (einmal je Zeitraum)"
    ),
    "discord.command.recurring": "Daueraufträge",
    "discord.command.recurring.create": "Alle paar Tage einen Betrag zahlen",
    "discord.command.recurring.list": "Daueraufträge von oder an ein Konto",
    "discord.command.recurring.cancel": "Einen Dauerauftrag beenden",
    "discord.command.permissions": (
        "Rechte erteilen, verweigern oder zurücksetzen (MANAGE_PERMISSIONS)"
    ),
    "discord.command.permissions.grant": "Einem Mitglied oder einer Rolle etwas erlauben",
    "discord.command.permissions.deny": "Einem Mitglied oder einer Rolle etwas verbieten",
    "discord.command.permissions.reset": "Eine Regel entfernen: wieder entscheiden die Vorgaben",
    "discord.command.permissions.list": "Die Regeln über ein Mitglied oder eine Rolle",
    "discord.command.private-answers": (
        "Nur du siehst die Antworten auf deine Aktionen (oder nicht)"
    ),
    "discord.command.note": "Einmalige Banknoten: wer den Code hat, löst sie einmal ein",
    "discord.command.note.issue": "Geld in eine Banknote legen und ihren Code bekommen",
    "discord.command.note.redeem": "Eine Banknote mit ihrem Code einlösen",
    "discord.command.note.cancel": "Eine offene Banknote zurücknehmen",
    "discord.command.note.list": "Die Banknoten, die ein Konto ausgegeben hat",
    "discord.command.currencies": "Die Währungen, die auf diesem Server gelten",
    "discord.command.exchange": "Geld in eine andere Währung dieser Gruppe tauschen",
    "discord.command.leaderboard": (
        "Die Mitglieder mit dem meisten Geld in dieser Wirtschaft (oder Gruppe)"
    ),
    "discord.command.economy": "Die Wirtschaft dieses Servers",
    "discord.command.economy.create": "Eine Wirtschaft gründen, die diesem Server gehört",
    "discord.command.economy.register": "Diesen Server einer Wirtschaft anschließen",
    "discord.command.economy.unregister": "Die Wirtschaft dieses Servers verlassen",
    "discord.command.economy.info": "Welche Wirtschaft dieser Server benutzt",
    "discord.option.own_account": "ein Kontoname (sonst dein eigenes Konto)",
    "discord.option.count": "wie viele (1 bis 25, sonst 10)",
    "discord.option.new_name": "der Name des Kontos (für dein eigenes Konto sonst deine Erwähnung)",
    "discord.option.account_type": (
        "USER (Vorgabe), GOVERNMENT, CORPORATION, CHARITY oder FINANCIAL"
    ),
    "discord.option.owner": "für ein anderes Mitglied eröffnen (braucht OPEN_SPECIAL_ACCOUNT)",
    "discord.option.payee": "wer das Geld bekommt",
    "discord.option.amount": "z. B. 5, 5,50 oder 12,5",
    "discord.option.purchase": "z. B. 5, 5,50 oder 12,5 (ein Kauf schlägt die Mehrwertsteuer auf)",
    "discord.option.pay_from": "von diesem Konto zahlen (sonst von deinem eigenen)",
    "discord.option.account_name": "der Name des Kontos",
    "discord.option.funds": "z. B. 100",
    "discord.option.member_account": "das Konto eines Mitglieds",
    "discord.option.or_account_name": "oder der Name eines Kontos",
    "discord.option.bracket": "der Name der Steuerstufe",
    "discord.option.affected_type": "welche Konten sie zahlen",
    "discord.option.tax_type": "WEALTH_MARGINAL, WEALTH_FLAT, INCOME oder VAT",
    "discord.option.rate": "Prozent, z. B. 10 oder 2,5",
    "discord.option.collector": "das Konto, das sie bekommt",
    "discord.option.start": "wo sie beginnt (sonst bei 0)",
    "discord.option.end": "wo sie endet (sonst ohne Ende)",
    "discord.option.period": (
        "der besteuerte Zeitraum, z. B. 2026-03 (jeder Zeitraum wird einmal besteuert)"
    ),
    "discord.option.confirm": "True führt den Lauf aus; ohne siehst du, was er einziehen würde",
    "discord.option.instalment": "jede Zahlung, z. B. 10",
    "discord.option.interval_days": "Tage zwischen den Zahlungen",
    "discord.option.pay_member": "diesem Mitglied zahlen",
    "discord.option.or_account": "oder diesem Konto",
    "discord.option.payments": "wie viele Zahlungen (sonst bis zur Kündigung)",
    "discord.option.recurring_number": "die Nummer des Auftrags (siehe /recurring list)",
    "discord.option.rule_who": "ein Mitglied oder eine Rolle (@everyone für alle)",
    "discord.option.allow": "was sie dürfen",
    "discord.option.forbid": "was sie nicht dürfen",
    "discord.option.rule_account": "nur auf diesem Konto (sonst in der ganzen Wirtschaft)",
    "discord.option.rule_everywhere": "in jeder Wirtschaft (eine globale Regel)",
    "discord.option.reset_who": "ein Mitglied oder eine Rolle",
    "discord.option.reset_permission": "das Recht, dessen Regel wegfällt",
    "discord.option.reset_account": "die Regel auf diesem Konto (sonst die der Wirtschaft)",
    "discord.option.reset_everywhere": "die globale Regel",
    "discord.option.list_who": "ein Mitglied oder eine Rolle (sonst du)",
    "discord.option.private": (
        "True: Antworten auf deine Aktionen nur an dich; False: im Kanal, wie sonst"
    ),
    "discord.option.note_value": "der Wert der Note, z. B. 20",
    "discord.option.note_from": "von diesem Konto nehmen (sonst von deinem eigenen)",
    "discord.option.expires_in_days": (
        "das Geld nach so vielen Tagen an dich zurückgeben (sonst nie)"
    ),
    "discord.option.code": "der Code der Note (eyJ...)",
    "discord.option.note_to": "auf dieses Konto in der Währung der Note (sonst dein eigenes)",
    "discord.option.note_number": "die Nummer der Note",
    "discord.option.exchange_amount": "wie viel von der Währung dieses Servers",
    "discord.option.to_currency": "der Name der Währung",
    "discord.option.exchange_from": "von diesem Konto (sonst von deinem eigenen)",
    "discord.option.exchange_to": "auf dieses Konto von dir in jener Währung (sonst dein eigenes)",
    "discord.option.places": "wie viele Plätze (1 bis 25, sonst 5)",
    "discord.option.currency_name": "der Name der Währung, z. B. credits",
    "discord.option.currency_unit": "ihre Einheit, z. B. cr",
    "discord.option.economy_name": "der Währungsname der Wirtschaft",
}
