from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestDashboardTour(SalesMgmtHttpCase):
    """Reporting > Overview in Chromium, as the sales manager and as a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "tour_dashboard_manager",
            groups="sales_team.group_sale_manager",
            name="Tour Dashboard Manager",
        )
        cls.salesperson = new_test_user(
            cls.env,
            "tour_dashboard_salesperson",
            groups="sales_team.group_sale_salesman",
            name="Tour Dashboard Salesperson",
        )
        team = cls.env["crm.team"].create(
            {"name": "Tour Dashboard Team", "member_ids": [(6, 0, cls.salesperson.ids)]}
        )
        partner = cls.env["res.partner"].create({"name": "Tour Dashboard Customer"})
        leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Tour Dashboard Deal {revenue}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": cls.salesperson.id,
                    "team_id": team.id,
                    "expected_revenue": revenue,
                }
                for revenue in (1200.0, 3400.0)
            ]
        )
        leads[0].action_set_won()
        cls.env["sales.feedback"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.salesperson.id,
                "nps": "9",
                "date": fields.Date.context_today(cls.manager),
            }
        )

    def test_manager_opens_the_overview(self):
        self.warm_up_assets(self.manager.login)
        self.start_tour(
            "/odoo", "sales_mgmt_system_reports_overview_dashboard", login=self.manager.login
        )

    def test_salesperson_opens_the_overview(self):
        self.warm_up_assets(self.salesperson.login)
        self.start_tour(
            "/odoo", "sales_mgmt_system_reports_overview_dashboard", login=self.salesperson.login
        )
