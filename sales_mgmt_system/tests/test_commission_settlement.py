"""The auditor's cases: commission money paid once, credit notes never lost."""

from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .commission_common import CommissionCase

MAY = (date(2025, 5, 1), date(2025, 5, 31))
JUNE = (date(2025, 6, 1), date(2025, 6, 30))
MARCH = (date(2025, 3, 1), date(2025, 3, 31))
APRIL = (date(2025, 4, 1), date(2025, 4, 30))
JANUARY = (date(2025, 1, 1), date(2025, 1, 31))
FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))


@tagged("post_install", "-at_install")
class TestSettlementCases(CommissionCase):
    def confirmed_total(self, plan):
        statements = plan.statement_ids.filtered(lambda s: s.state in ("confirmed", "paid"))
        return sum(statements.mapped("total_amount"))

    def settle(self, plan, *periods):
        for period in periods:
            plan.generate_statements(*period).action_confirm()

    def reconcile(self, invoice, refund):
        (invoice | refund).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        ).reconcile()

    def test_case_1_credit_note_in_the_month_of_its_order(self):
        plan = self.make_plan(basis="order")
        order = self.make_order(self.member, 1000.0, date(2025, 5, 5))
        invoice = order._create_invoices()
        invoice.invoice_date = date(2025, 5, 10)
        invoice.action_post()
        self.credit(invoice, date(2025, 5, 20))
        self.settle(plan, MAY, JUNE)
        self.assertEqual(self.confirmed_total(plan), 0.0)
        may = plan.statement_ids.filtered(lambda s: s.date_start == MAY[0])
        self.assertEqual(sorted(may.line_ids.mapped("amount")), [-50.0, 50.0], "shown, netted")

    def test_case_1_on_the_payment_basis(self):
        plan = self.make_plan(basis="payment")
        invoice = self.make_invoice(self.member, 1000.0, date(2025, 5, 10))
        self.pay(invoice, 1000.0, date(2025, 5, 15))
        self.credit(invoice, date(2025, 5, 20))
        self.settle(plan, MAY, JUNE)
        self.assertEqual(self.confirmed_total(plan), 0.0)

    def test_case_2_a_new_payment_plan_does_not_pay_the_past(self):
        invoice = self.make_invoice(self.member, 10000.0, date(2025, 6, 1))
        self.pay(invoice, 10000.0, date(2025, 6, 15))
        plan = self.make_plan(basis="payment")
        self.assertFalse(plan.generate_statements(date(2026, 6, 1), date(2026, 6, 30)))
        plan.date_start = date(2025, 6, 16)
        self.assertFalse(plan.generate_statements(*JUNE), "never before the plan's start")

    def test_case_3_two_drafts_of_one_payment_confirmed_together(self):
        invoice = self.make_invoice(self.member, 1000.0, date(2025, 3, 2))
        self.pay(invoice, 500.0, date(2025, 3, 15))
        april_invoice = self.make_invoice(self.member, 100.0, date(2025, 4, 2))
        self.pay(april_invoice, 100.0, date(2025, 4, 10))
        for first in ("march", "april"):
            with self.subTest(first=first):
                plan = self.make_plan(basis="payment", name=f"Plan {first}")
                march = plan.generate_statements(*MARCH)
                april = plan.generate_statements(*APRIL)
                self.assertEqual(march.total_amount, 25.0)
                self.assertEqual(april.total_amount, 5.0, "the March payment is not April's")
                batch = march | april if first == "march" else april | march
                batch.action_confirm()
                self.assertEqual(self.confirmed_total(plan), 30.0)
                plan.active = False

    def test_case_3_overlapping_drafts_confirmed_in_any_order(self):
        quarter = (date(2025, 1, 1), date(2025, 3, 31))
        self.make_invoice(self.member, 1000.0, date(2025, 3, 2))
        totals = []
        for order in ((MARCH, quarter), (quarter, MARCH)):
            plan = self.make_plan(name=f"Plan {len(totals)}")
            drafts = [plan.generate_statements(*period) for period in order]
            drafts[0].action_confirm()
            drafts[1].action_confirm()
            totals.append(self.confirmed_total(plan))
            plan.active = False
        self.assertEqual(totals, [50.0, 50.0])

    def test_case_4_credit_note_on_a_partly_paid_out_invoice(self):
        plan = self.make_plan(basis="payment")
        invoice = self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.pay(invoice, 500.0, date(2025, 1, 20))
        january = plan.generate_statements(*JANUARY)
        january.action_confirm()
        january.action_mark_paid()
        refund = self.credit(invoice, date(2025, 2, 10), amount=200.0)
        self.reconcile(invoice, refund)
        self.pay(invoice, 300.0, date(2025, 2, 20))
        february = plan.generate_statements(*FEBRUARY)
        february.action_confirm()
        self.assertEqual(february.base_amount, 300.0)
        self.assertEqual(february.clawback_amount, 0.0)
        self.assertEqual(january.base_amount + february.base_amount, 800.0)

    def test_case_5_clawbacks_per_credit_note_to_the_person_paid(self):
        plan = self.make_plan()
        invoice = self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.settle(plan, JANUARY)
        # The invoice changes hands and the credit notes are made by someone else.
        invoice.invoice_user_id = self.leader
        clawbacks = []
        for month, amount in ((2, 400.0), (3, 300.0), (4, 300.0)):
            refund = self.credit(invoice, date(2025, month, 10), amount=amount)
            refund.invoice_user_id = self.leader
            statements = plan.generate_statements(date(2025, month, 1), date(2025, month, 28))
            statements.action_confirm()
            clawback = statements.line_ids.filtered(lambda line: line.line_type == "clawback")
            self.assertEqual(clawback.user_id, self.member)
            clawbacks.append(clawback.amount)
        self.assertEqual(clawbacks, [-20.0, -15.0, -15.0])
        self.credit(invoice, date(2025, 5, 10), amount=100.0)
        self.assertFalse(
            plan.generate_statements(date(2025, 5, 1), date(2025, 5, 31)).line_ids,
            "never more than was paid",
        )

    def test_case_6_settled_statements_and_their_plans_are_not_deleted(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        statement = plan.generate_statements(*JANUARY)
        statement.action_confirm()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            statement.unlink()
        statement.action_mark_paid()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            statement.unlink()
        with self.assertRaisesRegex(UserError, "archive the plan"):
            plan.unlink()
        draft_plan = self.make_plan(name="Draft only", basis="order")
        self.make_order(self.member, 100.0, date(2025, 1, 5))
        drafts = draft_plan.generate_statements(*JANUARY)
        draft_plan.unlink()
        self.assertFalse(drafts.exists(), "drafts go with their plan")

    def test_case_7_overlapping_plans_are_refused(self):
        plan = self.make_plan(date_start=date(2025, 1, 1), date_end=date(2025, 6, 30))
        with (
            self.assertRaisesRegex(ValidationError, "plans Second and Test Plan"),
            self.cr.savepoint(),
        ):
            self.make_plan(name="Second", date_start=date(2025, 6, 1))
        self.make_plan(name="Next", date_start=date(2025, 7, 1))
        self.make_plan(name="Other basis", basis="order")
        team_plan = self.make_plan(
            name="Team", basis="payment", user_ids=[], team_ids=[Command.set(self.team_led.ids)]
        )
        other = self.make_plan(
            name="Outsider's", basis="payment", user_ids=[Command.set(self.outsider.ids)]
        )
        with self.assertRaisesRegex(ValidationError, "paid twice"), self.cr.savepoint():
            self.env["crm.team.member"].create(
                {"crm_team_id": self.team_led.id, "user_id": self.outsider.id}
            )
        self.assertTrue(plan and team_plan and other)

    def test_case_8_a_replaced_target_is_not_counted_twice(self):
        plan = self.make_plan(
            basis="order",
            rate_mode="whole",
            tier_basis="attainment",
            tier_ids=self.tier_commands((0.0, 5.0), (100.0, 8.0)),
        )
        self.make_order(self.member, 120000.0, date(2025, 1, 10))
        values = {
            "name": "January",
            "user_id": self.member.id,
            "measure": "revenue",
            "date_start": JANUARY[0],
            "date_end": JANUARY[1],
            "target_value": 100000.0,
        }
        replaced = self.env["sales.target"].create(values)
        replaced.action_confirm()
        replaced.action_close()
        self.env["sales.target"].create(dict(values, name="January again")).action_confirm()
        statement = plan.generate_statements(*JANUARY)
        self.assertEqual((statement.target_amount, statement.attainment), (100000.0, 120.0))
        self.assertEqual(statement.total_amount, 9600.0)

    def test_case_9_attainment_reads_revenue_as_the_target_measures_it(self):
        plan = self.make_plan(
            basis="order",
            rate_mode="whole",
            tier_basis="attainment",
            tier_ids=self.tier_commands((0.0, 5.0), (100.0, 8.0)),
        )
        self.make_order(self.member, 50000.0, date(2025, 1, 10))
        self.make_invoice(self.member, 120000.0, date(2025, 1, 12))
        target = self.env["sales.target"].create(
            {
                "name": "Invoiced in January",
                "user_id": self.member.id,
                "measure": "revenue",
                "revenue_source": "invoice",
                "date_start": JANUARY[0],
                "date_end": JANUARY[1],
                "target_value": 100000.0,
            }
        )
        target.action_confirm()
        statement = plan.generate_statements(*JANUARY)
        self.assertEqual(statement.attainment, 120.0, "invoiced revenue, as the target reads it")
        self.assertEqual(statement.total_amount, 4000.0, "8% on the order basis of 50,000")

    def test_case_9_periods_are_cut_in_the_company_timezone(self):
        self.env.company.partner_id.tz = "Asia/Shanghai"
        plan = self.make_plan(basis="order")
        order = self.make_order(self.member, 1000.0, date(2025, 6, 1))
        # 02:00 in Shanghai on 1 June is 18:00 UTC on 31 May.
        order.date_order = datetime(2025, 5, 31, 18, 0)
        for user_tz in ("America/New_York", False):
            self.manager.tz = user_tz
            plan_as = plan.with_user(self.manager).with_context(tz=user_tz)
            with self.subTest(tz=user_tz):
                self.assertFalse(plan_as.generate_statements(*MAY))
                self.assertEqual(plan_as.generate_statements(*JUNE).base_amount, 1000.0)


@tagged("post_install", "-at_install")
class TestSettlementBatch(CommissionCase):
    def test_scheduled_action_isolates_a_failing_plan(self):
        good = self.make_plan(name="Good")
        bad = self.make_plan(name="Bad", basis="order")
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        original = type(bad)._generate_statements

        def generate(plan, *args, **kwargs):
            if plan == bad:
                raise ValueError("broken plan")
            return original(plan, *args, **kwargs)

        with (
            patch.object(type(bad), "_generate_statements", generate),
            self.assertLogs("odoo.addons.sales_mgmt_system", "ERROR") as logs,
            patch.object(
                type(self.env["sales.mgmt.measure"]), "_company_today", lambda *_a: date(2025, 2, 3)
            ),
        ):
            self.env["sales.commission.plan"]._cron_generate_statements()
        self.assertIn("Bad", logs.output[0])
        self.assertEqual(good.statement_ids.mapped("total_amount"), [50.0])

    def test_query_count_is_the_same_for_5_and_50_salespeople(self):
        users = [
            new_test_user(self.env, login=f"sms_many_{n}", groups="sales_team.group_sale_salesman")
            for n in range(50)
        ]
        few, many = users[:5], users
        plan = self.make_plan(
            basis="order", user_ids=[Command.set([user.id for user in many])], flat_rate=4.0
        )
        for index, user in enumerate(many):
            self.make_order(user, 100.0 + index, date(2025, 2, 3))
            if user in few:
                self.make_order(user, 50.0 + index, date(2025, 1, 3))
        # Warm the caches a first statement fills (defaults, pending notifications).
        self.make_order(users[0], 10.0, date(2024, 12, 3))
        plan.generate_statements(date(2024, 12, 1), date(2024, 12, 31))
        counts = []
        for period, people in ((JANUARY, few), (FEBRUARY, many)):
            self.env.flush_all()
            self.env.cr.flush()  # what other code left to do before commit is not ours
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with self.assertQueryCount(22):
                statements = plan.generate_statements(*period)
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(statements), len(people))
        self.assertEqual(counts[0], counts[1], "the same number of queries for 5 and 50")
