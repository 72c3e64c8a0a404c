from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .ops_common import H1, H2, OpsCase


@tagged("post_install", "-at_install")
class TestCostControl(OpsCase):
    def test_default_categories_are_installed(self):
        codes = set(self.env["sales.cost.category"].search([]).mapped("code"))
        self.assertLessEqual(
            {"travel", "entertainment", "marketing", "commission", "training", "samples", "other"},
            codes,
        )

    def test_entries_charge_the_personal_budget_first_then_the_team_budget(self):
        team_budget = self.make_budget(self.team_led, [(self.travel, 5000.0), (self.samples, 800)])
        personal = self.make_budget(self.member, [(self.travel, 1000.0)])
        travel = self.make_entry(self.member, self.travel, 300.0, date(2025, 2, 3))
        samples = self.make_entry(self.member, self.samples, 200.0, date(2025, 2, 3))
        leader_travel = self.make_entry(self.leader, self.travel, 700.0, date(2025, 3, 1))
        outside = self.make_entry(self.member, self.travel, 50.0, date(2025, 7, 1))
        self.assertEqual(travel.budget_line_id, self.line_of(personal, self.travel))
        self.assertEqual(samples.budget_line_id, self.line_of(team_budget, self.samples))
        self.assertEqual(leader_travel.budget_line_id, self.line_of(team_budget, self.travel))
        self.assertFalse(outside.budget_line_id, "no budget covers July")
        self.assertEqual(self.line_of(team_budget, self.travel).actual_amount, 700.0)
        self.assertEqual(personal.actual_amount, 300.0)
        self.assertEqual(team_budget.actual_amount, 900.0)

    def test_variance_and_utilisation_follow_the_entries(self):
        budget = self.make_budget(self.member, [(self.travel, 1000.0), (self.samples, 500.0)])
        entry = self.make_entry(self.member, self.travel, 400.0, date(2025, 1, 10))
        self.make_entry(self.member, self.samples, 600.0, date(2025, 1, 10))
        travel, samples = self.line_of(budget, self.travel), self.line_of(budget, self.samples)
        self.assertEqual((travel.variance, travel.utilisation), (600.0, 40.0))
        self.assertEqual((samples.variance, samples.utilisation), (-100.0, 120.0))
        self.assertEqual((budget.total_amount, budget.actual_amount), (1500.0, 1000.0))
        self.assertEqual(budget.variance, 500.0)
        entry.amount = 100.0
        self.assertEqual(travel.actual_amount, 100.0)
        entry.date = date(2025, 8, 1)
        self.assertFalse(entry.budget_line_id, "moved out of the budget's period")
        self.assertEqual(travel.actual_amount, 0.0)
        entry.unlink()
        self.assertEqual(budget.actual_amount, 600.0)

    def test_a_budget_created_later_picks_up_the_entries_it_covers(self):
        entry = self.make_entry(self.member, self.travel, 250.0, date(2025, 4, 2))
        budget = self.make_budget(self.member, [(self.travel, 1000.0)])
        self.assertEqual(entry.budget_line_id, budget.line_ids)
        self.assertEqual(budget.actual_amount, 250.0)
        budget.date_start = date(2025, 5, 1)
        self.assertFalse(entry.budget_line_id, "no longer covered")
        self.assertEqual(budget.actual_amount, 0.0)

    def test_budget_line_cannot_be_chosen_by_hand(self):
        budget = self.make_budget(self.member, [(self.travel, 1000.0)])
        other = self.make_budget(self.outsider, [(self.travel, 1000.0)])
        entry = self.make_entry(self.member, self.travel, 100.0, date(2025, 1, 5))
        entry.write({"budget_line_id": other.line_ids.id, "description": "Taxi"})
        self.assertEqual(entry.budget_line_id, budget.line_ids)

    def test_cost_to_revenue_reads_revenue_as_targets_measure_it(self):
        budget = self.make_budget(self.member, [(self.travel, 1000.0)])
        self.make_order(self.member, 20000.0, date(2025, 3, 15))
        self.make_order(self.member, 5000.0, date(2025, 7, 15))  # outside the period
        self.make_entry(self.member, self.travel, 500.0, date(2025, 3, 16))
        self.assertEqual(budget.revenue, 20000.0)
        self.assertAlmostEqual(budget.cost_to_revenue, 2.5)
        # A confirmed target measuring won opportunities makes revenue read them.
        target = self.env["sales.target"].create(
            {
                "name": "Member H1",
                "user_id": self.member.id,
                "measure": "revenue",
                "revenue_source": "opportunity",
                "date_start": H1[0],
                "date_end": H1[1],
                "target_value": 50000.0,
            }
        )
        target.action_generate_lines()
        target.action_confirm()
        budget.invalidate_recordset(["revenue", "cost_to_revenue"])
        self.assertEqual(budget.revenue, 0.0, "no won opportunity in the period")
        self.assertEqual(budget.cost_to_revenue, 0.0)

    def test_team_budget_revenue_is_the_teams(self):
        budget = self.make_budget(self.team_led, [(self.travel, 1000.0)])
        self.make_order(self.member, 8000.0, date(2025, 2, 1), team_id=self.team_led.id)
        self.make_order(self.outsider, 3000.0, date(2025, 2, 1), team_id=self.team_other.id)
        self.assertEqual(budget.revenue, 8000.0)

    def test_revenue_of_many_budgets_takes_a_fixed_number_of_queries(self):
        users = self.member | self.leader | self.outsider
        budgets = self.env["sales.cost.budget"].union(
            *(self.make_budget(user, [(self.travel, 100.0)]) for user in users)
        )
        budgets.invalidate_recordset()
        with self.assertQueryCount(10):
            budgets.mapped("cost_to_revenue")

    def test_warning_activity_once_per_line_at_the_threshold(self):
        budget = self.make_budget(self.member, [(self.travel, 1000.0), (self.samples, 100.0)])
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sales.cost.budget"), ("res_id", "=", budget.id)]
        )
        self.make_entry(self.member, self.travel, 899.0, date(2025, 1, 5))
        self.assertFalse(activities.search([("res_id", "=", budget.id)]))
        self.make_entry(self.member, self.travel, 1.0, date(2025, 1, 6))
        activity = activities.search(
            [("res_model", "=", "sales.cost.budget"), ("res_id", "=", budget.id)]
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn(self.travel.name, activity.summary)
        self.assertTrue(self.line_of(budget, self.travel).warning_sent)
        self.make_entry(self.member, self.travel, 300.0, date(2025, 1, 7))
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "sales.cost.budget"), ("res_id", "=", budget.id)]
            ),
            1,
            "warned once per line",
        )
        self.make_entry(self.member, self.samples, 95.0, date(2025, 1, 7))
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "sales.cost.budget"), ("res_id", "=", budget.id)]
            ),
            2,
            "the other line warns on its own",
        )

    def test_warning_threshold_comes_from_settings(self):
        self.set_param("sales_mgmt_system.cost_warning_pct", "50")
        budget = self.make_budget(self.member, [(self.travel, 1000.0)])
        self.make_entry(self.member, self.travel, 500.0, date(2025, 1, 5))
        self.assertTrue(budget.line_ids.warning_sent)

    def test_hard_block_refuses_an_entry_beyond_the_budget_naming_what_is_left(self):
        self.set_param("sales_mgmt_system.cost_hard_block", "True")
        budget = self.make_budget(self.member, [(self.travel, 1000.0)], name="Member Travel H1")
        self.make_entry(
            self.member, self.travel, 700.0, date(2025, 1, 5), env=self.env(user=self.member)
        )
        with self.assertRaises(ValidationError) as refused:
            self.make_entry(
                self.member, self.travel, 301.0, date(2025, 1, 6), env=self.env(user=self.member)
            )
        message = str(refused.exception)
        self.assertIn("Member Travel H1", message)
        self.assertIn("300.0", message, "what is left")
        self.assertIn(self.travel.name, message)
        # Exactly what is left is accepted; raising an entry past it is refused.
        last = self.make_entry(self.member, self.travel, 300.0, date(2025, 1, 6))
        self.assertEqual(budget.actual_amount, 1000.0)
        with self.assertRaises(ValidationError):
            last.amount = 300.01
        # Entries no budget covers are not blocked.
        self.make_entry(self.member, self.travel, 5000.0, date(2025, 9, 1))

    def test_without_hard_block_overspending_is_recorded(self):
        budget = self.make_budget(self.member, [(self.travel, 100.0)])
        self.make_entry(self.member, self.travel, 150.0, date(2025, 1, 5))
        self.assertEqual(budget.variance, -50.0)

    def test_negative_amounts_are_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self.make_entry(self.member, self.travel, -10.0, date(2025, 1, 5))
        self.assertIn("negative", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            self.make_budget(self.member, [(self.travel, -1.0)])
        self.assertIn("negative", str(refused.exception))

    def test_budget_is_for_exactly_one_owner(self):
        with self.assertRaises(ValidationError) as refused:
            self.make_budget(self.member, [(self.travel, 1.0)], team_id=self.team_led.id)
        self.assertIn("exactly one", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            self.env["sales.cost.budget"].create(
                {"name": "Nobody's", "date_start": H1[0], "date_end": H1[1]}
            )
        self.assertIn("exactly one", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            self.make_budget(self.member, [], period=(H1[1], H1[0]))
        self.assertIn("before it starts", str(refused.exception))

    def test_overlapping_budgets_of_the_same_owner_and_category_are_refused(self):
        self.make_budget(self.member, [(self.travel, 1000.0)], name="Travel H1")
        with self.assertRaises(ValidationError) as refused:
            self.make_budget(self.member, [(self.travel, 500.0)], period=(date(2025, 6, 1), H2[1]))
        self.assertIn("overlaps Travel H1", str(refused.exception))
        # Another category, another owner or the next period are fine.
        self.make_budget(self.member, [(self.samples, 500.0)])
        self.make_budget(self.leader, [(self.travel, 500.0)])
        self.make_budget(self.team_led, [(self.travel, 500.0)])
        later = self.make_budget(self.member, [(self.travel, 500.0)], period=H2)
        with self.assertRaises(ValidationError):
            later.date_start = date(2025, 6, 30)
        samples_h2 = self.make_budget(self.member, [(self.samples, 10.0)], period=H2)
        with self.assertRaises(ValidationError):
            samples_h2.line_ids.category_id = self.travel

    def test_one_line_per_category_in_a_budget(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.make_budget(self.member, [(self.travel, 1.0), (self.travel, 2.0)])

    def test_entry_form_defaults_to_the_users_team_and_today(self):
        form = Form(self.env["sales.cost.entry"].with_user(self.member))
        self.assertEqual(form.user_id, self.member)
        self.assertEqual(form.team_id, self.team_led)
        self.assertEqual(form.date, self.env["sales.mgmt.measure"]._company_today())
        form.category_id = self.travel
        form.amount = 42.0
        form.description = "Bus"
        entry = form.save()
        self.assertEqual(entry.user_id, self.member)

    def test_budget_form_sums_its_lines(self):
        form = Form(self.env["sales.cost.budget"])
        form.name = "Team H1"
        form.team_id = self.team_led
        form.date_start, form.date_end = H1
        with form.line_ids.new() as line:
            line.category_id = self.travel
            line.amount = 300.0
        with form.line_ids.new() as line:
            line.category_id = self.samples
            line.amount = 200.0
        budget = form.save()
        self.assertEqual(budget.total_amount, 500.0)
        self.assertEqual(budget.manager_id, self.env.user)
        budget.write({"line_ids": [Command.clear()]})
        self.assertEqual(budget.total_amount, 0.0)

    def test_deleting_a_personal_budget_charges_its_costs_to_the_team(self):
        team_budget = self.make_budget(self.team_led, [(self.travel, 5000.0)])
        personal = self.make_budget(self.member, [(self.travel, 1000.0), (self.samples, 10.0)])
        entry = self.make_entry(self.member, self.travel, 300.0, date(2025, 2, 3))
        self.assertEqual(entry.budget_id, personal)
        personal.line_ids.filtered(lambda line: line.category_id == self.travel).unlink()
        self.assertEqual(entry.budget_id, team_budget)
        self.assertEqual(team_budget.actual_amount, 300.0)
        other = self.make_budget(self.member, [(self.travel, 1000.0)], period=H2)
        later = self.make_entry(self.member, self.travel, 50.0, date(2025, 8, 3))
        self.assertEqual(later.budget_id, other)
        other.unlink()
        self.assertFalse(later.budget_line_id)

    def test_a_cost_goes_to_one_of_the_salespersons_teams_only(self):
        with self.assertRaises(ValidationError) as refused:
            self.make_entry(
                self.member,
                self.travel,
                10.0,
                date(2025, 2, 3),
                env=self.env(user=self.member),
                team_id=self.team_other.id,
            )
        self.assertIn(self.team_other.name, str(refused.exception))
        entry = self.make_entry(self.leader, self.travel, 10.0, date(2025, 2, 3))
        self.assertEqual(entry.team_id, self.team_led)
