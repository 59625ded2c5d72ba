"""docs/api.md lists every route of the API, in a table and with a curl example."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _curl_hits(text: str, method: str, path: str) -> bool:
    """Whether a curl command of ``text`` asks ``method`` on ``path`` (ids filled in)."""
    pattern = re.escape(path)
    pattern = re.sub(r"\\\{[a-z_]+\\\}", r"[A-Za-z0-9_.-]+", pattern)
    url = re.compile(rf"http://127\.0\.0\.1:8080{pattern}(?:[?\"' ]|$)")
    for command in re.split(r"\n(?=curl )", text):
        if not command.startswith("curl "):
            continue
        head = command.split("\n\n", 1)[0]
        asked = "POST" if " -d " in head else "GET"
        found = re.search(r"-X ([A-Z]+)", head)
        if found:
            asked = found.group(1)
        if asked == method and url.search(head):
            return True
    return False


def _placeholders(text: str) -> str:
    """``text`` with every ``{...}`` of a path written ``{}``."""
    return re.sub(r"\{[^}]+\}", "{}", text)


def test_every_route_is_documented_with_a_curl_example(http: httpx.Client) -> None:
    text = DOC.read_text(encoding="utf-8")
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL))
    routes = [
        (method.upper(), path)
        for path, item in http.get("/openapi.json").json()["paths"].items()
        for method in item
    ]
    assert len(routes) >= 15
    table = _placeholders(text)
    missing = []
    for method, path in [*routes, ("GET", "/healthz")]:
        row = re.escape(f"`{method} {_placeholders(path)}")
        in_table = path == "/healthz" or re.search(rf"{row}[`?]", table) is not None
        if not in_table or not _curl_hits(shell, method, path):
            missing.append(f"{method} {path}")
    assert missing == []
