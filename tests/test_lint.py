"""OCA's linters over the repository: pylint-odoo's Odoo checks, OCA's pre-commit
checks of modules and PO files (configured in .oca_hooks.cfg), and ruff."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADDONS = ("sales_mgmt_system", "sales_mgmt_system_reports")


def run(*command):
    return run_python("-m", *command)


def run_python(*arguments):
    # OCA's hooks also read checks to enable or disable from these variables:
    # only .oca_hooks.cfg decides here.
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCA_HOOKS_")}
    result = subprocess.run(
        [sys.executable, *arguments], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    return result.returncode, result.stdout + result.stderr


def run_oca_hook(cli_module, paths):
    """Run one of oca-odoo-pre-commit-hooks' commands on ``paths``, as pre-commit would."""
    assert paths, "no file to check"
    missing = [path for path in paths if not (REPO / path).is_file()]
    assert not missing, f"not files: {missing}"
    return run_python(
        "-c", f"from oca_pre_commit_hooks.{cli_module} import main; main()", *map(str, paths)
    )


def test_pylint_odoo_is_clean():
    code, output = run("pylint", "--rcfile=setup.cfg", *ADDONS)
    assert code == 0, output


def test_oca_checks_odoo_module_is_clean():
    # The tool walks up from each path to its addon's manifest and checks the whole
    # addon: every XML and CSV file its manifest loads (data, demo, assets) and
    # any such file in a data folder that it does not load (file-not-used).
    code, output = run_oca_hook("cli", [f"{addon}/__manifest__.py" for addon in ADDONS])
    assert code == 0, output


def test_oca_checks_po_is_clean():
    # It checks exactly the files it is given: every template and translation.
    po_files = sorted(
        path.relative_to(REPO)
        for addon in ADDONS
        for pattern in ("i18n*/*.po", "i18n*/*.pot")
        for path in (REPO / addon).glob(pattern)
    )
    assert {path.parts[0] for path in po_files} == set(ADDONS), po_files
    code, output = run_oca_hook("cli_po", po_files)
    assert code == 0, output


def test_ruff_check_is_clean():
    code, output = run("ruff", "check", ".")
    assert code == 0, output


def test_ruff_format_is_clean():
    code, output = run("ruff", "format", "--check", ".")
    assert code == 0, output
