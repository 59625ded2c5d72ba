"""Deutsche Texte der HTTP-API (ihre Problem-Antworten)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "api.idempotency_key.missing": (
        "Diese Anfrage bewegt Geld: Schicke einen Idempotency-Key-Header mit."
    ),
    "api.idempotency_key.malformed": (
        "Der Idempotency-Key-Header muss 1 bis {maximum} sichtbare ASCII-Zeichen lang sein."
    ),
    "api.idempotency_key.reused": (
        "Der Idempotency-Key „{key}“ wurde schon für eine andere Anfrage verwendet."
    ),
    "api.request_too_large": "Der Inhalt der Anfrage ist länger als {maximum} Bytes.",
    "api.invalid_request": "Die Anfrage ist nicht lesbar: {problems}.",
    "api.unauthorized": "Der API-Schlüssel fehlt, ist unbekannt, deaktiviert oder gelöscht.",
    "api.not_found": "Diese Ressource gibt es nicht.",
    "api.method_not_allowed": "Diese Ressource nimmt diese Methode nicht an.",
    "api.internal": (
        "Bei uns ist etwas schiefgegangen. Die Anfrage mit demselben Idempotency-Key zu "
        "wiederholen ist sicher."
    ),
}
