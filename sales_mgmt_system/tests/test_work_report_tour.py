from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestWorkReportTour(SalesMgmtHttpCase):
    """A salesperson writes and submits the weekly report; the leader comments it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesman = "sales_team.group_sale_salesman"
        cls.leader = new_test_user(
            cls.env, "tour_report_leader", groups=salesman, name="Tour Report Leader"
        )
        cls.member = new_test_user(
            cls.env, "tour_report_member", groups=salesman, name="Tour Report Member"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Tour Report Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.leader | cls.member).ids)],
            }
        )

    def test_member_submits_then_leader_comments(self):
        Report = self.env["sales.work.report"]
        self.start_tour("/odoo", "sales_mgmt_system_work_report_member", login=self.member.login)
        report = Report.search([("user_id", "=", self.member.id)])
        self.assertEqual(len(report), 1)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.team_id, self.team)
        self.assertEqual(report.period, "week")
        self.assertIn("Tour Customer", report.highlights)
        self.assertEqual(report.activity_ids.user_id, self.leader, "the leader is asked to comment")
        self.start_tour("/odoo", "sales_mgmt_system_work_report_leader", login=self.leader.login)
        self.assertEqual(report.state, "reviewed")
        self.assertIn("invoice it", report.leader_comment)
        self.assertEqual(report.reviewer_id, self.leader)
        self.assertEqual(report.activity_ids.user_id, self.member, "the member reads the comment")
