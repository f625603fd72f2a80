"""``--version``, ``serve``'s checks and the content/app locations, without starting a server.

The real server from an installed wheel is tested in tests/test_install.py.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from evidence_dashboard import __version__, locations
from evidence_dashboard.cli import main, serve
from evidence_dashboard.content.library import DATA_ENV_VAR, default_data_dir

ROOT = Path(__file__).resolve().parents[1]


class Exec(Exception):
    """Raised instead of replacing the test process with streamlit."""


@pytest.fixture
def exec_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str], dict[str, str]]]:
    calls: list[tuple[str, list[str], dict[str, str]]] = []

    def fake_execve(path: str, argv: list[str], env: dict[str, str]) -> None:
        calls.append((path, argv, env))
        raise Exec

    monkeypatch.setattr(serve.os, "execve", fake_execve)
    return calls


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"evidence-dashboard {__version__}"


def test_a_usage_error_is_one_line_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["pool", "--no-such-option", "x.csv"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("evidence-dashboard pool: unrecognized arguments: --no-such-option")
    assert err.rstrip().endswith("(see evidence-dashboard pool --help)")


def test_from_a_checkout_the_content_and_app_are_the_repository_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)
    assert locations.source_checkout() == ROOT
    assert default_data_dir() == ROOT / "data"
    assert locations.app_dir() == ROOT
    monkeypatch.setenv(DATA_ENV_VAR, "/somewhere/else")
    assert default_data_dir() == Path("/somewhere/else")


def test_outside_a_checkout_the_packaged_copies_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)
    monkeypatch.setattr(locations, "source_checkout", lambda: None)
    package = Path(locations.__file__).resolve().parent
    assert default_data_dir() == package / "_content"
    assert locations.app_dir() == package / "_app"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--port", "70000"], "--port must be a whole number from 1 to 65535. Got '70000'"),
        (["--port", "http"], "--port must be a whole number from 1 to 65535. Got 'http'"),
        (["--data", "no-such-folder"], "--data must name a folder holding articles/"),
        (["--address", "no.such.host.invalid"], "--address must be an address of this machine"),
    ],
    ids=["port-range", "port-text", "no-data", "address"],
)
def test_serve_refuses_in_one_line(
    argv: list[str],
    expected: str,
    exec_calls: list,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["serve", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("evidence-dashboard serve: ")
    assert expected in err
    assert not exec_calls


def test_serve_refuses_a_port_in_use(exec_calls: list, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and f"try --port {port + 1}" in err
    assert not exec_calls


def test_serve_runs_streamlit_headless_on_loopback_with_the_chosen_content(
    exec_calls: list, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = _free_port()
    with pytest.raises(Exec):
        main(["serve", "--data", str(data_copy), "--port", str(port)])
    ((path, argv, env),) = exec_calls
    assert path == sys.executable
    assert argv[1:5] == ["-m", "streamlit", "run", str(ROOT / "serve.py")]
    assert {
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    } <= set(argv)
    assert env[DATA_ENV_VAR] == str(data_copy.resolve())
    assert f"http://127.0.0.1:{port}" in capsys.readouterr().out
