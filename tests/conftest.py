"""Plain pytest tests of the repository: the pure core, linters, install logs.

The core is imported as ``sales_mgmt_system.core`` without running the addon's
``__init__`` (which imports Odoo): the addon folder is registered as a bare
namespace, so these tests need neither Odoo nor a database.
"""

import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

for addon in ("sales_mgmt_system",):
    if addon not in sys.modules:
        namespace = types.ModuleType(addon)
        namespace.__path__ = [str(REPO / addon)]
        sys.modules[addon] = namespace


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """These tests need no Odoo database: replace pytest-odoo's registry loading.

    pytest-odoo loads the registry of ``--odoo-database`` for every test of
    the session; here it would fail without a database and cost seconds with
    one. The addons' own tests keep the plugin's fixture.
    """
    yield
