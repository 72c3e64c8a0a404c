"""Numbers that read right: one level and one measure at a time, whole counts,
a beaten target exceeded rather than a negative gap, seasonal history gaps."""

from datetime import date

from odoo.tests import tagged

from .test_sales_target import TargetCase


@tagged("post_install", "-at_install")
class TestTargetNumbers(TargetCase):
    def test_weekly_count_targets_are_whole_and_add_up(self):
        target = self.target(measure="won_deals", target_value=12, granularity="week")
        target.action_generate_lines()
        values = target.line_ids.mapped("target_value")
        self.assertTrue(all(value == int(value) for value in values), values)
        self.assertEqual(sum(values), 12)
        self.assertLessEqual(max(values), 1)

    def test_member_count_targets_are_whole(self):
        team_target = self.target(
            user_id=False, team_id=self.team_led.id, measure="won_deals", target_value=10
        )
        team_target.action_allocate_members()
        values = team_target.child_ids.mapped("target_value")
        self.assertEqual(sorted(values), [5.0, 5.0])

    def test_a_beaten_target_is_exceeded_not_a_negative_gap(self):
        self.order(self.member, 1500.0, date(2025, 3, 10))
        target = self.target(target_value=1000.0)
        target.action_confirm()
        self.assertAlmostEqual(target.gap_value, -500.0)
        self.assertAlmostEqual(target.exceeded_value, 500.0)
        behind = self.target(user_id=self.leader.id, target_value=1000.0)
        behind.action_confirm()
        self.assertEqual(behind.exceeded_value, 0.0)

    def test_analysis_keeps_team_and_individual_targets_apart(self):
        self.order(self.member, 400.0, date(2025, 1, 10))
        team_target = self.target(
            user_id=False, team_id=self.team_led.id, target_value=24000.0, name="Team"
        )
        team_target.action_allocate_members()
        team_target.action_confirm()
        Line = self.env["sales.target.line"]
        team_lines = Line.search([("target_id", "=", team_target.id)])
        member_lines = Line.search([("target_id", "in", team_target.child_ids.ids)])
        self.assertEqual(set(team_lines.mapped("owner_level")), {"team"})
        self.assertEqual(set(member_lines.mapped("owner_level")), {"individual"})
        # Member targets belong to the team they were allocated from.
        self.assertEqual(member_lines.owner_team_id, self.team_led)
        january = [("date_start", "=", date(2025, 1, 1))]
        for level, expected in (("team", 2000.0), ("individual", 2000.0)):
            groups = Line._read_group(
                [*january, ("owner_level", "=", level), ("measure", "=", "revenue")],
                [],
                ["target_value:sum"],
            )
            self.assertAlmostEqual(groups[0][0], expected)

        Analysis = self.env["sales.target.analysis"]
        rows = Analysis.search(
            [*january, ("owner_level", "=", "individual"), ("user_id", "=", self.member.id)]
        )
        self.assertEqual(
            {row.figure: row.value for row in rows}, {"target": 1000.0, "actual": 400.0}
        )
        # Draft targets are not in the analysis; a member sees only what they may.
        self.target(user_id=self.outsider.id, name="Draft")
        as_member = Analysis.with_user(self.member).search([])
        self.assertTrue(as_member)
        self.assertFalse(as_member.filtered(lambda row: row.user_id == self.outsider))
        self.assertFalse(Analysis.search([("target_id.state", "=", "draft")]))

    def test_seasonal_months_before_a_late_start_take_the_average(self):
        # Joined in the third quarter of last year: Q1 and Q2 have no history.
        self.order(self.member, 1000.0, date(2024, 8, 10))
        self.order(self.member, 3000.0, date(2024, 11, 5))
        target = self.target(split_method="seasonal", granularity="quarter", target_value=8000.0)
        target.action_generate_lines()
        self.assertEqual(target.line_ids.mapped("target_value"), [2000.0, 2000.0, 1000.0, 3000.0])
        self.assertIn("average", target.message_ids[0].body)

    def test_member_without_history_follows_the_team_curve(self):
        self.order(self.leader, 1000.0, date(2024, 2, 10))
        self.order(self.leader, 3000.0, date(2024, 11, 5))
        team_target = self.target(
            user_id=False,
            team_id=self.team_led.id,
            split_method="seasonal",
            granularity="quarter",
            target_value=8000.0,
        )
        team_target.action_allocate_members()
        member_target = team_target.child_ids.filtered(lambda t: t.user_id == self.member)
        member_target.action_generate_lines()
        self.assertEqual(member_target.line_ids.mapped("target_value"), [1000.0, 0.0, 0.0, 3000.0])
        self.assertIn(self.team_led.name, member_target.message_ids[0].body)
