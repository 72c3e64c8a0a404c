from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.test_sales_target import TargetCase


@tagged("post_install", "-at_install")
class TestAnalysisTarget(TargetCase):
    """The Reporting menu's target against actual: team targets and their
    members' targets never summed together, each role its own scope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team_target = cls.target(
            user_id=False, team_id=cls.team_led.id, target_value=24000.0, name="Team"
        )
        team_target.action_allocate_members()
        team_target.action_confirm()
        cls.target(user_id=cls.outsider.id, target_value=6000.0, name="Outsider").action_confirm()
        cls.targets = team_target | team_target.child_ids
        cls.targets |= cls.Target.search(
            [("name", "=", "Outsider"), ("user_id", "=", cls.outsider.id)]
        )
        cls.env.flush_all()
        cls.action = cls.env.ref("sales_mgmt_system_reports.menu_analysis_target_actual").action

    def target_sum(self, user, domain, groupby=()):
        return (
            self.env["sales.target.analysis"]
            .with_user(user)
            ._read_group(
                [("target_id", "in", self.targets.ids), ("figure", "=", "target"), *domain],
                list(groupby),
                ["value:sum"],
            )
        )

    def test_menu_opens_one_level_and_one_measure(self):
        context = self.action.context
        self.assertIn("search_default_level_individual", context)
        self.assertIn("search_default_revenue", context)

    def test_levels_are_never_summed_together(self):
        levels = dict(self.target_sum(self.manager, [], ["owner_level"]))
        self.assertAlmostEqual(levels["team"], 24000.0)
        self.assertAlmostEqual(levels["individual"], 30000.0)
        for user, expected in (
            (self.member, 12000.0),
            (self.leader, 24000.0),
            (self.outsider, 6000.0),
            (self.all_docs, 30000.0),
            (self.manager, 30000.0),
        ):
            with self.subTest(user=user.login):
                [(total,)] = self.target_sum(
                    user, [("owner_level", "=", "individual"), ("measure", "=", "revenue")]
                )
                self.assertAlmostEqual(total, expected)

    def test_salesperson_never_gets_another_teams_figures(self):
        rows = self.target_sum(self.member, [], ["user_id", "owner_team_id"])
        self.assertNotIn(self.outsider, [user for user, _team, _value in rows])
        self.assertNotIn(self.team_other, [team for _user, team, _value in rows])
