"""The deployment files: the systemd unit passes ``systemd-analyze verify``; the Dockerfile is
slim, non-root and checks /healthz; compose starts the bot after MariaDB is healthy; every
setting they set exists. (No Docker engine runs on these machines: the images are not built
here.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from communitybot.settings import CommunitySettings, Settings

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "communitybot.service"
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"


def test_the_systemd_unit_passes_verify() -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None, "install Debian's systemd package for systemd-analyze"
    done = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [analyze, "verify", str(UNIT)], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    unit = UNIT.read_text()
    assert re.search(r"^User=communitybot$", unit, re.MULTILINE)
    assert re.search(r"^ExecStart=/usr/bin/env communitybot run$", unit, re.MULTILINE)


def test_the_image_is_slim_runs_unprivileged_and_checks_its_health() -> None:
    stages = DOCKERFILE.read_text().split("\nFROM ")
    final = stages[-1]
    assert final.startswith("python:3.11-slim\n")
    users = re.findall(r"^USER (\S+)$", final, re.MULTILINE)
    assert users == ["communitybot:communitybot"]
    assert final.index("USER ") < final.index("\nCMD ")
    assert "/healthz" in final
    assert "EXPOSE 8081" in final
    assert "COMMUNITYBOT_HEALTH_PORT=8081" in final
    assert "COPY --from=build /dist/*.whl" in final  # only the wheel reaches the image


def test_compose_waits_for_a_healthy_mariadb() -> None:
    compose = COMPOSE.read_text()
    assert re.search(r"^\s+image: mariadb:\d", compose, re.MULTILINE)
    assert "condition: service_healthy" in compose
    assert "mysql+pymysql://communitybot:${DB_PASSWORD}@db:3306/communitybot" in compose


def _setting_exists(variable: str) -> bool:
    if variable == "COMMUNITYBOT_CONFIG":  # the settings file itself (settings.py reads it)
        return True
    name = variable.removeprefix("COMMUNITYBOT_").lower()
    if "__" in name:
        section, option = name.split("__", 1)
        return section == "community" and option in CommunitySettings.model_fields
    return name in Settings.model_fields


def test_every_setting_the_deployment_files_set_exists() -> None:
    seen = set()
    for path in (UNIT, DOCKERFILE, COMPOSE):
        seen |= set(re.findall(r"\b(COMMUNITYBOT_[A-Z_]+?)(?==|:)", path.read_text()))
    assert {"COMMUNITYBOT_DATABASE_URL", "COMMUNITYBOT_HEALTH_PORT"} <= seen
    assert [v for v in sorted(seen) if not _setting_exists(v)] == []
