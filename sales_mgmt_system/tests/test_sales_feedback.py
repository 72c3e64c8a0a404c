from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .feedback_common import FeedbackCase

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
MARCH = (date(2025, 3, 1), date(2025, 3, 31))


@tagged("post_install", "-at_install")
class TestSalesFeedback(FeedbackCase):
    def test_scores_are_refused_outside_their_ranges_with_a_clear_message(self):
        for values, message in (
            ({"csat": "0"}, "CSAT is a whole number from 1 to 5"),
            ({"csat": 6}, "CSAT is a whole number from 1 to 5"),
            ({"csat": "4.5"}, "CSAT is a whole number from 1 to 5"),
            ({"nps": 11}, "NPS is a whole number from 0 to 10"),
            ({"nps": -1}, "NPS is a whole number from 0 to 10"),
        ):
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                self.make_feedback(self.customer_member, **values)
        feedback = self.make_feedback(self.customer_member, csat=5, nps=0)
        self.assertEqual((feedback.csat, feedback.nps), ("5", "0"), "0 is an NPS answer")
        with self.assertRaisesRegex(ValidationError, "NPS is a whole number"):
            feedback.nps = "12"
        feedback.write({"nps": False, "csat": "3"})
        self.assertEqual((feedback.csat, feedback.nps), ("3", False))

    def test_sentiment_follows_the_scores_and_can_be_set_without_scores(self):
        cases = [
            ({"csat": 5}, "positive"),
            ({"nps": 9}, "positive"),
            ({"csat": 3, "nps": 7}, "neutral"),
            ({"csat": 5, "nps": 6}, "negative"),
            ({"csat": 2}, "negative"),
        ]
        for values, expected in cases:
            with self.subTest(values=values):
                self.assertEqual(
                    self.make_feedback(self.customer_member, **values).sentiment, expected
                )
        with Form(self.env["sales.feedback"].with_user(self.member)) as form:
            form.partner_id = self.customer_member
            form.comment = "Lovely people"
            form.sentiment = "positive"
        self.assertEqual(form.record.sentiment, "positive")
        self.assertEqual(form.record.user_id, self.member, "the customer's salesperson")

    def test_negative_feedback_gets_one_follow_up_for_the_salesperson(self):
        negative = self.make_feedback(self.customer_member, nps=0)
        self.assertTrue(negative.follow_up_planned)
        self.assertEqual(len(negative.activity_ids), 1)
        self.assertEqual(negative.activity_ids.user_id, self.member)
        negative.write({"csat": "1"})
        self.assertEqual(len(negative.activity_ids), 1, "once")
        negative.activity_ids.action_feedback(feedback="Called")
        negative.write({"nps": "2"})
        self.assertFalse(negative.activity_ids, "still once after it was done")
        fine = self.make_feedback(self.customer_member, csat=3, nps=7)
        self.assertFalse(fine.activity_ids)
        fine.csat = "2"
        self.assertEqual(len(fine.activity_ids), 1, "turning negative gets its follow-up")

    def test_status_changes_only_with_the_buttons(self):
        feedback = self.make_feedback(self.customer_member, csat=4)
        with self.assertRaisesRegex(UserError, "buttons"):
            feedback.with_user(self.member).state = "done"
        feedback.with_user(self.member).action_start()
        self.assertEqual(feedback.state, "in_progress")
        feedback.with_user(self.member).write({"action_taken": "Sent a discount"})
        feedback.with_user(self.member).action_done()
        self.assertEqual(feedback.state, "done")
        with self.assertRaises(UserError):
            feedback.action_start()
        feedback.action_reopen()
        self.assertEqual(feedback.state, "in_progress")

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def test_satisfaction_summary_overall_and_per_category(self):
        day = date(2025, 3, 10)
        for category, csat, nps in (
            ("service", 5, 10),
            ("service", 4, 9),
            ("service", 2, 0),
            ("service", False, 7),
            ("price", 3, False),
            ("price", 1, 6),
        ):
            self.make_feedback(
                self.customer_member, csat=csat, nps=nps, category=category, date=day
            )
        self.make_feedback(self.customer_member, csat=1, nps=0, date=date(2025, 4, 1))
        summary = self.env["sales.feedback"].satisfaction_summary(*MARCH)
        self.assertEqual(summary["responses"], 6)
        self.assertAlmostEqual(summary["csat_pct"], 2 / 5 * 100)
        # NPS answers 10, 9, 0, 7, 6: 2 promoters, 2 detractors of 5.
        self.assertAlmostEqual(summary["nps"], 0.0)
        service = summary["by_category"]["service"]
        self.assertEqual(service["responses"], 4)
        self.assertAlmostEqual(service["csat_pct"], 2 / 3 * 100)
        self.assertAlmostEqual(service["nps"], 25.0)
        price = summary["by_category"]["price"]
        self.assertAlmostEqual(price["csat_pct"], 0.0)
        self.assertAlmostEqual(price["nps"], -100.0)
        self.assertEqual(
            summary["by_category"]["delivery"], {"responses": 0, "csat_pct": None, "nps": None}
        )
        empty = self.env["sales.feedback"].satisfaction_summary(date(2001, 1, 1), date(2001, 1, 31))
        self.assertEqual((empty["responses"], empty["csat_pct"], empty["nps"]), (0, None, None))
        with self.assertRaisesRegex(UserError, "start date"):
            self.env["sales.feedback"].satisfaction_summary(MARCH[1], MARCH[0])

    def test_summary_counts_what_the_caller_may_read_in_one_query(self):
        day = date(2025, 3, 10)
        self.make_feedback(self.customer_member, csat=5, date=day)
        self.make_feedback(self.customer_outsider, csat=1, date=day)
        Feedback = self.env["sales.feedback"]
        Feedback.with_user(self.member).satisfaction_summary(*MARCH)  # caches
        with self.assertQueryCount(1):
            mine = Feedback.with_user(self.member).satisfaction_summary(*MARCH)
        self.assertEqual((mine["responses"], mine["csat_pct"]), (1, 100.0))
        everything = Feedback.with_user(self.all_docs).satisfaction_summary(*MARCH)
        self.assertEqual((everything["responses"], everything["csat_pct"]), (2, 50.0))

    def test_customer_profile_shows_csat(self):
        self.make_feedback(self.customer_member, csat=5)
        self.make_feedback(self.customer_member, csat=2)
        self.make_feedback(self.customer_member, nps=10)
        self.assertEqual(self.customer_member.feedback_count, 3)
        self.assertAlmostEqual(self.customer_member.satisfaction_csat, 50.0)
        action = self.customer_member.action_open_sales_feedback()
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer_member.id)])

    # ------------------------------------------------------------------
    # Import of online reviews
    # ------------------------------------------------------------------

    def import_csv(self, rows, user=None):
        content = "\n".join(["partner_id,date,source,category,csat,nps,comment", *rows]).encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(user or self.all_docs)
            .create(
                {
                    "res_model": "sales.feedback",
                    "file": content,
                    "file_name": "reviews.csv",
                    "file_type": "text/csv",
                }
            )
        )
        columns = ["partner_id", "date", "source", "category", "csat", "nps", "comment"]
        return wizard.execute_import(
            columns,
            columns,
            {
                "quoting": '"',
                "separator": ",",
                "has_headers": True,
                "date_format": "%Y-%m-%d",
                "import_skip_records": [],
                "import_set_empty_fields": [],
                "fallback_values": {},
                "name_create_enabled_fields": {},
                "encoding": "utf-8",
            },
        )

    def test_online_reviews_import_all_or_nothing(self):
        Feedback = self.env["sales.feedback"]
        before = Feedback.search_count([])
        result = self.import_csv(
            [
                "Member Customer,2025-03-02,online_review,delivery,5,10,Fast delivery",
                "Member Customer,2025-03-03,online_review,price,7,3,Too expensive",
                "Member Customer,2025-03-04,online_review,service,2,11,Rude",
                "Nobody Such,2025-03-05,online_review,service,4,,Fine",
            ]
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertGreaterEqual(len(errors), 3, result["messages"])
        text = " ".join(m["message"] for m in errors)
        self.assertIn("7", text)
        self.assertIn("11", text)
        self.assertIn("Nobody Such", text)
        self.assertEqual(Feedback.search_count([]), before, "nothing half-written")
        result = self.import_csv(
            [
                "Member Customer,2025-03-02,online_review,delivery,5,10,Fast delivery",
                "Member Customer,2025-03-03,online_review,price,2,0,Too expensive",
            ]
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = Feedback.browse(result["ids"])
        self.assertEqual(imported.mapped("nps"), ["10", "0"])
        self.assertEqual(imported.mapped("source"), ["online_review"] * 2)
        self.assertEqual(imported[1].sentiment, "negative")
        self.assertTrue(imported[1].activity_ids, "negative reviews get their follow-up")

    # ------------------------------------------------------------------
    # Access per role
    # ------------------------------------------------------------------

    def test_access_per_role(self):
        mine = self.make_feedback(self.customer_member, csat=4)
        leaders = self.make_feedback(self.customer_leader, csat=4)
        outsiders = self.make_feedback(self.customer_outsider, csat=4)
        everything = mine | leaders | outsiders
        self.assertCanRead(self.member, mine)
        self.assertCannotRead(self.member, leaders | outsiders)
        self.assertCanRead(self.leader, mine | leaders)
        self.assertCannotRead(self.leader, outsiders)
        self.assertCanRead(self.all_docs, everything)
        self.assertCanRead(self.manager, everything)
        self.assertCannotRead(self.internal, mine)
        self.assertCannotRead(self.other_company_user, everything)
        mine.with_user(self.member).comment = "Updated"
        with self.assertRaises(AccessError):
            outsiders.with_user(self.member).comment = "Nope"
        with self.assertRaises(AccessError):
            outsiders.with_user(self.member).action_done()
        with self.assertRaises(AccessError):
            self.env["sales.feedback"].with_user(self.member).create(
                {"partner_id": self.customer_outsider.id, "csat": "3"}
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.member).unlink()
        outsiders.with_user(self.all_docs).comment = "Seen"
        with self.assertRaises(AccessError):
            outsiders.with_user(self.all_docs).unlink()
        outsiders.with_user(self.manager).unlink()


@tagged("post_install", "-at_install")
class TestFeedbackReviewKpis(FeedbackCase):
    """CSAT, NPS and visits done feed performance reviews."""

    def test_review_reads_csat_nps_and_visits_done(self):
        day = date(2025, 3, 10)
        for csat, nps in ((5, 10), (4, 9), (2, 3), (False, 8)):
            self.make_feedback(self.customer_member, csat=csat, nps=nps, date=day)
        self.make_feedback(self.customer_member, csat=1, nps=0, date=date(2025, 5, 1))
        for partner in (self.customer_member, self.customer_leader):
            visit = self.make_visit(partner, user_id=self.member.id)
            visit.date_done = day
            visit.action_done()
        template = self.env["sales.review.template"].create(
            {
                "name": "Care",
                "kpi_ids": [
                    Command.create({"kpi": "csat", "weight": 40, "target_value": 80}),
                    Command.create({"kpi": "nps", "weight": 30, "target_value": 50}),
                    Command.create({"kpi": "visits_done", "weight": 30, "target_value": 4}),
                ],
            }
        )
        reviews = self.env["sales.review"].create(
            [
                {
                    "user_id": user.id,
                    "template_id": template.id,
                    "date_start": MARCH[0],
                    "date_end": MARCH[1],
                }
                for user in (self.member, self.outsider)
            ]
        )
        reviews.action_compute()
        lines = {line.kpi: line for line in reviews[0].line_ids}
        self.assertAlmostEqual(lines["csat"].actual_value, 2 / 3 * 100)
        self.assertAlmostEqual(lines["nps"].actual_value, 25.0)
        self.assertEqual(lines["visits_done"].actual_value, 2.0)
        outsider = {line.kpi: line for line in reviews[1].line_ids}
        self.assertFalse(outsider["csat"].has_actual, "no answers: not scored")
        self.assertEqual(outsider["visits_done"].actual_value, 0.0)
