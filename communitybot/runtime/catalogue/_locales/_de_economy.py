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
        "{note} Ihr Code, nur jetzt sichtbar (wer ihn hat, kann ihn einmal einlösen, mit "
        "<code>/note redeem</code>):\n<code>{code}</code>"
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
}
