"""OCA's linters over the repository: pylint-odoo's Odoo checks and ruff."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADDONS = ("sales_mgmt_system", "sales_mgmt_system_reports")


def run(*command):
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    return result.returncode, result.stdout + result.stderr


def test_pylint_odoo_is_clean():
    code, output = run("pylint", "--rcfile=setup.cfg", *ADDONS)
    assert code == 0, output


def test_ruff_check_is_clean():
    code, output = run("ruff", "check", ".")
    assert code == 0, output


def test_ruff_format_is_clean():
    code, output = run("ruff", "format", "--check", ".")
    assert code == 0, output
