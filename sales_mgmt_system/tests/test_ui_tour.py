from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTeamLeaderTour(HttpCase):
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

    def test_team_leader_opens_the_app(self):
        self.start_tour("/odoo", "sales_mgmt_system_team_leader_day", login="tour_leader")
