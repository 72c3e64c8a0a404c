"""Pay a salesperson can check: the tiers behind a statement's rate, the
tier editor's ranges and units, and the plan's "what would it pay" preview."""

from datetime import date

from odoo import Command
from odoo.tests import Form, tagged

from . import test_commission
from .commission_common import JANUARY, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionExplained(CommissionCase):
    TIERS = test_commission.TestCommissionRates.TIERS
    BANDS = test_commission.TestCommissionRates.BANDS
    commission = test_commission.TestCommissionRates.commission
    make_target = test_commission.TestCommissionRates.make_target

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_invoice(cls.member, [70000.0, 50000.0], date(2025, 1, 15))
        assert JANUARY[0] <= date(2025, 1, 15) <= JANUARY[1]

    def test_amount_tiers_are_spelt_out_on_the_statement(self):
        statement = self.commission(rate_mode="marginal", tier_ids=self.tier_commands(*self.BANDS))
        self.assertEqual(
            statement.tier_breakdown["bands"],
            [[0.0, 100000.0, 5.0, 100000.0, 5000.0], [100000.0, None, 8.0, 20000.0, 1600.0]],
        )
        explanation = str(statement.rate_explanation)
        self.assertIn("0\u2013100,000: $\xa0100,000.00 at 5% = $\xa05,000.00", explanation)
        self.assertIn("from 100,000: $\xa020,000.00 at 8% = $\xa01,600.00", explanation)

    def test_attainment_tiers_name_the_attainment_and_the_target(self):
        self.make_target(self.member, 100000.0)
        statement = self.commission(
            rate_mode="marginal",
            tier_basis="attainment",
            tier_ids=self.tier_commands(*self.TIERS),
        )
        explanation = str(statement.rate_explanation)
        self.assertIn("Attainment 120%", explanation)
        self.assertIn("January target", explanation)
        self.assertIn("0%\u2013100% of target (0\u2013100,000)", explanation)
        self.assertIn("= $\xa01,600.00", explanation)

    def test_the_explanation_stays_when_the_plan_changes(self):
        statement = self.commission(rate_mode="marginal", tier_ids=self.tier_commands(*self.BANDS))
        statement.action_confirm()
        statement.plan_id.tier_ids[-1].rate = 10.0
        self.assertIn("at 8%", str(statement.rate_explanation))

    def test_bonus_and_deal_lines_hide_base_and_rate(self):
        statement = self.commission(flat_rate=5.0)
        view = self.env["sales.commission.statement"].get_view(view_type="form")
        self.assertIn("line_type not in ('commission', 'clawback')", view["arch"])
        self.assertIn("Flat rate: 5%", str(statement.rate_explanation))

    def test_tier_editor_shows_ranges_units_and_a_preview(self):
        plan = self.make_plan(
            rate_mode="marginal",
            tier_basis="amount",
            tier_ids=self.tier_commands(*self.BANDS),
        )
        low, high = plan.tier_ids.sorted("lower_bound")
        self.assertEqual((low.upper_bound, low.is_top_tier), (100000.0, False))
        self.assertTrue(high.is_top_tier)
        self.assertEqual(low.unit, plan.currency_id.name)
        with Form(plan) as form:
            form.preview_value = 120000.0
            self.assertIn("$\xa06,600.00", form.preview_result)
            self.assertIn("$\xa020,000.00 at 8% = $\xa01,600.00", form.preview_result)
            form.tier_basis = "attainment"
            self.assertIn("target", form.preview_result)
            form.preview_target = 100000.0
            form.preview_value = 120.0
            # 120% of 100,000, all below the second tier (100,000% of target).
            self.assertIn("Commission on $\xa0120,000.00: $\xa06,000.00", form.preview_result)
        self.assertEqual(plan.tier_ids[0].unit, "% of target")

    def test_preview_of_whole_tiers_with_a_cap(self):
        plan = self.make_plan(
            rate_mode="whole",
            tier_ids=[
                Command.create({"lower_bound": 0.0, "rate": 5.0}),
                *self.tier_commands((100000.0, 8.0)),
            ],
            cap_amount=7000.0,
            preview_value=120000.0,
        )
        self.assertIn("$\xa07,000.00", plan.preview_result)
        self.assertIn("cap", plan.preview_result)
