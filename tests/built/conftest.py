"""The built checks need their tools: a test whose module uses a tool that is missing fails, naming
what installs it, instead of skipping (CI would otherwise pass without checking the PDF or the
accessibility of the pages). This runs before pytest evaluates `skipif` marks and `pytest.skip`."""

import shutil
from pathlib import Path

import pytest

A11Y = Path(__file__).resolve().parent / "a11y"
# A tool is needed by the test modules that name it; what installs it.
TOOLS = {
    "pdftotext": "poppler-utils (make system-packages)",
    "pdfinfo": "poppler-utils (make system-packages)",
    "pdffonts": "poppler-utils (make system-packages)",
    "node": "Node.js (make audit-tools)",
    "playwright-core": "playwright-core from npm (make audit-tools)",
    "chromium": "Debian's chromium (make audit-tools)",
}


def _present(tool: str) -> bool:
    if tool == "playwright-core":
        return (A11Y / "node_modules" / "playwright-core").is_dir()
    return shutil.which(tool) is not None


def needed(source: str) -> list[str]:
    """The tools a test module's source names (as a quoted command or package)."""
    found = [tool for tool in TOOLS if f'"{tool}"' in source or f"'{tool}'" in source]
    if "node" in found or "a11y" in source:
        found += [t for t in ("playwright-core", "chromium") if t not in found]
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("buildloop"):
        return
    source = Path(item.fspath).read_text(encoding="utf-8")
    missing = [tool for tool in needed(source) if not _present(tool)]
    if missing:
        pytest.fail("missing tool(s): " + "; ".join(f"{t}: install {TOOLS[t]}" for t in missing), pytrace=False)
