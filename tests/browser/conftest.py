"""Lists the screenshots the browser tests took at the end of the test run's output, so a
reader of CI's log knows which files to open (test-artifacts/screenshots/)."""

from __future__ import annotations

from pathlib import Path

# File paths appended by test_browser._shoot, in the order taken.
TAKEN: list[Path] = []


def pytest_terminal_summary(terminalreporter) -> None:
    if not TAKEN:
        return
    terminalreporter.section("browser screenshots")
    for path in TAKEN:
        terminalreporter.write_line(str(path))
