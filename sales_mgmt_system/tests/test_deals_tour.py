from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestDealsTour(SalesMgmtHttpCase):
    """A salesperson marks a deal lost to a competitor from the web client."""

    def test_lost_to_competitor(self):
        salesperson = new_test_user(
            self.env, "tour_deals_member", groups="sales_team.group_sale_salesman"
        )
        competitor = self.env["sales.competitor"].create({"name": "Tour Rival"})
        channel = self.env["sales.channel"].create({"name": "Tour Channel"})
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour Deal",
                "type": "opportunity",
                "user_id": salesperson.id,
                "sales_channel_id": channel.id,
            }
        )
        self.start_tour(
            f"/odoo/action-crm.crm_lead_opportunities/{lead.id}",
            "sales_mgmt_system_lost_to_competitor",
            login=salesperson.login,
        )
        self.assertFalse(lead.active)
        self.assertEqual(lead.lost_to_competitor_id, competitor)
        self.assertIn(competitor, lead.competitor_ids)
