from odoo import fields
from odoo.tests import tagged

from ..core.review import previous_month
from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestDemoReviews(SalesMgmtCase):
    """The demo has last month's reviews (computed, one acknowledged) and awards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()
        cls.period = previous_month(fields.Date.context_today(cls.env["sales.review"]))

    def test_last_month_reviews_of_every_salesperson(self):
        reviews = self.demo_records("sales.review")
        self.assertEqual(reviews.user_id, self.demo_records("res.users"))
        self.assertEqual({(r.date_start, r.date_end) for r in reviews}, {self.period})
        self.assertTrue(all(reviews.mapped("line_ids")), "every review is computed")
        leaders = self.demo_records("crm.team").user_id
        for review in reviews:
            expected = (
                self.env.ref("base.user_admin")
                if review.user_id in leaders
                else review.team_id.user_id
            )
            self.assertEqual(review.reviewer_id, expected, "a person reviews every salesperson")
        self.assertEqual(
            sorted(reviews.mapped("state")),
            ["acknowledged", "draft", "draft", "draft", "submitted"],
        )

    def test_awards_for_last_month(self):
        awards = self.env["sales.award"].search(
            [("date_start", "=", self.period[0]), ("date_end", "=", self.period[1])]
        )
        self.assertTrue(awards)
        self.assertEqual(awards.team_id, self.demo_records("crm.team"))
        self.assertTrue(all(awards.mapped("badge_user_id")))

    def test_loading_again_adds_nothing(self):
        models = ("sales.review", "sales.review.line", "sales.award", "gamification.badge.user")
        counts = {model: self.env[model].search_count([]) for model in models}
        self.env["sales.mgmt.demo"]._load_demo_data()
        for model in models:
            with self.subTest(model=model):
                self.assertEqual(self.env[model].search_count([]), counts[model])
