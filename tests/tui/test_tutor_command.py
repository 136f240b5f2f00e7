"""`nntutor` / `nntutor tutor`: arguments, themes, and the app it launches."""

from __future__ import annotations

import pytest

from nntutor import cli
from nntutor.commands import tutor
from nntutor.errors import UsageError


class FakeApp:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.ran = False

    def run(self):
        self.ran = True


@pytest.fixture
def launched(monkeypatch):
    made: list[FakeApp] = []

    def make_app(**kwargs):
        made.append(FakeApp(**kwargs))
        return made[-1]

    import nntutor.tui.app

    monkeypatch.setattr(nntutor.tui.app, "make_app", make_app)
    monkeypatch.delenv("NNTUTOR_THEME", raising=False)
    return made


def test_plain_nntutor_opens_the_picker(launched):
    assert cli.main([]) == 0
    assert launched[0].ran
    assert launched[0].kwargs == {"extra_dirs": (), "theme": None}


def test_tutor_with_theme_and_lesson_folders(launched, tmp_path):
    assert cli.main(["tutor", "--theme", "light", "--lessons-dir", str(tmp_path)]) == 0
    assert launched[0].kwargs == {"extra_dirs": (str(tmp_path),), "theme": "textual-light"}


def test_theme_from_the_environment(launched, monkeypatch):
    monkeypatch.setenv("NNTUTOR_THEME", "dracula")
    assert cli.main([]) == 0
    assert launched[0].kwargs["theme"] == "dracula"


def test_bad_theme_and_missing_folder_are_one_line_errors(launched, tmp_path, capsys):
    assert cli.main(["tutor", "--theme", "pink"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nntutor tutor: error: --theme pink: unknown theme (choose from light, "
                          "dark, ")
    assert err.count("\n") == 1
    assert cli.main(["tutor", "--lessons-dir", str(tmp_path / "nope")]) == 2
    assert "--lessons-dir " in capsys.readouterr().err
    assert launched == []


def test_theme_names():
    assert tutor.theme_name(None) is None
    assert tutor.theme_name("dark") == "textual-dark"
    assert tutor.theme_name("textual-light") == "textual-light"
    with pytest.raises(UsageError, match="unknown theme"):
        tutor.theme_name("neon")


async def test_the_real_app_takes_the_theme(only_fixture_lessons, tmp_path):
    from nntutor.tui.app import make_app

    app = make_app(home=tmp_path / "home", theme="textual-light")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"
