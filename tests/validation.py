"""The W3C Nu HTML validator (vnu.jar from npm), run over rendered pages."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_validator():
    """Skip without the validator (make checkers installs it); fail under CI."""
    missing = None
    if shutil.which("java") is None:
        missing = "Java is not installed"
    elif not VNU.exists():
        missing = f"the Nu validator is missing at {VNU}: run make checkers"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}, and CI requires it.")
        pytest.skip(missing)


def validate(pages, folder):
    """Validate ``{name: html}``; return ``{name: [message, …]}`` of errors."""
    require_validator()
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_bytes(html if isinstance(html, bytes) else html.encode())
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only"]
        + [str(path) for path in sorted(folder.glob("*.html"))],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors = {}
    for message in report["messages"]:
        name = Path(message.get("url", "?")).stem
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')} "
            f"[{message.get('extract', '').strip()[:80]}]"
        )
    return errors
