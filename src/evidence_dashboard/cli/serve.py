"""``evidence-dashboard serve``: start the Streamlit app on the shipped (or a named) content.

Exit status: 2 for a refusal (no such content folder, a bad port, the port in use), as one
line on stderr; otherwise the process becomes the Streamlit server and exits with its status.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

from evidence_dashboard.content.library import DATA_ENV_VAR, default_data_dir
from evidence_dashboard.locations import app_dir

PROG = "evidence-dashboard serve"
EPILOG = """\
The app runs headless on loopback with usage statistics off and no file watcher, the same
options the README's streamlit command uses. Open the printed address in a browser; Ctrl+C
stops the server.

content folder, first found wins:
  --data DIR, then $EVIDENCE_DASHBOARD_DATA, then data/ of a source checkout, then the
  content shipped inside the installed package

example:
  evidence-dashboard serve --data ./my-content --port 8502
"""


class Refusal(Exception):
    """A reason not to start, printed as one line."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="start the dashboard app in a local web server",
        description="Start the dashboard (Streamlit) on a content folder. A refusal is one "
        "line on stderr with exit status 2.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help="content folder to serve"
    )
    parser.add_argument("--port", default="8501", help="TCP port (default 8501)")
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for all)",
    )
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise Refusal(f"--port must be a whole number from 1 to 65535. Got {text!r} instead.")
    return int(text)


def _content(data: Path | None) -> Path:
    root = (data if data is not None else default_data_dir()).expanduser().resolve()
    if not root.is_dir():
        where = "--data" if data is not None else f"${DATA_ENV_VAR}"
        raise Refusal(
            f"{where} must name a folder holding articles/, evidence/ and references/. "
            f"Got '{root}', which is not a folder, instead."
        )
    return root


def _check_free(address: str, port: int) -> None:
    # SO_REUSEADDR as the server sets it, so only a listening socket counts as "in use".
    try:
        infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise Refusal(f"--address must be an address of this machine. Got {address!r}.") from None
    family, _, _, _, sockaddr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(sockaddr)
        except OSError as exc:
            raise Refusal(
                f"cannot listen on {address}:{port} ({exc.strerror}). "
                f"Hint: another server may use it; try --port {port + 1 if port < 65535 else 8501}."
            ) from None


def streamlit_command(app: Path, address: str, port: int) -> list[str]:
    """The ``python -m streamlit run`` command line for the app.

    Examples
    --------
    >>> streamlit_command(Path("serve.py"), "127.0.0.1", 8501)[3:6]
    ['run', 'serve.py', '--server.headless=true']
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless=true",
        f"--server.address={address}",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]


def run(args: argparse.Namespace) -> int:
    """Check the options, then replace this process with the Streamlit server."""
    try:
        port = _port(args.port)
        content = _content(args.data)
        app = app_dir() / "serve.py"  # app.py on Streamlit's server, with the faster page
        if not app.is_file():
            raise Refusal(f"the app must be installed with the package. Got no '{app}'.")
        _check_free(args.address, port)
    except Refusal as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    command = streamlit_command(app, args.address, port)
    env = {**os.environ, DATA_ENV_VAR: str(content)}
    print(f"Serving {content} at http://{args.address}:{port} (Ctrl+C stops it)", flush=True)
    if os.name == "posix":
        # Become the server, so signals (Ctrl+C, SIGTERM from a supervisor) reach it directly.
        os.execve(sys.executable, command, env)
    return subprocess.call(command, env=env)  # pragma: no cover - Windows
