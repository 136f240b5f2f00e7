"""`nntutor serve`: loopback unless told, a warning otherwise, the command each visitor gets."""

from __future__ import annotations

import os
import shlex
import socket
import sys
import urllib.request

import pytest

from nntutor.cli import main
from nntutor.serve import server as server_module
from nntutor.serve.server import is_loopback, session_command, url_for
from tests.serve.running import ROOT, start_server, stop


@pytest.mark.parametrize("host, loop", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False),
    ("example.org", False),
])
def test_is_loopback(host, loop):
    assert is_loopback(host) is loop


def test_session_command_is_quoted_and_fixed(tmp_path):
    data = tmp_path / "a b; rm -rf x"
    extra = tmp_path / "my $lessons"
    extra.mkdir()
    parts = shlex.split(session_command(data, [extra], "textual-light"))
    assert parts == [sys.executable, "-m", "nntutor.serve.session", "--data", str(data),
                     "--lessons-dir", str(extra), "--theme", "textual-light"]


def test_url_for():
    assert url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert url_for("::1", 8000) == "http://[::1]:8000"
    assert url_for("0.0.0.0", 80) == f"http://{socket.gethostname()}:80"


@pytest.fixture
def no_serving(monkeypatch):
    started = []
    monkeypatch.setattr(server_module.TutorServer, "serve",
                        lambda self, debug=False: started.append(self))
    return started


def test_default_is_loopback_without_a_warning(tmp_path, capsys, no_serving):
    assert main(["serve", "--data", str(tmp_path), "--port", "0"]) == 2  # port checked first
    assert main(["serve", "--data", str(tmp_path)]) == 0
    (server,) = no_serving
    assert (server.host, server.port) == ("127.0.0.1", 8000)
    out, err = capsys.readouterr()
    assert "warning" not in err and "open http://127.0.0.1:8000 in a browser" not in out
    assert str(tmp_path) in server.command


def test_any_other_host_warns(tmp_path, capsys, no_serving):
    assert main(["serve", "--data", str(tmp_path), "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("nntutor serve: warning: listening on 0.0.0.0: anyone who can reach "
                          "port 8123 can use the tutor")


def test_a_taken_port_is_one_line_exit_2(tmp_path, capsys, no_serving):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--data", str(tmp_path), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"try --port {port + 1}" in err
    assert no_serving == []


def test_the_page_connects_back_to_the_address_the_browser_used(tmp_path):
    proc, url = start_server(tmp_path, dict(os.environ, PYTHONPATH=str(ROOT)))
    port = url.rsplit(":", 1)[1]
    try:
        request = urllib.request.Request(url + "/", headers={"Host": f"classroom.example:{port}"})
        page = urllib.request.urlopen(request, timeout=30).read().decode()
        assert f'data-session-websocket-url="ws://classroom.example:{port}/ws"' in page
    finally:
        stop(proc)
