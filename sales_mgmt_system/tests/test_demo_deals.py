from odoo.tests import tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestDemoDeals(SalesMgmtCase):
    """The demo's competitors, channels and risk register are alive."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()

    def test_competitors_with_prices_and_a_record_against_us(self):
        competitors = self.demo_records("sales.competitor")
        self.assertEqual(len(competitors), 3)
        self.assertTrue(all(competitor.product_line_ids for competitor in competitors))
        self.assertTrue(competitors.product_line_ids.filtered(lambda line: line.price_gap < 0))
        self.assertTrue(competitors.product_line_ids.filtered(lambda line: line.price_gap > 0))
        self.assertTrue(all(c.won_count + c.lost_count for c in competitors))
        lost = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("lost_to_competitor_id", "in", competitors.ids)])
        )
        self.assertTrue(lost)
        self.assertFalse(any(lost.mapped("active")))

    def test_channels_carry_deals_and_revenue(self):
        channels = self.demo_records("sales.channel")
        self.assertEqual(
            set(channels.mapped("channel_type")), {"direct", "agent", "distributor", "online"}
        )
        self.assertTrue(all(channel.revenue > 0 for channel in channels))
        self.assertTrue(all(channel.deal_count for channel in channels))
        self.assertTrue(channels.partner_ids)
        quotations = self.demo_records("sale.order").filtered(lambda o: o.opportunity_id)
        self.assertEqual(
            quotations.mapped("sales_channel_id"), quotations.opportunity_id.sales_channel_id
        )

    def test_risk_register_has_manual_and_detected_risks(self):
        risks = self.env["sales.risk"].search([])
        self.assertEqual(len(self.demo_records("sales.risk")), 3)
        sources = set(risks.mapped("source"))
        self.assertLessEqual(
            {"manual", "stale_deal", "slipped_close", "overdue_receivable"}, sources
        )
        self.env["sales.risk"]._detect_risks(self.env.company)
        counts = self.env["sales.risk"]._detect_risks(self.env.company)
        self.assertEqual(set(counts.values()), {0}, "a second run changes nothing")

    def test_loading_again_adds_nothing(self):
        models = ("sales.competitor", "sales.competitor.product", "sales.channel", "sales.risk")
        counts = {model: self.env[model].search_count([]) for model in models}
        self.env["sales.mgmt.demo"]._load_demo_data()
        self.assertEqual({model: self.env[model].search_count([]) for model in models}, counts)

    def test_views_load_for_a_salesperson(self):
        kinds = {
            "sales.competitor": ("kanban", "list", "form", "search"),
            "sales.competitor.product": ("list", "search"),
            "sales.channel": ("kanban", "list", "form", "search"),
            "sales.risk": ("list", "kanban", "form", "calendar", "pivot", "graph", "search"),
            "crm.lead": ("form", "list", "search"),
            "crm.lead.lost": ("form",),
            "sale.order": ("form", "search"),
        }
        for model, views in kinds.items():
            with self.subTest(model=model):
                result = (
                    self.env[model].with_user(self.member).get_views([(False, v) for v in views])
                )
                self.assertEqual(set(result["views"]), set(views))
        lead_form = self.env["crm.lead"].get_views([(False, "form")])["views"]["form"]["arch"]
        for field in ("competitor_ids", "sales_channel_id", "lost_to_competitor_id", "risk_count"):
            self.assertIn(f'name="{field}"', lead_form)
