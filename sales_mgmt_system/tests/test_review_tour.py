from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestReviewTours(SalesMgmtHttpCase):
    """A leader computes and submits a review; the member acknowledges it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesman = "sales_team.group_sale_salesman"
        cls.leader = new_test_user(
            cls.env, "tour_review_leader", groups=salesman, name="Tour Review Leader"
        )
        cls.member = new_test_user(
            cls.env, "tour_review_member", groups=salesman, name="Tour Review Member"
        )
        team = cls.env["crm.team"].create(
            {
                "name": "Tour Review Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.leader | cls.member).ids)],
            }
        )
        template = cls.env["sales.review.template"].create(
            {
                "name": "Tour Template",
                "kpi_ids": [
                    Command.create({"kpi": "revenue", "weight": 60.0, "target_value": 1000.0}),
                    Command.create({"kpi": "activities_done", "weight": 40.0, "target_value": 5}),
                ],
            }
        )
        cls.review = cls.env["sales.review"].create(
            {
                "user_id": cls.member.id,
                "team_id": team.id,
                "reviewer_id": cls.leader.id,
                "template_id": template.id,
                "date_start": date(2025, 3, 1),
                "date_end": date(2025, 3, 31),
            }
        )
        cls.env["sales.award"].create(
            {
                "user_id": cls.member.id,
                "team_id": team.id,
                "date_start": date(2025, 3, 1),
                "date_end": date(2025, 3, 31),
                "rank": 1,
                "attainment": 120.0,
            }
        )

    def test_leader_submits_then_member_acknowledges(self):
        self.start_tour("/odoo", "sales_mgmt_system_review_leader", login=self.leader.login)
        self.assertEqual(self.review.state, "submitted")
        self.assertEqual(len(self.review.line_ids), 2)
        self.assertIn("Great follow-up", self.review.strengths)
        self.start_tour("/odoo", "sales_mgmt_system_review_member", login=self.member.login)
        self.assertEqual(self.review.state, "acknowledged")
        self.assertIn("Lost two deals on price", self.review.self_assessment)
