from datetime import date

from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .commission_common import FEBRUARY, JANUARY, Q1, CommissionCase


@tagged("post_install", "-at_install")
class TestCommissionBases(CommissionCase):
    """What each basis counts, one statement line per source line."""

    def test_order_basis_counts_confirmed_lines_of_the_period(self):
        plan = self.make_plan(basis="order")
        counted = self.make_order(self.member, 1000.0, date(2025, 1, 10))
        self.make_order(self.member, 500.0, date(2025, 1, 12), confirm=False)
        self.make_order(self.member, 700.0, date(2025, 2, 1))
        self.make_order(self.outsider, 900.0, date(2025, 1, 10))
        statements = plan.generate_statements(*JANUARY)
        self.assertEqual(statements.user_id, self.member, "no statement without sources")
        line = self.lines_of(statements)
        self.assertEqual(line.sale_line_id, counted.order_line)
        self.assertEqual((line.base_amount, line.rate, line.amount), (1000.0, 5.0, 50.0))
        self.assertEqual(statements.total_amount, 50.0)

    def test_invoice_basis_counts_credit_notes_negative(self):
        plan = self.make_plan()
        invoice = self.make_invoice(self.member, [600.0, 400.0], date(2025, 1, 5))
        self.credit(invoice, date(2025, 1, 20), amount=100.0)
        self.make_invoice(self.member, 300.0, date(2025, 2, 3))
        statement = plan.generate_statements(*JANUARY)
        lines = self.lines_of(statement)
        # Each invoice line on its day, and the credit note's share of each on its own.
        self.assertEqual(lines.move_line_id, invoice.invoice_line_ids)
        self.assertEqual(
            sorted((line.date.day, line.base_amount) for line in lines),
            [(5, 400.0), (5, 600.0), (20, -60.0), (20, -40.0)],
        )
        self.assertEqual(statement.base_amount, 900.0)
        self.assertEqual(statement.total_amount, 45.0)

    def test_credit_note_of_no_invoice_counts_negative_on_the_invoice_basis(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        refund = self.make_invoice(self.member, 200.0, date(2025, 1, 9), move_type="out_refund")
        statement = plan.generate_statements(*JANUARY)
        credit = self.lines_of(statement).filtered(lambda line: line.base_amount < 0)
        self.assertEqual(credit.move_line_id, refund.invoice_line_ids)
        self.assertEqual(statement.total_amount, 40.0)

    def test_payment_basis_prorates_by_the_paid_share_at_period_end(self):
        plan = self.make_plan(basis="payment")
        invoice = self.make_invoice(self.member, [600.0, 400.0], date(2025, 1, 5))
        self.pay(invoice, 250.0, date(2025, 1, 25))
        self.pay(invoice, 750.0, date(2025, 2, 10))
        self.make_invoice(self.member, 800.0, date(2025, 1, 7))  # unpaid
        january = plan.generate_statements(*JANUARY)
        self.assertEqual(sorted(self.lines_of(january).mapped("base_amount")), [100.0, 150.0])
        january.action_confirm()
        february = plan.generate_statements(*FEBRUARY)
        # The rest of the invoice: never more than the whole line in total.
        self.assertEqual(sorted(self.lines_of(february).mapped("base_amount")), [300.0, 450.0])
        self.assertEqual(february.total_amount, 37.5)


@tagged("post_install", "-at_install")
class TestCommissionRates(CommissionCase):
    """The pinned numbers of the issue, through statements."""

    TIERS = ((0.0, 5.0), (100.0, 8.0))
    BANDS = ((0.0, 5.0), (100000.0, 8.0))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_invoice(cls.member, [70000.0, 50000.0], date(2025, 1, 15))

    def commission(self, **values):
        # One plan at a time: two active plans of a basis may not pay the same person.
        self.env["sales.commission.plan"].search([]).active = False
        plan = self.make_plan(user_ids=[Command.set(self.member.ids)], **values)
        return plan.generate_statements(*JANUARY)

    def test_flat(self):
        self.assertEqual(self.commission(flat_rate=5.0).total_amount, 6000.0)

    def test_amount_bands_marginal_and_whole(self):
        marginal = self.commission(rate_mode="marginal", tier_ids=self.tier_commands(*self.BANDS))
        self.assertEqual(marginal.total_amount, 6600.0)
        self.assertEqual(self.lines_of(marginal).mapped("amount"), [3850.0, 2750.0])
        self.assertAlmostEqual(self.lines_of(marginal)[0].rate, 5.5)
        whole = self.commission(rate_mode="whole", tier_ids=self.tier_commands(*self.BANDS))
        self.assertEqual(whole.total_amount, 9600.0)

    def test_cap_cuts_the_whole_amount_case(self):
        statement = self.commission(
            rate_mode="whole", tier_ids=self.tier_commands(*self.BANDS), cap_amount=7000.0
        )
        self.assertEqual(statement.total_amount, 7000.0)
        self.assertTrue(statement.capped)

    def make_target(self, user, value, revenue_source="invoice"):
        target = self.env["sales.target"].create(
            {
                "name": "January target",
                "user_id": user.id,
                "measure": "revenue",
                "revenue_source": revenue_source,
                "date_start": JANUARY[0],
                "date_end": JANUARY[1],
                "target_value": value,
            }
        )
        target.action_confirm()
        return target

    def test_attainment_tiers_use_the_target_of_the_period(self):
        self.make_target(self.member, 100000.0)
        tiers = self.tier_commands(*self.TIERS)
        marginal = self.commission(rate_mode="marginal", tier_basis="attainment", tier_ids=tiers)
        self.assertEqual(marginal.total_amount, 6600.0)
        self.assertEqual((marginal.target_amount, marginal.attainment), (100000.0, 120.0))
        whole = self.commission(rate_mode="whole", tier_basis="attainment", tier_ids=tiers)
        self.assertEqual(whole.total_amount, 9600.0)

    def test_attainment_tiers_without_target_pay_nothing_and_say_why(self):
        statement = self.commission(
            rate_mode="marginal", tier_basis="attainment", tier_ids=self.tier_commands(*self.TIERS)
        )
        self.assertEqual(statement.total_amount, 0.0)
        self.assertEqual(statement.base_amount, 120000.0, "the base is still shown")
        self.assertIn("no revenue target", statement.note)

    def test_bonuses_on_attainment_revenue_and_deals(self):
        self.make_target(self.member, 100000.0)
        self.win_deal(self.member, date(2025, 1, 8))
        self.win_deal(self.member, date(2025, 1, 9))
        statement = self.commission(
            bonus_ids=[
                Command.create({"measure": "attainment", "threshold": 120.0, "amount": 500.0}),
                Command.create({"measure": "revenue", "threshold": 120000.01, "amount": 300.0}),
                Command.create({"measure": "deals", "threshold": 2, "amount": 200.0}),
            ]
        )
        bonuses = self.lines_of(statement, "bonus")
        self.assertEqual(bonuses.bonus_id.mapped("measure"), ["attainment", "deals"])
        self.assertEqual(statement.total_amount, 6000.0 + 500.0 + 200.0)

    def test_fixed_amount_per_won_deal(self):
        deals = self.win_deal(self.member, date(2025, 1, 8)) | self.win_deal(
            self.member, date(2025, 1, 30)
        )
        self.win_deal(self.member, date(2025, 2, 1))
        statement = self.commission(per_deal_amount=150.0)
        deal_lines = self.lines_of(statement, "deal")
        self.assertEqual(deal_lines.lead_id, deals)
        self.assertEqual(deal_lines.mapped("amount"), [150.0, 150.0])
        self.assertEqual(statement.bonus_amount, 300.0)
        self.assertEqual(statement.total_amount, 6300.0)


@tagged("post_install", "-at_install")
class TestCommissionStatements(CommissionCase):
    """Statement life cycle, regeneration and paying a source once."""

    def test_states_draft_confirmed_paid(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        statement = plan.generate_statements(*JANUARY)
        self.assertEqual(statement.state, "draft")
        statement.action_confirm()
        statement.action_mark_paid()
        self.assertEqual(statement.state, "paid")
        with self.assertRaisesRegex(UserError, "only statements in state"):
            statement.action_cancel()
        with self.assertRaisesRegex(UserError, "only statements in state"):
            statement.action_confirm()

    def test_cancel_and_reset_to_draft(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        statement = plan.generate_statements(*JANUARY)
        statement.action_confirm()
        statement.action_cancel()
        self.assertFalse(plan.generate_statements(*JANUARY), "cancelled: left alone")
        with self.assertRaises(UserError):
            statement.action_mark_paid()
        statement.action_draft()
        self.assertEqual(plan.generate_statements(*JANUARY), statement)

    def test_regenerating_replaces_draft_lines_only(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.make_invoice(self.leader, 2000.0, date(2025, 1, 5))
        statements = plan.generate_statements(*JANUARY)
        member_statement = self.statement_of(statements, self.member)
        leader_statement = self.statement_of(statements, self.leader)
        leader_statement.action_confirm()
        leader_lines = leader_statement.line_ids
        old_lines = member_statement.line_ids
        self.make_invoice(self.member, 500.0, date(2025, 1, 6))
        self.make_invoice(self.leader, 500.0, date(2025, 1, 6))
        again = plan.generate_statements(*JANUARY)
        self.assertEqual(again, member_statement, "no duplicate, confirmed one untouched")
        self.assertFalse(old_lines.exists())
        self.assertEqual(member_statement.base_amount, 1500.0)
        self.assertEqual(leader_statement.line_ids, leader_lines)
        self.assertEqual(leader_statement.base_amount, 2000.0)

    def test_regenerate_button_refreshes_the_draft(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        statement = plan.generate_statements(*JANUARY)
        self.make_invoice(self.member, 1000.0, date(2025, 1, 7))
        self.make_invoice(self.leader, 1000.0, date(2025, 1, 7))
        statement.action_regenerate()
        self.assertEqual(statement.total_amount, 100.0)
        self.assertFalse(
            plan.statement_ids.filtered(lambda s: s.user_id == self.leader),
            "only the statement asked for is regenerated",
        )
        with self.assertRaises(AccessError):
            statement.with_user(self.member).action_regenerate()

    def test_no_duplicate_statement_for_user_plan_and_period(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        statement = plan.generate_statements(*JANUARY)
        with (
            self.assertRaises(UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            statement.copy()
        self.assertEqual(plan.generate_statements(*JANUARY), statement)

    def test_a_source_line_paid_out_is_not_included_again(self):
        plan = self.make_plan()
        paid_out = self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.make_invoice(self.member, 400.0, date(2025, 2, 5))
        plan.generate_statements(*JANUARY).action_confirm()
        quarter = plan.generate_statements(*Q1)
        self.assertNotIn(paid_out.invoice_line_ids, quarter.line_ids.move_line_id)
        self.assertEqual(quarter.base_amount, 400.0)

    def test_confirming_a_second_draft_of_the_same_source_settles_it_again(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        january = plan.generate_statements(*JANUARY)
        quarter = plan.generate_statements(*Q1)
        self.assertEqual(quarter.total_amount, 50.0, "a draft shows what is unpaid now")
        january.action_confirm()
        quarter.action_confirm()
        self.assertFalse(self.lines_of(quarter), "settled again on confirmation: paid once")
        self.assertEqual(quarter.total_amount, 0.0)
        self.assertIn("went from", quarter.message_ids[0].body)

    def test_credit_note_on_a_paid_out_invoice_is_clawed_back_next_time(self):
        plan = self.make_plan()
        invoice = self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        january = plan.generate_statements(*JANUARY)
        january.action_confirm()
        january.action_mark_paid()
        refund = self.credit(invoice, date(2025, 2, 10), amount=400.0)
        self.make_invoice(self.member, 2000.0, date(2025, 2, 12))
        february = plan.generate_statements(*FEBRUARY)
        clawback = self.lines_of(february, "clawback")
        self.assertEqual(clawback.move_line_id, invoice.invoice_line_ids, "on the source")
        self.assertEqual(clawback.date, refund.invoice_date)
        self.assertEqual((clawback.base_amount, clawback.amount), (-400.0, -20.0))
        self.assertEqual(february.base_amount, 2000.0, "not part of the base")
        self.assertEqual(february.clawback_amount, -20.0)
        self.assertEqual(february.total_amount, 80.0)
        february.action_confirm()
        march = plan.generate_statements(date(2025, 2, 1), date(2025, 3, 31))
        self.assertFalse(self.lines_of(march, "clawback"), "a credit note is clawed back only once")

    def test_clawback_on_the_payment_basis_never_exceeds_what_was_paid_out(self):
        plan = self.make_plan(basis="payment")
        invoice = self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.pay(invoice, 500.0, date(2025, 1, 20))
        plan.generate_statements(*JANUARY).action_confirm()
        self.credit(invoice, date(2025, 2, 10), amount=800.0)
        february = plan.generate_statements(*FEBRUARY)
        clawback = self.lines_of(february, "clawback")
        # The invoice keeps 200 of the 500 paid out: 300 is taken back, at 5%.
        self.assertEqual((clawback.base_amount, clawback.amount), (-300.0, -15.0))
        self.credit(invoice, date(2025, 2, 11), amount=200.0)
        february = plan.generate_statements(*FEBRUARY)
        clawback = self.lines_of(february, "clawback")
        self.assertEqual(sum(clawback.mapped("amount")), -25.0, "never more than was paid")
        self.assertFalse(self.lines_of(february), "the credit note is no payment")

    def test_clawback_on_the_order_basis(self):
        plan = self.make_plan(basis="order")
        order = self.make_order(self.member, 1000.0, date(2025, 1, 5))
        plan.generate_statements(*JANUARY).action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = date(2025, 1, 20)
        invoice.action_post()
        self.credit(invoice, date(2025, 2, 3))
        february = plan.generate_statements(*FEBRUARY)
        clawback = self.lines_of(february, "clawback")
        self.assertEqual(clawback.sale_line_id, order.order_line)
        self.assertEqual(clawback.amount, -50.0)

    def test_lines_of_a_confirmed_statement_cannot_be_edited(self):
        plan = self.make_plan()
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        statement = plan.generate_statements(*JANUARY)
        with self.assertRaisesRegex(UserError, "computed from its source"):
            statement.line_ids.amount = 60.0
        with self.assertRaisesRegex(UserError, "computed from its source"):
            statement.line_ids.unlink()
        Line = self.env["sales.commission.statement.line"]
        with self.assertRaisesRegex(UserError, "computed from their sources"):
            Line.create({"statement_id": statement.id, "line_type": "bonus", "amount": 1.0})
        with self.assertRaisesRegex(ValidationError, "needs its reason"), self.cr.savepoint():
            Line.create({"statement_id": statement.id, "amount": 10.0})
        adjustment = Line.create(
            {"statement_id": statement.id, "name": "Trade fair lead", "amount": 10.0}
        )
        self.assertEqual(adjustment.user_id, self.member, "the statement's header is copied")
        self.assertIn("Trade fair lead", statement.message_ids[0].body, "logged")
        statement.action_regenerate()
        self.assertTrue(adjustment.exists(), "regenerating keeps adjustments")
        statement.action_confirm()
        self.assertEqual(statement.total_amount, 60.0)
        for edit in (
            lambda: setattr(adjustment, "amount", 70.0),
            lambda: adjustment.unlink(),
            lambda: Line.create({"statement_id": statement.id, "name": "x", "amount": 1.0}),
        ):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                edit()
        statement.action_mark_paid()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            adjustment.amount = 70.0

    def test_plan_validity_limits_the_sources(self):
        plan = self.make_plan(date_start=date(2025, 1, 15))
        self.make_invoice(self.member, 1000.0, date(2025, 1, 5))
        self.make_invoice(self.member, 300.0, date(2025, 1, 20))
        self.assertEqual(plan.generate_statements(*JANUARY).base_amount, 300.0)
        plan.write({"date_start": date(2024, 1, 1), "date_end": date(2024, 12, 31)})
        self.assertFalse(plan.generate_statements(*JANUARY))

    def test_team_members_are_paid_by_a_team_plan(self):
        plan = self.make_plan(user_ids=[], team_ids=[Command.set(self.team_led.ids)])
        for user in (self.member, self.leader, self.outsider):
            self.make_invoice(user, 100.0, date(2025, 1, 5))
        self.assertEqual(plan.generate_statements(*JANUARY).user_id, self.member | self.leader)


@tagged("post_install", "-at_install")
class TestCommissionRefusals(CommissionCase):
    """Each plan mistake is refused with a message saying how to fix it."""

    def test_tier_gap_below_the_first_tier(self):
        with self.assertRaisesRegex(ValidationError, "starts at 10.0 instead of 0"):
            self.make_plan(rate_mode="marginal", tier_ids=self.tier_commands((10.0, 5.0)))

    def test_overlapping_tiers(self):
        with self.assertRaisesRegex(ValidationError, "two tiers start at 50.0"):
            self.make_plan(
                rate_mode="whole",
                tier_ids=self.tier_commands((0.0, 1.0), (50.0, 2.0), (50.0, 3.0)),
            )

    def test_negative_tier_rate_also_when_editing_a_tier(self):
        with self.assertRaisesRegex(ValidationError, "negative rate"):
            self.make_plan(rate_mode="marginal", tier_ids=self.tier_commands((0.0, -1.0)))
        plan = self.make_plan(rate_mode="marginal", tier_ids=self.tier_commands((0.0, 1.0)))
        with self.assertRaisesRegex(ValidationError, "negative rate"):
            plan.tier_ids.rate = -2.0

    def test_tier_mode_without_tiers(self):
        with self.assertRaisesRegex(ValidationError, "pays by tiers but has none"):
            self.make_plan(rate_mode="marginal")

    def test_negative_plan_amounts(self):
        for field in ("flat_rate", "cap_amount", "per_deal_amount"):
            with self.subTest(field=field), self.assertRaisesRegex(ValidationError, "negative"):
                self.make_plan(**{field: -1.0})

    def test_negative_bonus(self):
        with self.assertRaisesRegex(ValidationError, "negative threshold or amount"):
            self.make_plan(
                bonus_ids=[Command.create({"measure": "revenue", "threshold": 1, "amount": -5})]
            )

    def test_plan_ending_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.make_plan(date_start=date(2025, 2, 1), date_end=date(2025, 1, 1))

    def test_period_ending_before_it_starts(self):
        plan = self.make_plan()
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            plan.generate_statements(JANUARY[1], JANUARY[0])

    def test_plan_form_with_inline_tiers_and_bonuses(self):
        with Form(self.env["sales.commission.plan"]) as form:
            form.name = "Form Plan"
            form.rate_mode = "marginal"
            with form.tier_ids.new() as tier:
                tier.lower_bound = 0.0
                tier.rate = 3.0
            with form.tier_ids.new() as tier:
                tier.lower_bound = 50000.0
                tier.rate = 6.0
            with form.bonus_ids.new() as bonus:
                bonus.measure = "deals"
                bonus.threshold = 5
                bonus.amount = 400.0
        plan = form.record
        self.assertEqual(plan.tier_ids.mapped("rate"), [3.0, 6.0])
        self.assertEqual(plan.bonus_ids.display_name, "Bonus: Won Deals ≥ 5")
