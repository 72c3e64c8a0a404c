from odoo.tests import tagged

from .common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestDemoFeedback(SalesMgmtCase):
    """The demo has done, overdue and coming visits and feedback of every kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()

    def test_demo_visits_are_done_overdue_and_coming(self):
        visits = self.demo_records("sales.visit")
        today = self.env["sales.mgmt.measure"]._company_today()
        done = visits.filtered(lambda v: v.state == "done")
        self.assertTrue(done)
        self.assertTrue(all(v.date_done <= today and v.satisfaction for v in done))
        self.assertTrue(done.feedback_id, "satisfaction at visits is feedback")
        self.assertTrue(visits.filtered("is_overdue"))
        coming = visits.filtered(lambda v: v.state == "planned" and v.date_planned > today)
        self.assertTrue(coming)
        self.assertTrue(
            all(v.activity_ids for v in visits.filtered(lambda v: v.state == "planned"))
        )

    def test_demo_feedback_covers_categories_promoters_and_detractors(self):
        feedback = self.demo_records("sales.feedback")
        categories = {code for code, _label in feedback._fields["category"].selection}
        self.assertEqual(set(feedback.mapped("category")), categories)
        scores = [int(nps) for nps in feedback.mapped("nps") if nps]
        self.assertTrue(any(score >= 9 for score in scores), "promoters")
        self.assertTrue(any(score <= 6 for score in scores), "detractors")
        self.assertIn("online_review", feedback.mapped("source"))
        negative = feedback.filtered(lambda f: f.sentiment == "negative")
        self.assertTrue(negative and all(negative.mapped("follow_up_planned")))

    def test_loading_again_adds_nothing(self):
        counts = [self.env[model].search_count([]) for model in ("sales.visit", "sales.feedback")]
        self.env["sales.mgmt.demo"]._load_demo_data()
        again = [self.env[model].search_count([]) for model in ("sales.visit", "sales.feedback")]
        self.assertEqual(again, counts)
