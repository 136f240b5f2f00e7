"""A normal (not editable) install ships every package and every lesson file: pyproject's
explicit package list names each folder of nntutor/, and the lessons' data files go along."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "nntutor").rglob("*.py") if "__pycache__" not in p.parts}
    assert found - listed == set()


def test_every_lesson_file_kind_is_shipped():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["nntutor.bundled_lessons"]
    suffixes = {p.suffix for p in (ROOT / "lessons").iterdir() if p.is_file()}
    assert suffixes <= {pattern.lstrip("*") for pattern in patterns}
