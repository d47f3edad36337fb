"""The package's layers: a module imports only its own layer and the layers below it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "csreport"
LAYERS = ["paths", "data", "report", "chapters", "build", "sphinx"]  # lowest first


def layer(module: str) -> int:
    """The layer of a dotted module name inside the package (`csreport.report.glue` -> 2)."""
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else -1


def imported(path: Path) -> set[str]:
    """The package's modules that a source file imports (absolute imports, as the package writes them)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            found |= {f"{base}.{a.name}" if base == "csreport" else base for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.split(".")[0] == "csreport"}


def upward(path: Path) -> list[str]:
    own = layer("csreport." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    return sorted(m for m in imported(path) if layer(m) > own)


def test_the_rule_sees_an_upward_import(tmp_path):
    data = tmp_path / "csreport" / "data"
    data.mkdir(parents=True)
    (data / "x.py").write_text("from csreport.build import cache\nfrom csreport import paths\n")
    global PACKAGE
    real, PACKAGE = PACKAGE, tmp_path / "csreport"
    try:
        assert upward(data / "x.py") == ["csreport.build"]
    finally:
        PACKAGE = real


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_higher_layer(path):
    assert upward(path) == [], f"{path.relative_to(PACKAGE.parent)} imports a higher layer"
