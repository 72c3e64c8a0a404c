from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestMyDayTour(SalesMgmtHttpCase):
    """My day in the browser: the app opens on it and each card opens its records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesman = "sales_team.group_sale_salesman"
        cls.leader = new_test_user(
            cls.env, "tour_my_day_leader", groups=salesman, name="Tour My Day Leader"
        )
        cls.member = new_test_user(
            cls.env, "tour_my_day_member", groups=salesman, name="Tour My Day Member"
        )
        outsider = new_test_user(
            cls.env, "tour_my_day_outsider", groups=salesman, name="Tour My Day Outsider"
        )
        Team = cls.env["crm.team"]
        Team.create(
            {
                "name": "Tour My Day Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.leader | cls.member).ids)],
            }
        )
        Team.create(
            {
                "name": "Tour My Day Other Team",
                "user_id": outsider.id,
                "member_ids": [Command.set(outsider.ids)],
            }
        )
        # Around whatever day the browser runs: half the period gone, nothing
        # sold, so both targets are off track.
        today = fields.Date.context_today(cls.env["sales.target"])
        for name, user in (
            ("Tour: my day member target", cls.member),
            ("Tour: my day other target", outsider),
        ):
            cls.env["sales.target"].create(
                {
                    "name": name,
                    "user_id": user.id,
                    "target_value": 1000.0,
                    "date_start": today - timedelta(days=30),
                    "date_end": today + timedelta(days=30),
                }
            ).action_confirm()
        lead = cls.env["crm.lead"].create({"name": "Tour: my day lead", "user_id": cls.member.id})
        cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("crm.lead"),
                "res_id": lead.id,
                "user_id": cls.member.id,
                "date_deadline": today,
                "summary": "Tour: call the customer today",
            }
        )
        template = cls.env["sales.review.template"].create(
            {
                "name": "Tour My Day Template",
                "kpi_ids": [Command.create({"kpi": "activities_done", "weight": 100.0})],
            }
        )
        cls.env["sales.review"].create(
            {
                "user_id": cls.member.id,
                "template_id": template.id,
                "date_start": today.replace(day=1),
                "date_end": today.replace(day=1) + timedelta(days=27),
            }
        )

    def test_salesperson_opens_my_day(self):
        self.warm_up_assets(self.member.login)
        self.start_tour("/odoo", "sales_mgmt_my_day_salesperson", login=self.member.login)

    def test_leader_opens_my_day(self):
        self.warm_up_assets(self.leader.login)
        self.start_tour("/odoo", "sales_mgmt_my_day_leader", login=self.leader.login)
