"""Report how many payloads and malformed cases ran, and the slowest single case."""

from __future__ import annotations

from .stats import COUNTS, SLOWEST


def pytest_terminal_summary(terminalreporter) -> None:
    if not COUNTS:
        return
    terminalreporter.write_sep("-", "hostile and malformed input")
    for name, count in sorted(COUNTS.items()):
        terminalreporter.write_line(f"{name}: {count}")
    for name, (seconds, label) in sorted(SLOWEST.items()):
        terminalreporter.write_line(f"slowest {name}: {seconds * 1000:.1f} ms ({label})")
