"""The core package must stay free of Odoo, so that it runs without a database."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE_FILES = sorted((REPO / "sales_mgmt_system" / "core").glob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda path: path.name)
def test_core_module_does_not_import_odoo(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert "odoo" not in imported


def test_core_has_modules():
    assert len(CORE_FILES) > 1
