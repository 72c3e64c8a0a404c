"""Odoo's click-everywhere bot on the app, as each role opens it.

``web``'s clickbot opens every menu of the app, every view of each action and
every filter of each search view, and fails on any error dialog or failed
request. It runs as the sales manager, a team leader and a plain salesperson,
each with records of their own to show, so a view that breaks for one role
cannot land unseen.
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('sales_mgmt_system.menu_root');"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(SalesMgmtHttpCase):
    allow_end_on_form = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        salesman = "sales_team.group_sale_salesman"
        cls.manager = new_test_user(
            cls.env,
            "click_manager",
            groups="sales_team.group_sale_manager,base.group_system",
            name="Click Manager",
        )
        cls.leader = new_test_user(cls.env, "click_leader", groups=salesman, name="Click Leader")
        cls.member = new_test_user(cls.env, "click_member", groups=salesman, name="Click Member")
        team = cls.env["crm.team"].create(
            {
                "name": "Click Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.leader | cls.member).ids)],
            }
        )
        year = (date(2025, 1, 1), date(2025, 12, 31))
        team_target = cls.env["sales.target"].create(
            {
                "name": "Click team target",
                "team_id": team.id,
                "target_value": 12000.0,
                "date_start": year[0],
                "date_end": year[1],
                "granularity": "month",
            }
        )
        team_target.action_generate_lines()
        team_target.action_confirm()
        for user in (cls.leader, cls.member):
            target = cls.env["sales.target"].create(
                {
                    "name": f"Click target of {user.name}",
                    "user_id": user.id,
                    "measure": "won_deals",
                    "target_value": 12.0,
                    "date_start": year[0],
                    "date_end": year[1],
                    "granularity": "week",
                }
            )
            target.action_generate_lines()
        template = cls.env["sales.review.template"].create(
            {
                "name": "Click Template",
                "kpi_ids": [
                    Command.create({"kpi": "revenue", "weight": 60.0, "target_value": 1000.0}),
                    Command.create({"kpi": "win_rate", "weight": 40.0, "target_value": 30.0}),
                ],
            }
        )
        review = cls.env["sales.review"].create(
            {
                "user_id": cls.member.id,
                "team_id": team.id,
                "reviewer_id": cls.leader.id,
                "template_id": template.id,
                "date_start": date(2025, 3, 1),
                "date_end": date(2025, 3, 31),
            }
        )
        review.action_compute()
        review.action_submit()
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
        plan = cls.env["sales.commission.plan"].create(
            {
                "name": "Click Plan",
                "basis": "order",
                "rate_mode": "marginal",
                "tier_basis": "amount",
                "tier_ids": [
                    Command.create({"lower_bound": 0.0, "rate": 5.0}),
                    Command.create({"lower_bound": 1000.0, "rate": 8.0}),
                ],
                "user_ids": [Command.set((cls.leader | cls.member).ids)],
            }
        )
        plan.generate_statements(date(2025, 3, 1), date(2025, 3, 31))
        for user in (cls.manager, cls.leader, cls.member):
            if "tour_enabled" in user._fields:
                user.tour_enabled = False

    def click_everywhere(self, user):
        self.warm_up_assets(user.login)
        self.browser_js(
            "/odoo",
            CLICKBOT,
            "odoo.isReady === true",
            login=user.login,
            timeout=900,
            success_signal="clickbot test succeeded",
        )

    def test_click_everywhere_as_manager(self):
        self.click_everywhere(self.manager)

    def test_click_everywhere_as_team_leader(self):
        self.click_everywhere(self.leader)

    def test_click_everywhere_as_salesperson(self):
        self.click_everywhere(self.member)
