"""The learner's small preferences (the colour theme), kept in `settings.json` beside the
progress store, in NNTUTOR_HOME or the user data directory.

Reading never fails: a missing, oversized or unreadable file gives the defaults. Writing a
preference that cannot be saved is reported in one line, never raised.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FILENAME = "settings.json"
MAX_BYTES = 16_384  # checked before reading: a settings file is a few dozen bytes


def settings_path(home: Path | str | None = None) -> Path:
    from nntutor.store import default_home

    return (Path(home).expanduser() if home is not None else default_home()) / FILENAME


def load_settings(home: Path | str | None = None) -> dict:
    path = settings_path(home)
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value, home: Path | str | None = None) -> str | None:
    """Remember `key = value`; returns a one-line reason when it could not be saved."""
    path = settings_path(home)
    data = load_settings(home)
    data[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)  # a crash leaves the old file or the new one
    except OSError as exc:
        return f"cannot save settings to {path} ({exc.strerror or exc})"
    return None
