"""Deutsche Texte der Discord-Befehle für jede Fähigkeit (Issue 11)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- Konten ---
    "economy.account.renamed": "{old} heißt jetzt {account}.",
    "economy.account.handed_over": "{account} gehört jetzt {member}.",
    "economy.account.closed": "{account} ist geschlossen.",
    "economy.account.limited": "{account} darf jetzt bis {limit} sinken.",
    "economy.deleted": (
        "Die Wirtschaft {economy} ist gelöscht: ihre Konten sind geschlossen, kein Server "
        "nutzt sie mehr."
    ),
    # --- Geldbörse ---
    "economy.wallet.none": "Auf diesem Server ist noch keine Währung nutzbar.",
    "economy.wallet.title": "<b>Deine Geldbörse</b>",
    "economy.wallet.line": "• {currency}: <b>{balance}</b>",
    "economy.wallet.no_account": "• {currency}: noch kein Konto",
    # --- Gruppen und Währungen ---
    "economy.group.label": "<b>{name}</b> ({kind})",
    "economy.group_kind.GLOBAL": "global",
    "economy.group_kind.LOCAL": "lokal",
    "economy.group_kind.SINGLE": "ein Server",
    "economy.group.created": "Die Wirtschaftsgruppe {group} ist angelegt.",
    "economy.group.joined": (
        "Dieser Server ist {group} beigetreten: ihre Währungen sind hier nutzbar."
    ),
    "economy.group.left": "Dieser Server hat {group} verlassen.",
    "economy.groups.none": "Es gibt noch keine Wirtschaftsgruppen.",
    "economy.groups.title": "<b>Wirtschaftsgruppen</b>",
    "economy.groups.line": "• {group}: {currencies}",
    "economy.groups.joined": "• {group}: {currencies} · dieser Server ist dabei",
    "economy.currency.added": "{currency} ist jetzt eine Währung von {group}.",
    "economy.currency.primary": "{currency} ist jetzt die Hauptwährung von {group}.",
    "economy.currency.removed": "{currency} ist keine Währung von {group} mehr.",
    # --- Wechselkurse ---
    "economy.rate.set": "Kurs gesetzt: 1 {source} kauft {numerator}/{denominator} {target}.",
    "economy.rate.removed": "Der Kurs von {source} nach {target} ist entfernt.",
    "economy.rates.none": "{group} hat noch keine Wechselkurse.",
    "economy.rates.title": "<b>Wechselkurse</b> von {group}",
    "economy.rates.line": "• 1 {source} → {numerator}/{denominator} {target}",
    # --- Ausgabenkategorien und Kreditlinien ---
    "economy.categories.none": "Diese Wirtschaft hat noch keine Ausgabenkategorien.",
    "economy.categories.title": "<b>Ausgabenkategorien</b>",
    "economy.categories.line": "• <code>{code}</code> {name}",
    "economy.category.created": "Die Ausgabenkategorie <code>{code}</code> ({name}) ist angelegt.",
    "economy.credit.line": (
        "<code>#{id}</code> <b>{name}</b> · {holder} auf {account} · {left} von {limit} übrig "
        "{period} · {state}"
    ),
    "economy.credit_period.TOTAL": "insgesamt",
    "economy.credit_period.DAY": "heute",
    "economy.credit_period.WEEK": "diese Woche",
    "economy.credit_period.MONTH": "diesen Monat",
    "economy.credit_period.YEAR": "dieses Jahr",
    "economy.credit.open": "offen",
    "economy.credit.terminated": "beendet",
    "economy.credit.opened": "Kreditlinie eröffnet: {line}",
    "economy.credit.limited": "Limit geändert: {line}",
    "economy.credit.reset": "Ausgaben zurückgesetzt: {line}",
    "economy.credit.closed": "Kreditlinie beendet: {line}",
    "economy.credit.none": "Keine Kreditlinien.",
    "economy.credit.title": "<b>Kreditlinien</b>",
    "economy.credit.paid": (
        "{member} hat <b>{amount}</b> von {payer} an {payee} im Rahmen seiner Kreditlinien bezahlt."
    ),
    # --- Prägen per Reaktion, Benachrichtigungen ---
    "economy.detail.reaction_mint": "per Reaktion geprägt",
    "economy.notify.title.balance": "Kontostand geändert",
    "economy.notify.title.failed": "Ein Dauerauftrag ist fehlgeschlagen",
    "economy.quote": (
        "Ein Tausch von {spent} ergäbe jetzt <b>{got}</b> (Kurs {numerator}/{denominator})."
    ),
    "economy.exchanges.none": "Keine Tausche von oder zu diesem Konto.",
    "economy.exchanges.title": "<b>Tausche</b>",
    "economy.exchanges.line": "<code>#{id}</code> {spent} → {got} · {state}",
    "economy.exchange_state.PENDING": "unterwegs",
    "economy.exchange_state.COMPLETED": "abgeschlossen",
    "economy.exchange_state.REVERSED": "rückgängig, das Geld ging zurück",
    "economy.subscribers.none": "Niemand folgt {account}.",
    "economy.subscribers": "{account} folgen: {members}",
    "economy.payments.none": "Dauerauftrag #{id} hat noch nichts gezahlt.",
    "economy.payments.title": "<b>Zahlungen</b> von Dauerauftrag #{id}",
    "economy.payments.paid": "• {instalment}. gezahlt {at}",
    "economy.payments.failed": "• {instalment}. fehlgeschlagen {at}: {why}",
    "discord.command.exchange-quote": "Was ein Tausch in eine andere Währung jetzt ergäbe",
    "discord.command.exchanges": "Die Tausche von oder zu einem Konto",
    "discord.command.subscribers": "Wer den Kontostand per Direktnachricht bekommt",
    "discord.command.recurring.payments": "Die Zahlungen eines Dauerauftrags, geleistet oder nicht",
    # --- Ablehnungen ---
    "kind.server_currency": "Hier nutzbare Währung",
    "cli.finding.reaction_mint_mismatch": (
        "Prägung per Reaktion {ref} über {value} passt nicht zu ihrer Journalzeile"
    ),
    "error.permission.MINT_BY_REACTION": "per Reaktion auf Nachrichten Geld zu prägen",
    "error.reaction_mint_cap": (
        "Du hast heute {minted} per Reaktion geprägt; {amount} mehr überschritte das "
        "Tageslimit von {cap}."
    ),
    "error.own_message_reaction": (
        "Niemand prägt sich selbst Geld, indem er auf die eigene Nachricht reagiert."
    ),
    "error.member_list_unavailable": (
        "Discord gibt diesem Bot die Mitgliederliste des Servers nicht (die Anwendung braucht "
        "den Server-Mitglieder-Intent), daher lässt sich die Rangliste nicht auf sie beschränken."
    ),
    "error.confirmation_mismatch": "Zur Bestätigung tippe genau „{expected}“.",
    "error.reason.server_in_no_group": (
        "die Wirtschaft dieses Servers ist in keiner Gruppe, nenne also eine"
    ),
    # --- Beschreibungen der neuen Befehle und ihrer Optionen ---
    "discord.command.account": "Ein Konto umbenennen, übergeben, schließen oder sein Limit setzen",
    "discord.command.account.rename": "Ein Konto umbenennen (nicht das eigene eines Mitglieds)",
    "discord.command.account.hand-over": "Ein Konto (nicht das eigene) weitergeben",
    "discord.command.account.close": "Ein leeres Konto schließen",
    "discord.command.account.limit": (
        "Wie tief ein Konto sinken darf (negativ: Kredit; MANAGE_FUNDS)"
    ),
    "discord.command.wallet": "Dein Guthaben in jeder Währung dieses Servers",
    "discord.command.currency": "Die Währungen einer Wirtschaftsgruppe",
    "discord.command.currency.add": "Eine Wirtschaft zur Währung einer Gruppe machen",
    "discord.command.currency.primary": "Eine Währung zur Hauptwährung der Gruppe machen",
    "discord.command.currency.remove": "Eine Währung aus ihrer Gruppe nehmen",
    "discord.command.rate": "Wechselkurse zwischen den Währungen einer Gruppe",
    "discord.command.rate.set": "Den Kurs einer Richtung setzen (MANAGE_ECONOMIES in beiden)",
    "discord.command.rate.remove": "Den Kurs einer Richtung entfernen",
    "discord.command.rate.list": "Die Wechselkurse einer Gruppe",
    "discord.command.economy.delete": "Die Wirtschaft des Servers löschen (alle Konten leer)",
    "discord.command.group": "Wirtschaftsgruppen: global, lokal oder die eigene des Servers",
    "discord.command.group.create": "Die globale, eine lokale oder die eigene Gruppe anlegen",
    "discord.command.group.join": "Dieser Server nutzt die Währungen einer Gruppe",
    "discord.command.group.leave": "Dieser Server nutzt die Währungen einer Gruppe nicht mehr",
    "discord.command.group.list": "Alle Wirtschaftsgruppen und ihre Währungen",
    "discord.command.category": "Ausgabenkategorien (für Kreditlinien)",
    "discord.command.category.create": "Eine Ausgabenkategorie anlegen (MANAGE_ECONOMIES)",
    "discord.command.category.list": "Die Ausgabenkategorien dieser Wirtschaft",
    "discord.command.credit": "Kreditlinien: von einem Konto bis zu einem Limit ausgeben",
    "discord.command.credit.open": "Ein Mitglied in einer Kategorie ausgeben lassen",
    "discord.command.credit.limit": "Das Limit einer Kreditlinie ändern",
    "discord.command.credit.reset": "Festlegen, was eine Kreditlinie in dieser Periode ausgab",
    "discord.command.credit.close": "Eine Kreditlinie beenden",
    "discord.command.credit.list": "Deine Kreditlinien oder die eines Kontos",
    "discord.command.credit.pay": "Von einem Konto im Rahmen deiner Kreditlinien bezahlen",
    "discord.option.renamed": "der neue Name",
    "discord.option.new_owner": "das Mitglied, das das Konto bekommt",
    "discord.option.min_balance": "der tiefste Stand, z. B. 0 oder -50 (ein Kreditrahmen)",
    "discord.option.pay_currency": "in dieser Währung (Standard: die Hauptwährung des Servers)",
    "discord.option.valued_in": "alles in dieser Währung bewerten (Standard: die Hauptwährung)",
    "discord.option.group_name": "der Name der Gruppe (Standard: die Gruppe dieses Servers)",
    "discord.option.from_currency": "die verkaufte Währung",
    "discord.option.numerator": "Einheiten der gekauften Währung ...",
    "discord.option.denominator": "... je so viele Einheiten der verkauften (Standard 1)",
    "discord.option.confirm_currency": "zur Bestätigung den Währungsnamen der Wirtschaft tippen",
    "discord.option.kind": "GLOBAL, LOCAL oder SINGLE (die eigene des Servers)",
    "discord.option.group_new_name": "der Name der Gruppe",
    "discord.option.category_new_code": "ein kurzer Code für Maschinen, z. B. food",
    "discord.option.description": "was sie umfasst",
    "discord.option.category_name": "der Name der Kategorie, z. B. Essen und Trinken",
    "discord.option.credit_account": "das Konto, von dem das Geld kommt",
    "discord.option.credit_holder": "das Mitglied, das ausgeben darf",
    "discord.option.category_code": "der Code der Ausgabenkategorie",
    "discord.option.credit_name": "ein Name für die Linie",
    "discord.option.credit_limit": "höchstens so viel je Periode, z. B. 50",
    "discord.option.credit_period": "TOTAL, DAY, WEEK, MONTH (Standard) oder YEAR",
    "discord.option.line_number": "die Nummer der Linie (siehe /credit list)",
    "discord.option.credit_expensed": "in dieser Periode schon ausgegeben (Standard 0)",
    "discord.option.credit_list_account": "die Linien dieses Kontos (Standard: deine eigenen)",
    "discord.option.category_codes": "die Kategoriecodes der Zahlung, durch Kommas getrennt",
}
