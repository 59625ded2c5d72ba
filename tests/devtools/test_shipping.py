"""The development tools stay out of what is shipped: the wheel, and the product's imports."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_the_bot_without_the_sandbox(tmp_path: Path) -> None:
    subprocess.run(  # noqa: S603 - pip of this interpreter, on this checkout
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check"),
            *("--no-deps", "--no-build-isolation", "--wheel-dir", str(tmp_path), str(ROOT)),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("communitybot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "communitybot/telegram/__init__.py" in names
    assert "communitybot/cli/_sandbox.py" in names
    assert [n for n in names if n.startswith("communitybot/devtools")] == []
    assert (ROOT / "communitybot" / "devtools" / "_fakeapi.py").is_file()
