"""Imports run one way: reports → requests_app → catalog → organisation.

`workcalendar` (working days) and `spreadsheets` (XLSX helpers) are shared leaves; the project
package `disclosure_portal` (settings, header, deploy checks, `seed_demo`) sits above every app,
and `bench` is a development tool nothing else imports. Every import counts, including those
inside functions; migrations are history and are not read.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = {
    "organisation",
    "workcalendar",
    "spreadsheets",
    "catalog",
    "requests_app",
    "reports",
    "disclosure_portal",
    "bench",
}
# package: the project packages it may import (besides itself)
ALLOWED = {
    "spreadsheets": set(),
    "organisation": {"spreadsheets"},
    "workcalendar": {"organisation"},  # the role names its permissions are given to
    "catalog": {"organisation", "workcalendar", "spreadsheets"},
    "requests_app": {"organisation", "workcalendar", "spreadsheets", "catalog"},
    "reports": {"organisation", "workcalendar", "spreadsheets", "catalog", "requests_app"},
}


def imported_packages(path):
    """(line, top-level package) of every absolute import in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def violations(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, imported in imported_packages(path):
            if imported in PROJECT_PACKAGES - {package} - ALLOWED[package]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_one_way(package):
    assert violations(package) == []


def test_nothing_but_the_benchmark_imports_the_benchmark():
    for package in PROJECT_PACKAGES - {"bench"}:
        for path in (ROOT / package).rglob("*.py"):
            assert "bench" not in {name for _, name in imported_packages(path)}, path


def test_the_check_sees_a_wrong_import(tmp_path, monkeypatch):
    """The rule is not vacuous: a catalog module importing the requests app is reported."""
    fake_root = tmp_path
    (fake_root / "catalog").mkdir()
    (fake_root / "catalog" / "bad.py").write_text(
        "def f():\n    from requests_app.models import Request\n"
    )
    monkeypatch.setitem(globals(), "ROOT", fake_root)
    assert violations("catalog") == ["catalog/bad.py:2 imports requests_app"]
