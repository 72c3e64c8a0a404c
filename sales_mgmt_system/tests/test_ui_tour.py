from datetime import date

from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestTeamLeaderTour(SalesMgmtHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesman = "sales_team.group_sale_salesman"
        cls.leader = new_test_user(cls.env, "tour_leader", groups=salesman, name="Tour Leader")
        member = new_test_user(cls.env, "tour_member", groups=salesman, name="Tour Member")
        outsider = new_test_user(cls.env, "tour_outsider", groups=salesman, name="Tour Outsider")
        Team = cls.env["crm.team"]
        team = Team.create(
            {
                "name": "Tour Team",
                "user_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.leader | member).ids)],
            }
        )
        other_team = Team.create(
            {
                "name": "Tour Other Team",
                "user_id": outsider.id,
                "member_ids": [(6, 0, outsider.ids)],
            }
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Lotus Florist",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.leader.id,
            }
        )
        for name, user, deal_team in (
            ("Tour: leader deal", cls.leader, team),
            ("Tour: member deal", member, team),
            ("Tour: other team deal", outsider, other_team),
        ):
            cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": user.id,
                    "team_id": deal_team.id,
                    "partner_id": customer.id,
                }
            )

        # A year that is over whatever the day the test runs: nothing sold, the
        # whole target expected, so the card is "Off Track" even on 1 January
        # (a target of the current year expects nothing yet on that day).
        cls.env["sales.target"].create(
            {
                "name": "Tour: leader target",
                "user_id": cls.leader.id,
                "target_value": 1000.0,
                "date_start": date(2024, 1, 1),
                "date_end": date(2024, 12, 31),
            }
        ).action_confirm()

    def test_team_leader_opens_the_app(self):
        self.start_tour("/odoo", "sales_mgmt_system_team_leader_day", login="tour_leader")


@tagged("post_install", "-at_install")
class TestTeamTargetTour(SalesMgmtHttpCase):
    def test_manager_sets_a_yearly_team_target(self):
        manager = new_test_user(
            self.env, "tour_sales_manager", groups="sales_team.group_sale_manager"
        )
        salesman = "sales_team.group_sale_salesman"
        leader = new_test_user(self.env, "tour_target_leader", groups=salesman)
        member = new_test_user(
            self.env, "tour_target_member", groups=salesman, name="Tour Target Member"
        )
        team = self.env["crm.team"].create(
            {
                "name": "Tour Target Team",
                "user_id": leader.id,
                "member_ids": [(6, 0, (leader | member).ids)],
            }
        )
        self.start_tour("/odoo", "sales_mgmt_system_team_target", login=manager.login)
        target = self.env["sales.target"].search([("team_id", "=", team.id)])
        self.assertEqual(target.state, "confirmed")
        self.assertEqual(target.target_value, 120000.0)
        self.assertEqual(len(target.line_ids), 12)
        self.assertEqual(target.child_ids.user_id, leader | member)
        self.assertEqual(set(target.child_ids.mapped("state")), {"confirmed"})
        self.assertAlmostEqual(sum(target.child_ids.mapped("target_value")), 120000.0)
