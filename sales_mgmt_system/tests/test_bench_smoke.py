"""Smoke run of the benchmark (issue 12) at scale 0.001, so that neither the
generator nor a benchmark step rots between the (slow) benchmark runs.

The generator and the operations live in the repository's ``tools/bench/``
(they are development tools, not part of the addon): the test imports them
by path and is skipped where the addon is deployed without its repository.
It runs here, in the addon's tests, because it needs a database with the
addons: the whole run happens in the test's transaction, rolled back.
"""

import importlib.util
import sys
from pathlib import Path

from odoo.tests import tagged

from .common import SalesMgmtCase

BENCH = Path(__file__).resolve().parents[2] / "tools" / "bench"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"sales_mgmt_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestBenchSmoke(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (BENCH / "generate.py").exists():
            cls.skipTest(cls, "tools/bench/ is not beside the addon")
        cls.generate = _load("generate")
        cls.operations = _load("operations")

    def test_generate_and_time_every_operation(self):
        generator = self.generate.Generator(self.env, 0.001)
        timings = generator.run()
        sizes = self.generate.Sizes.at(0.001)
        self.assertEqual(timings["customers"][0], sizes.customers)
        self.assertEqual(timings["orders"][0], sizes.orders)
        self.assertEqual(timings["stage history"][0], sizes.leads * 5)
        self.assertEqual(timings["tickets"][0], sizes.tickets)
        self.assertEqual(timings["targets"][0], sizes.targets)
        self.assertEqual(
            self.env["sale.order"].search_count([("name", "=like", "SBENCH%")]), sizes.orders
        )
        # Stored computes hold when recomputed by the ORM.
        self.assertEqual(self.generate.check(self.env, sample=50), {})
        # Every operation runs once, with its baseline and lower bound.
        todo = self.operations.operations(5)
        for operation in todo:
            with self.subTest(operation=operation.name):
                result = self.operations.measure(self.env, operation, runs=1)
                self.assertGreater(result["rows"], 0)
                self.assertGreater(result["median"], 0)
                self.assertIn("lower", result)
        report = self.operations.table(todo, "smoke")
        self.assertEqual(report.count("\n| "), len(todo) + 1)  # header + one row each
        # The refreshes ran for real: profiles and target actuals are filled.
        self.assertTrue(
            self.env["res.partner"].search_count(
                [("name", "=like", "BENCH Customer%"), ("lifecycle_stage", "!=", False)]
            )
        )
