"""Planning a target: baselines that say when they are incomplete, target and
growth rate that follow each other, typed values kept, allocation by last
year's share."""

from datetime import date

from odoo.tests import Form, freeze_time, tagged

from .test_sales_target import YEAR, TargetCase

NEXT_YEAR = {"date_start": date(2026, 1, 1), "date_end": date(2026, 12, 31)}


@tagged("post_install", "-at_install")
class TestTargetPlanning(TargetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order(cls.member, 1000.0, date(2024, 3, 10))
        cls.order(cls.leader, 3000.0, date(2024, 5, 10))

    def new_target_form(self, **values):
        form = Form(self.env["sales.target"])
        form.name = "Planned"
        form.user_id = self.member
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def test_typing_a_target_updates_the_growth_rate_and_back(self):
        form = self.new_target_form(**YEAR)
        self.assertEqual(form.baseline_value, 1000.0)
        form.target_value = 1200.0
        self.assertAlmostEqual(form.growth_rate, 20.0)
        self.assertEqual(form.target_value, 1200.0)
        form.growth_rate = 50.0
        self.assertEqual(form.target_value, 1500.0)
        target = form.save()
        self.assertEqual((target.target_value, target.growth_rate), (1500.0, 50.0))

    def test_a_typed_target_survives_new_dates(self):
        form = self.new_target_form(**YEAR)
        form.target_value = 1200.0
        # Last year up to February holds nothing: the baseline changes, not the target.
        form.date_end = date(2025, 2, 28)
        self.assertEqual(form.baseline_value, 0.0)
        self.assertEqual(form.target_value, 1200.0)

    def test_a_typed_baseline_survives_new_dates(self):
        target = self.Target.create(
            {"name": "Grown", "user_id": self.member.id, "growth_rate": 10.0, **YEAR}
        )
        self.assertEqual(target.baseline_value, 1000.0)
        target.baseline_value = 2000.0
        self.assertEqual(target.target_value, 2200.0)
        target.write({"date_start": date(2025, 4, 1)})
        self.assertEqual(target.baseline_value, 2000.0, "typed: kept")
        self.assertEqual(target.baseline_computed, 0.0, "last year's actual shown beside")
        untouched = self.Target.create(
            {"name": "Measured", "user_id": self.leader.id, "growth_rate": 10.0, **YEAR}
        )
        self.assertEqual(untouched.baseline_value, 3000.0)
        untouched.write({"date_start": date(2025, 6, 1)})
        self.assertEqual(untouched.baseline_value, 0.0, "measured: follows the dates")

    @freeze_time("2025-12-01")
    def test_an_incomplete_baseline_says_so_and_offers_the_forecast(self):
        self.order(self.member, 3340.0, date(2025, 6, 1))
        target = self.target(target_value=5000.0, **NEXT_YEAR)
        self.assertTrue(target.baseline_incomplete)
        self.assertEqual(target.baseline_value, 3340.0)
        # 3,340 over the 335 days to 1 December, at that pace over 365 days.
        self.assertAlmostEqual(target.baseline_forecast, 3639.1, places=1)
        target.action_use_forecast_baseline()
        self.assertAlmostEqual(target.baseline_value, 3639.1, places=1)
        self.assertIn("forecast", target.message_ids[0].body)
        complete = self.target(user_id=self.leader.id, target_value=10.0)
        self.assertFalse(complete.baseline_incomplete)

    def test_allocation_follows_last_years_share(self):
        team_target = self.target(
            user_id=False, team_id=self.team_led.id, target_value=8000.0, granularity="quarter"
        )
        self.assertEqual(team_target.allocation_method, "history")
        result = team_target.action_allocate_members()
        self.assertEqual(result["tag"], "display_notification")
        leader = team_target.child_ids.filtered(lambda t: t.user_id == self.leader)
        member = team_target.child_ids.filtered(lambda t: t.user_id == self.member)
        self.assertEqual((leader.allocation_weight, member.allocation_weight), (75.0, 25.0))
        self.assertEqual((leader.target_value, member.target_value), (6000.0, 2000.0))
        self.assertEqual((leader.baseline_value, member.baseline_value), (3000.0, 1000.0))
        self.assertAlmostEqual(member.implied_growth, 100.0)
        self.assertEqual(len(member.line_ids), 4, "member targets come decomposed")
        summary = team_target.message_ids[0].body
        self.assertIn(self.member.name, summary)
        self.assertIn("25.0%", summary)

    def test_even_allocation_when_nobody_sold_last_year(self):
        team_target = self.target(
            user_id=False, team_id=self.team_led.id, target_value=8000.0, **NEXT_YEAR
        )
        team_target.action_allocate_members()
        self.assertEqual(team_target.child_ids.mapped("allocation_weight"), [50.0, 50.0])
        self.assertTrue(
            any("even shares" in body for body in team_target.message_ids.mapped("body"))
        )
        chosen_even = self.target(
            user_id=False,
            team_id=self.team_other.id,
            target_value=100.0,
            allocation_method="even",
        )
        chosen_even.action_allocate_members()
        self.assertEqual(chosen_even.child_ids.mapped("allocation_weight"), [100.0])

    def test_a_member_without_history_gets_the_average_share(self):
        self.team_led.member_ids = [(4, self.outsider.id)]
        team_target = self.target(user_id=False, team_id=self.team_led.id, target_value=7000.0)
        team_target.action_allocate_members()
        shares = {t.user_id: t.allocation_weight for t in team_target.child_ids}
        # The newcomer weighs the average of 3,000 and 1,000: 2,000 of 6,000 in all.
        self.assertEqual(shares, {self.leader: 50.0, self.member: 16.67, self.outsider: 33.33})
        self.assertTrue(
            any(self.outsider.name in body for body in team_target.message_ids.mapped("body"))
        )
