from odoo.tests import tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestDemoCustomers(SalesMgmtCase):
    """After the first run the demo's customers are in every stage and segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()

    @property
    def customers(self):
        return self.demo_records("res.partner").filtered("is_company")

    def test_customers_in_every_lifecycle_stage_and_several_rfm_segments(self):
        stages = set(self.customers.mapped("lifecycle_stage"))
        self.assertEqual(
            stages, {"prospect", "first_purchase", "repeat", "loyal", "at_risk", "churned"}
        )
        self.assertGreaterEqual(len(set(self.customers.mapped("rfm_segment")) - {False}), 4)
        self.assertTrue(self.env["sales.lifecycle.history"].search_count([]))

    def test_segments_offers_and_recommendations_to_look_at(self):
        segments = self.demo_records("sales.segment")
        self.assertEqual(len(segments), 5)
        self.assertTrue(all(segments.mapped("partner_count")), "every segment has members")
        self.assertTrue(self.demo_records("sales.segment.offer"))
        self.assertTrue(self.customers.recommendation_ids)
        self.assertTrue(self.demo_records("sales.lifecycle.action"))

    def test_loading_again_adds_nothing(self):
        models = (
            "sales.segment",
            "sales.segment.offer",
            "sales.lifecycle.history",
            "mail.activity",
        )
        counts = {model: self.env[model].search_count([]) for model in models}
        self.env["sales.mgmt.demo"]._load_demo_data()
        for model in models:
            with self.subTest(model=model):
                self.assertEqual(self.env[model].search_count([]), counts[model])
