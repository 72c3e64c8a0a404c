import threading
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.sales_review_template import KPI_SELECTION
from .common import load_chinese
from .review_common import MID_PERIOD, PERIOD, ReviewCase, code_terms

FULL_KPIS = [
    ("revenue", 40.0, 0.0),
    ("win_rate", 20.0, 50.0),
    ("new_customers", 10.0, 1.0),
    ("avg_deal_size", 10.0, 1000.0),
    ("cycle_days", 10.0, 10.0),
    ("activities_done", 10.0, 2.0),
]
GRADES = [("A", 100.0, 150.0), ("B", 80.0, 100.0), ("C", 0.0, 80.0)]


@tagged("post_install", "-at_install")
class TestSalesReview(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.make_template(FULL_KPIS, GRADES)
        # The member's March: 8,000 sold against 10,000, a new customer, two
        # deals won (1,000 and 3,000, ten days each), one lost, one activity done.
        cls.make_target(cls.member, 10000.0)
        cls.make_order(cls.member, 8000.0)
        cls.make_deal(cls.member, "won", 1000.0, days_open=8)
        cls.make_deal(cls.member, "won", 3000.0, days_open=12)
        cls.make_deal(cls.member, "lost")
        cls.mark_activity_done(cls.member)
        # Outside the period: counts for nothing.
        cls.make_order(cls.member, 5000.0, when=MID_PERIOD.replace(month=4))
        cls.mark_activity_done(cls.member, when=MID_PERIOD.replace(month=2))

    def make_review(self, user=None, template=None, period=PERIOD, **values):
        return self.env["sales.review"].create(
            {
                "user_id": (user or self.member).id,
                "template_id": (template or self.template).id,
                "date_start": period[0],
                "date_end": period[1],
                **values,
            }
        )

    def lines_by_kpi(self, review):
        return {line.kpi: line for line in review.line_ids}

    # ------------------------------------------------------------------
    # KPIs and scores
    # ------------------------------------------------------------------

    def test_compute_fills_every_kpi_from_the_period_data(self):
        review = self.make_review()
        review.with_user(self.leader).action_compute()
        lines = self.lines_by_kpi(review)
        expected = {
            # kpi: (actual, target, score)
            "revenue": (8000.0, 10000.0, 80.0),
            "win_rate": (200.0 / 3, 50.0, 200.0 / 3 / 50 * 100),
            "new_customers": (1.0, 1.0, 100.0),
            "avg_deal_size": (2000.0, 1000.0, 150.0),  # 200 %, capped
            "cycle_days": (10.0, 10.0, 100.0),
            "activities_done": (1.0, 2.0, 50.0),
        }
        for kpi, (actual, target, score) in expected.items():
            with self.subTest(kpi=kpi):
                self.assertAlmostEqual(lines[kpi].actual_value, actual, places=2)
                self.assertAlmostEqual(lines[kpi].target_value, target, places=2)
                self.assertAlmostEqual(lines[kpi].score, score, places=1)
                self.assertTrue(lines[kpi].is_scored)
        self.assertTrue(lines["cycle_days"].lower_is_better)
        total = (
            40 * 80 + 20 * (200 / 3 / 50 * 100) + 10 * 100 + 10 * 150 + 10 * 100 + 10 * 50
        ) / 100
        self.assertAlmostEqual(review.total_score, total, places=1)
        self.assertEqual(review.grade, "B")
        self.assertTrue(review.computed_date)

    def test_kpis_without_target_or_data_are_not_scored(self):
        review = self.make_review(user=self.outsider)
        review.action_compute()
        lines = self.lines_by_kpi(review)
        self.assertFalse(lines["revenue"].is_scored, "no sales target: revenue is not scored")
        self.assertFalse(lines["win_rate"].is_scored, "no closed deal: no win rate")
        self.assertFalse(lines["cycle_days"].is_scored)
        self.assertTrue(lines["new_customers"].is_scored)
        self.assertEqual(lines["new_customers"].score, 0.0)
        self.assertEqual(review.total_score, 0.0)
        self.assertEqual(review.grade, "C")

    def test_fixed_revenue_target_wins_over_sales_targets(self):
        template = self.make_template([("revenue", 100.0, 4000.0)], name="Fixed")
        review = self.make_review(template=template)
        review.action_compute()
        self.assertEqual(review.line_ids.target_value, 4000.0)
        self.assertEqual(review.line_ids.score, 150.0)

    def test_revenue_is_read_the_way_the_sales_target_measures_it(self):
        # The outsider's target measures invoices: 8,000 ordered, 5,000 invoiced.
        self.make_target(self.outsider, 10000.0, revenue_source="invoice")
        self.make_invoice(self.make_order(self.outsider, 5000.0))
        self.make_order(self.outsider, 3000.0)
        review = self.make_review(user=self.outsider)
        review.action_compute()
        revenue = self.lines_by_kpi(review)["revenue"]
        self.assertEqual(revenue.target_value, 10000.0)
        self.assertEqual(revenue.actual_value, 5000.0, "invoiced, not the 8,000 ordered")
        self.assertAlmostEqual(revenue.score, 50.0, places=1)
        # The member's target measures orders: 8,000 ordered, whatever is invoiced.
        member_review = self.make_review()
        member_review.action_compute()
        self.assertEqual(self.lines_by_kpi(member_review)["revenue"].actual_value, 8000.0)

    def test_a_fixed_revenue_target_reads_the_templates_source(self):
        self.make_invoice(self.make_order(self.outsider, 2000.0))
        self.make_order(self.outsider, 1000.0)
        template = self.make_template(
            [("revenue", 100.0, 4000.0)], name="Invoiced", revenue_source="invoice"
        )
        review = self.make_review(user=self.outsider, template=template)
        review.action_compute()
        self.assertEqual(review.line_ids.actual_value, 2000.0)
        self.assertAlmostEqual(review.line_ids.score, 50.0, places=1)

    def test_recompute_replaces_the_lines(self):
        review = self.make_review()
        review.action_compute()
        first_lines = review.line_ids
        review.action_compute()
        self.assertFalse(first_lines.exists())
        self.assertEqual(len(review.line_ids), len(FULL_KPIS))

    def test_editing_a_target_rescores(self):
        review = self.make_review()
        review.action_compute()
        activities = self.lines_by_kpi(review)["activities_done"]
        activities.target_value = 1.0
        self.assertEqual(activities.score, 100.0)

    def test_compute_is_one_query_per_kpi_whatever_the_number_of_reviews(self):
        users = [self.leader, self.outsider, self.all_docs, self.manager]
        self.make_review(user=users[0]).action_compute()  # warm the caches
        for batch in (users[1:2], users[2:]):
            reviews = self.env["sales.review"].union(*(self.make_review(user=u) for u in batch))
            self.env.flush_all()
            self.env.invalidate_all()
            # The same count for one review as for two: no query per review.
            with self.subTest(reviews=len(reviews)), self.assertQueryCount(22):
                reviews.action_compute()
                self.env.flush_all()

    # ------------------------------------------------------------------
    # Templates
    # ------------------------------------------------------------------

    def test_weights_must_add_up_to_100(self):
        with self.assertRaisesRegex(ValidationError, "add up to 90.*100"):
            self.make_template([("revenue", 60.0, 0.0), ("win_rate", 30.0, 50.0)])
        with self.assertRaisesRegex(ValidationError, "add up to 100"):
            self.template.kpi_ids[0].weight = 50.0
            self.template.write({"kpi_ids": [Command.update(self.template.kpi_ids[0].id, {})]})

    def test_grade_bands_must_not_overlap(self):
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self.make_template([("revenue", 100.0, 0.0)], [("A", 90.0, 150.0), ("B", 70.0, 95.0)])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.make_template([("revenue", 100.0, 0.0)], [("A", 90.0, 80.0)])

    def test_every_kpi_has_a_data_source(self):
        """Each KPI of the selection can be put on a template and measured."""
        for kpi, _label in KPI_SELECTION:
            with self.subTest(kpi=kpi):
                template = self.make_template([(kpi, 100.0, 10.0)])
                self.assertEqual(template.kpi_ids.kpi, kpi)

    def test_one_default_template_per_company(self):
        self.env["sales.review.template"].search([("is_default", "=", True)]).is_default = False
        self.template.is_default = True
        with self.assertRaisesRegex(ValidationError, "already has a default"):
            self.make_template([("revenue", 100.0, 0.0)], is_default=True)

    def test_duplicating_the_default_template_makes_a_non_default_copy(self):
        default = self.env.ref("sales_mgmt_system.review_template_standard")
        self.assertTrue(default.is_default)
        copy = default.with_user(self.manager).copy()
        self.assertFalse(copy.is_default)
        self.assertTrue(default.is_default, "the original stays the default")
        self.assertNotEqual(copy.name, default.name)
        self.assertEqual(copy.kpi_ids.mapped("kpi"), default.kpi_ids.mapped("kpi"))
        self.assertEqual(copy.grade_ids.mapped("name"), default.grade_ids.mapped("name"))

    def test_new_review_form_defaults(self):
        self.env["sales.review.template"].search([("is_default", "=", True)]).is_default = False
        self.template.is_default = True
        with freeze_time("2025-04-10 12:00:00"):
            form = Form(self.env["sales.review"].with_user(self.leader))
        form.user_id = self.member
        self.assertEqual(form.template_id, self.template)
        self.assertEqual(form.team_id, self.team_led)
        self.assertEqual(form.reviewer_id, self.leader)
        self.assertEqual((form.date_start, form.date_end), PERIOD, "last month")
        review = form.save()
        self.assertEqual(review.state, "draft")

    def test_last_month_is_the_companys_whoever_asks(self):
        """At 20:00 UTC on 31 March it is already April in Shanghai: last month is March."""
        self.company.partner_id.tz = "Asia/Shanghai"
        (self.env.user | self.leader | self.manager).tz = "UTC"
        self.make_default(self.template)
        with freeze_time("2025-03-31 20:00:00"):
            for user, model in (
                (self.leader, "sales.review"),
                (self.leader, "sales.review.batch.wizard"),
                (self.manager, "sales.award.generate.wizard"),
            ):
                defaults = self.env[model].with_user(user).default_get(["date_start", "date_end"])
                with self.subTest(model=model):
                    self.assertEqual((defaults["date_start"], defaults["date_end"]), PERIOD)
            self.env["sales.review"]._cron_draft_monthly_reviews()
        ours = self.leader | self.member | self.outsider
        reviews = self.env["sales.review"].search([("user_id", "in", ours.ids)])
        self.assertEqual({(r.date_start, r.date_end) for r in reviews}, {PERIOD})
        self.assertEqual(reviews.user_id, ours)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def test_submit_then_only_the_reviewed_person_acknowledges(self):
        review = self.make_review(reviewer_id=self.leader.id)
        review.with_user(self.leader).action_compute()
        review.with_user(self.leader).write({"strengths": "<p>Fast closer</p>"})
        review.with_user(self.leader).action_submit()
        self.assertEqual(review.state, "submitted")
        for user in (self.leader, self.manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "Only"):
                review.with_user(user).action_acknowledge()
        review.with_user(self.member).action_acknowledge()
        self.assertEqual(review.state, "acknowledged")
        self.assertTrue(review.acknowledged_date)
        with self.assertRaisesRegex(UserError, "acknowledged"):
            review.with_user(self.manager).write({"manager_feedback": "<p>Changed</p>"})
        with self.assertRaisesRegex(UserError, "acknowledged"):
            review.with_user(self.manager).line_ids[0].target_value = 1.0
        with self.assertRaisesRegex(UserError, "once"):
            review.with_user(self.member).action_acknowledge()

    def test_workflow_refusals(self):
        review = self.make_review()
        with self.assertRaisesRegex(UserError, "Compute KPIs"):
            review.with_user(self.leader).action_submit()
        with self.assertRaisesRegex(UserError, "once it is submitted"):
            review.with_user(self.member).action_acknowledge()
        with self.assertRaises(AccessError):
            review.with_user(self.member).action_compute()
        review.action_compute()
        with self.assertRaises(AccessError):
            review.with_user(self.member).action_submit()
        review.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            review.with_user(self.manager).action_compute()
        review.with_user(self.manager).action_reset_draft()
        self.assertEqual(review.state, "draft")

    def submitted_review(self, **values):
        """A review of the member, computed and submitted by the leader."""
        review = self.make_review(reviewer_id=self.leader.id, **values)
        review.with_user(self.leader).action_compute()
        review.with_user(self.leader).action_submit()
        return review

    def assertWriteRefused(self, review, vals, users, message="only through its buttons"):
        for user in users:
            env_review = review.with_user(user) if user else review.sudo()
            with (
                self.subTest(user=user.login if user else "sudo", vals=vals),
                self.assertRaisesRegex(UserError, message),
            ):
                env_review.write(vals)

    def test_nobody_writes_the_status_its_dates_or_the_score(self):
        """Leader, named reviewer, reviewed person, "all documents", manager, even sudo."""
        # The member's review, led by the leader, the outsider named as reviewer.
        review = self.make_review(reviewer_id=self.outsider.id)
        review.action_compute()
        everyone = (self.leader, self.outsider, self.member, self.all_docs, self.manager, None)
        forgeries = [
            {"state": "submitted"},
            {"state": "acknowledged"},
            {"state": "acknowledged", "acknowledged_date": "2025-04-02 10:00:00"},
            {"submitted_date": "2025-04-01 10:00:00"},
            {"computed_date": "2025-04-01 10:00:00"},
            {"total_score": 150.0},
            {"grade": "A"},
        ]
        for vals in forgeries:
            self.assertWriteRefused(review, vals, everyone)
        self.assertEqual(review.state, "draft")
        # Submitted: the reviewed person's sign-off cannot be faked.
        review.with_user(self.manager).action_submit()
        score = review.total_score
        for vals in ({"state": "acknowledged"}, {"acknowledged_date": "2025-04-02 10:00:00"}):
            self.assertWriteRefused(review, vals, everyone)
        self.assertEqual((review.state, review.acknowledged_date), ("submitted", False))
        # Acknowledged: nobody reopens it.
        review.with_user(self.member).action_acknowledge()
        for vals in ({"state": "draft"}, {"state": "submitted", "acknowledged_date": False}):
            self.assertWriteRefused(review, vals, everyone)
        self.assertEqual(review.state, "acknowledged")
        self.assertEqual(review.total_score, score)
        with self.assertRaisesRegex(UserError, "Only submitted reviews"):
            review.with_user(self.manager).action_reset_draft()

    def test_a_context_key_sent_by_a_client_does_not_open_the_workflow_fields(self):
        review = self.make_review()
        review.action_compute()
        client = review.with_user(self.leader).with_context(sales_review_workflow=True)
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            client.write({"state": "acknowledged"})

    def test_reviews_are_created_as_drafts(self):
        Review = self.env["sales.review"]
        vals = {
            "user_id": self.member.id,
            "template_id": self.template.id,
            "date_start": PERIOD[0],
            "date_end": PERIOD[1],
        }
        for user in (self.leader, self.manager):
            for forged in ({"state": "acknowledged"}, {"submitted_date": "2025-04-01 10:00:00"}):
                with (
                    self.subTest(user=user.login, vals=forged),
                    self.assertRaisesRegex(UserError, "only through its buttons"),
                ):
                    Review.with_user(user).create(dict(vals, **forged))
        review = Review.with_user(self.leader).create(dict(vals, state="draft"))
        self.assertEqual(review.state, "draft")

    def test_a_submitted_review_keeps_what_it_measured(self):
        review = self.submitted_review()
        line = review.line_ids[0]
        for user in (self.leader, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "back to draft"):
                    line.with_user(user).write({"target_value": 1.0})
                with self.assertRaisesRegex(UserError, "back to draft"):
                    line.with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "back to draft"):
                    self.env["sales.review.line"].with_user(user).create(
                        {"review_id": review.id, "kpi": "win_rate", "target_value": 1.0}
                    )
                with self.assertRaisesRegex(UserError, "back to draft"):
                    review.with_user(user).write({"date_end": PERIOD[0]})
        # Feedback may still be completed until the salesperson acknowledges.
        review.with_user(self.leader).write({"strengths": "<p>Reliable</p>"})
        review.with_user(self.leader).action_reset_draft()
        line.with_user(self.leader).write({"target_value": 1.0})

    def test_submitted_and_acknowledged_reviews_are_not_deleted(self):
        submitted = self.submitted_review()
        acknowledged = self.submitted_review(template=self.make_template(FULL_KPIS, name="Two"))
        acknowledged.with_user(self.member).action_acknowledge()
        for review in (submitted, acknowledged):
            for env_review in (review.with_user(self.manager), review.sudo()):
                with (
                    self.subTest(review=review.state),
                    self.assertRaisesRegex(UserError, "can no longer be deleted"),
                ):
                    env_review.unlink()
        self.assertTrue((submitted | acknowledged).exists())
        draft = self.make_review(template=self.make_template(FULL_KPIS, name="Three"))
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_submitted_scores_and_grades_ignore_later_template_changes(self):
        # Revenue 8,000 against a fixed 10,000 (80) and one activity of two
        # (50), weighted half and half: 65, grade C.
        template = self.make_template(
            [("revenue", 50.0, 10000.0), ("activities_done", 50.0, 2.0)], GRADES, name="Frozen"
        )
        draft, submitted, acknowledged = (
            self.make_review(template=template, period=(PERIOD[0], PERIOD[1] - timedelta(days=n)))
            for n in (2, 1, 0)
        )
        (draft | submitted | acknowledged).action_compute()
        (submitted | acknowledged).with_user(self.manager).action_submit()
        acknowledged.with_user(self.member).action_acknowledge()
        for review in (draft, submitted, acknowledged):
            self.assertAlmostEqual(review.total_score, 65.0, places=1)
            self.assertEqual(review.grade, "C")
        # The manager reweighs the KPIs (80/20: 74) and redraws the bands:
        # grade C is deleted, D covers 0-60 and B starts at 60.
        kpis = {kpi.kpi: kpi for kpi in template.kpi_ids}
        grades = {grade.name: grade for grade in template.grade_ids}
        template.with_user(self.manager).write(
            {
                "kpi_ids": [
                    Command.update(kpis["revenue"].id, {"weight": 80.0}),
                    Command.update(kpis["activities_done"].id, {"weight": 20.0}),
                ],
                "grade_ids": [
                    Command.delete(grades["C"].id),
                    Command.update(grades["B"].id, {"min_score": 60.0}),
                    Command.create({"name": "D", "min_score": 0.0, "max_score": 60.0}),
                ],
            }
        )
        self.env.invalidate_all()
        for review in (submitted, acknowledged):
            with self.subTest(state=review.state):
                self.assertAlmostEqual(review.total_score, 65.0, places=1)
                self.assertEqual(review.grade, "C")
                self.assertEqual(review.line_ids.mapped("weight"), [50.0, 50.0])
        # A draft follows its template.
        self.assertAlmostEqual(draft.total_score, 74.0, places=1)
        self.assertEqual(draft.grade, "B")
        # Back to draft, a submitted review follows it again.
        submitted.with_user(self.manager).action_reset_draft()
        self.assertAlmostEqual(submitted.total_score, 74.0, places=1)
        self.assertEqual(submitted.grade, "B")

    def test_the_reviewed_person_may_comment_in_the_chatter(self):
        review = self.make_review()
        review.with_user(self.member).message_post(body="Thanks, agreed.")
        self.assertIn("Thanks", review.message_ids[0].body)

    def test_no_duplicate_review_for_user_template_and_period(self):
        self.make_review()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.make_review()

    # ------------------------------------------------------------------
    # Batch creation and the monthly scheduled action
    # ------------------------------------------------------------------

    def test_team_leader_creates_the_reviews_of_the_team_once(self):
        wizard = (
            self.env["sales.review.batch.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "team_ids": [Command.set(self.team_led.ids)],
                    "template_id": self.template.id,
                    "date_start": PERIOD[0],
                    "date_end": PERIOD[1],
                }
            )
        )
        wizard.action_create_reviews()
        reviews = self.env["sales.review"].search([("template_id", "=", self.template.id)])
        self.assertEqual(reviews.user_id, self.member, "the leader does not review themself")
        self.assertEqual(reviews.reviewer_id, self.leader)
        self.assertEqual(len(reviews.line_ids), len(FULL_KPIS), "KPIs are computed")
        wizard.action_create_reviews()
        self.assertEqual(
            self.env["sales.review"].search_count([("template_id", "=", self.template.id)]), 1
        )

    def test_create_team_reviews_button_opens_the_wizard_as_the_list_calls_it(self):
        # The list header button sends the selected ids, or none.
        Review = self.env["sales.review"].with_user(self.leader)
        for ids in ([], Review.search([], limit=2).ids):
            with self.subTest(ids=ids):
                action = call_kw(Review, "action_open_batch_wizard", [ids], {})
                self.assertEqual(action["res_model"], "sales.review.batch.wizard")

    def test_batch_for_a_team_one_does_not_lead_is_refused(self):
        wizard = (
            self.env["sales.review.batch.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "team_ids": [Command.set(self.team_other.ids)],
                    "template_id": self.template.id,
                }
            )
        )
        with self.assertRaisesRegex(AccessError, "Other Team"):
            wizard.action_create_reviews()

    def test_manager_batch_covers_every_member(self):
        wizard = (
            self.env["sales.review.batch.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "team_ids": [Command.set((self.team_led | self.team_other).ids)],
                    "template_id": self.template.id,
                    "date_start": PERIOD[0],
                    "date_end": PERIOD[1],
                }
            )
        )
        wizard.action_create_reviews()
        reviews = self.env["sales.review"].search([("template_id", "=", self.template.id)])
        self.assertEqual(reviews.user_id, self.leader | self.member | self.outsider)

    def make_default(self, template):
        self.env["sales.review.template"].search([("is_default", "=", True)]).is_default = False
        template.is_default = True

    def test_monthly_drafts_use_the_default_template_and_never_duplicate(self):
        self.make_default(self.template)
        teams = self.team_led | self.team_other
        Review = self.env["sales.review"]
        created = Review._draft_team_reviews_in_batches(*PERIOD, teams=teams, batch_size=2)
        self.assertEqual(created.user_id, self.leader | self.member | self.outsider)
        self.assertEqual(created.template_id, self.template)
        self.assertEqual(set(created.mapped("state")), {"draft"})
        self.assertTrue(all(created.mapped("line_ids")))
        leader_review = created.filtered(lambda r: r.user_id == self.leader)
        self.assertFalse(leader_review.reviewer_id, "a leader is not their own reviewer")
        self.assertFalse(Review._draft_team_reviews_in_batches(*PERIOD, teams=teams))
        self.assertFalse(Review._draft_team_reviews(*PERIOD, teams=teams))

    def test_monthly_cron_drafts_last_month(self):
        self.make_default(self.template)
        with freeze_time("2025-04-10 12:00:00"):
            self.env["sales.review"]._cron_draft_monthly_reviews()
        reviews = self.env["sales.review"].search(
            [("date_start", "=", PERIOD[0]), ("date_end", "=", PERIOD[1])]
        )
        self.assertLessEqual(self.leader | self.member | self.outsider, reviews.user_id)
        member_review = reviews.filtered(lambda r: r.user_id == self.member)
        self.assertEqual(self.lines_by_kpi(member_review)["revenue"].actual_value, 8000.0)

    def test_a_failing_batch_does_not_stop_the_others(self):
        self.make_default(self.template)
        Review = self.env["sales.review"]
        compute_kpi_lines = type(Review)._compute_kpi_lines

        def compute_or_fail(reviews):
            if self.member in reviews.user_id:
                raise ValueError("unreadable data")
            return compute_kpi_lines(reviews)

        with (
            freeze_time("2025-04-10 12:00:00"),
            patch.object(type(Review), "_compute_kpi_lines", compute_or_fail),
            self.assertLogs("odoo.addons.sales_mgmt_system.models.sales_review", "ERROR") as logs,
        ):
            Review._cron_draft_monthly_reviews(batch_size=1)
        ours = self.leader | self.member | self.outsider
        reviews = Review.search(
            [
                ("user_id", "in", ours.ids),
                ("date_start", "=", PERIOD[0]),
                ("date_end", "=", PERIOD[1]),
            ]
        )
        self.assertEqual(reviews.user_id, self.leader | self.outsider, "the other batches went on")
        self.assertTrue(all(reviews.mapped("line_ids")))
        self.assertIn(str(self.member.id), logs.output[0], "the failing batch is logged")
        self.assertIn("unreadable data", logs.output[0])
        # The failed batch was rolled back whole: the next run drafts it.
        Review._draft_team_reviews_in_batches(*PERIOD, teams=self.team_led | self.team_other)
        self.assertEqual(
            Review.search([("user_id", "in", ours.ids), ("date_start", "=", PERIOD[0])]).user_id,
            ours,
        )

    def test_only_the_scheduled_action_commits_batch_by_batch(self):
        """Outside tests, the wizard never commits; the scheduled action commits per batch."""
        self.make_default(self.template)
        wizard = (
            self.env["sales.review.batch.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "team_ids": [Command.set(self.team_led.ids)],
                    "template_id": self.template.id,
                    "date_start": PERIOD[0],
                    "date_end": PERIOD[1],
                }
            )
        )
        Review = self.env["sales.review"]
        existing = Review.search_count([])
        with (
            patch.object(threading.current_thread(), "testing", False),
            patch.object(self.env.cr, "commit") as commit,
        ):
            wizard.action_create_reviews()
            self.assertFalse(commit.called, "a wizard runs inside the request: no commit")
            self.assertEqual(Review.search_count([]), existing + 2)
            with freeze_time("2025-04-10 12:00:00"):
                Review._cron_draft_monthly_reviews(batch_size=1)
            drafted = Review.search_count([]) - existing - 2
            self.assertGreaterEqual(drafted, 1, "at least the outsider's review")
            self.assertEqual(commit.call_count, drafted, "one commit per batch of one")

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_who_reads_which_review(self):
        own = self.make_review()
        leaders = self.make_review(user=self.leader)
        outsiders = self.make_review(user=self.outsider)
        self.assertCanRead(self.member, own)
        self.assertCanRead(self.member, own.line_ids)
        self.assertCanRead(self.member, own.template_id)
        self.assertCannotRead(self.member, leaders | outsiders)
        self.assertCanRead(self.leader, own | leaders)
        self.assertCannotRead(self.leader, outsiders)
        self.assertCannotRead(self.all_docs, own | leaders | outsiders)
        self.assertCanRead(self.manager, own | leaders | outsiders)
        self.assertCannotRead(self.other_company_user, own)
        with self.assertRaises(AccessError):
            own.with_user(self.internal).read(["total_score"])

    def test_the_reviewed_person_cannot_edit_scores_or_feedback(self):
        review = self.make_review()
        review.action_compute()
        with self.assertRaises(AccessError):
            review.with_user(self.member).write({"manager_feedback": "<p>Great job</p>"})
        with self.assertRaises(AccessError):
            review.with_user(self.member).line_ids[0].write({"target_value": 1.0})
        with self.assertRaises(AccessError):
            self.make_review(
                user=self.member,
                template=self.make_template([("revenue", 100.0, 0.0)], name="Other"),
            ).with_user(self.member).unlink()

    def test_who_writes_and_creates_reviews(self):
        review = self.make_review()
        review.with_user(self.leader).write({"improvements": "<p>More visits</p>"})
        review.with_user(self.manager).write({"manager_feedback": "<p>Agreed</p>"})
        outsiders = self.make_review(user=self.outsider)
        with self.assertRaises(AccessError):
            outsiders.with_user(self.leader).write({"strengths": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.make_review(user=self.leader).with_user(self.leader).write(
                {"strengths": "<p>Me</p>"}
            )
        with self.assertRaises(AccessError):
            outsiders.with_user(self.all_docs).write({"strengths": "<p>x</p>"})
        Review = self.env["sales.review"]
        # Another period than the reviews above.
        vals = {"template_id": self.template.id, "date_start": PERIOD[0], "date_end": PERIOD[0]}
        created = Review.with_user(self.leader).create(dict(vals, user_id=self.member.id))
        with self.assertRaises(AccessError):
            created.with_user(self.leader).unlink()
        created.sudo().unlink()
        for user, subject in (
            (self.member, self.member),
            (self.leader, self.leader),
            (self.leader, self.outsider),
            (self.all_docs, self.member),
        ):
            with (
                self.subTest(user=user.login, subject=subject.login),
                self.assertRaises(AccessError),
            ):
                Review.with_user(user).create(dict(vals, user_id=subject.id))
        Review.with_user(self.manager).create(dict(vals, user_id=self.outsider.id)).unlink()

    def test_a_named_reviewer_reads_and_writes_but_does_not_create(self):
        review = self.make_review(user=self.outsider, reviewer_id=self.member.id)
        self.assertCanRead(self.member, review)
        review.with_user(self.member).write({"strengths": "<p>Helpful</p>"})
        review.with_user(self.member).action_compute()

    def test_templates_are_configured_by_managers(self):
        self.assertCanRead(self.member, self.template)
        self.assertCanRead(self.member, self.template.kpi_ids)
        self.assertCanRead(self.member, self.template.grade_ids)
        vals = {"name": "Mine", "kpi_ids": [Command.create({"kpi": "revenue", "weight": 100})]}
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["sales.review.template"].with_user(user).create(vals)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.template.with_user(user).write({"name": "Renamed"})
        self.env["sales.review.template"].with_user(self.manager).create(vals)

    def test_performance_menus(self):
        menus = self.menus_shown_under(self.member, "sales_mgmt_system.menu_root")
        self.assertIn(self.env.ref("sales_mgmt_system.menu_sales_review"), menus)
        self.assertIn(self.env.ref("sales_mgmt_system.menu_sales_award_honour_roll"), menus)
        for xmlid in (
            "menu_sales_review_template",
            "menu_sales_review_batch",
            "menu_sales_award_generate",
        ):
            menu = self.env.ref(f"sales_mgmt_system.{xmlid}")
            self.assertNotIn(menu, menus)
            self.assertIn(menu, self.menus_shown_under(self.manager, "sales_mgmt_system.menu_root"))

    def test_a_review_is_named_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        review = self.make_review()
        english = review.with_context(lang="en_US").display_name
        chinese = review.with_context(lang="zh_CN").display_name
        self.assertEqual(english, "Sms Member, March 2025")
        self.assertNotEqual(chinese, english)
        self.assertIn("2025年3月", chinese, "the period is named in Chinese")
        self.assertNotIn("March", chinese)
        # The sentence itself is the reader's translation.
        self.env.invalidate_all()
        with code_terms("zh_CN", {"%(user)s, %(period)s": "%(period)s%(user)s绩效评估"}):
            self.assertEqual(
                review.with_context(lang="zh_CN").display_name, "2025年3月Sms Member绩效评估"
            )
        self.assertNotIn("name", review._fields, "no sentence is stored in one language")
        quarter = self.make_review(period=(date(2025, 1, 1), date(2025, 3, 31)))
        self.assertEqual(quarter.with_context(lang="en_US").display_name, "Sms Member, Q1 2025")
        self.assertIn("2025年第1季度", quarter.with_context(lang="zh_CN").display_name)
        days = self.make_review(period=(date(2025, 3, 5), date(2025, 3, 20)))
        # Babel's spacing around the dash varies with its version.
        self.assertRegex(
            days.with_context(lang="en_US").display_name, r"^Sms Member, Mar 5\W+20, 2025$"
        )
        self.assertIn("2025年3月5日至20日", days.with_context(lang="zh_CN").display_name)

    def test_reviews_are_found_by_the_salespersons_name(self):
        review = self.make_review()
        Review = self.env["sales.review"].with_user(self.leader)
        self.assertIn(review.id, [rid for rid, _name in Review.name_search("Sms Mem")])
        self.assertEqual(Review.search([("display_name", "ilike", "Sms Mem")]), review)
        self.assertFalse(Review.search([("display_name", "ilike", "Nobody")]))

    def test_chinese_users_see_reviews_and_awards_in_chinese(self):
        load_chinese(self.env)
        expected = {
            "menu_performance": "绩效",
            "menu_sales_review": "绩效评估",
            "menu_sales_award_honour_roll": "光荣榜",
        }
        for xmlid, name in expected.items():
            menu = self.env.ref(f"sales_mgmt_system.{xmlid}").with_context(lang="zh_CN")
            self.assertEqual(menu.name, name)
        labels = dict(
            self.env["sales.review.line"]
            .with_context(lang="zh_CN")
            ._fields["kpi"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual(labels["win_rate"], "成单率 (%)")
        with self.assertRaisesRegex(ValidationError, "权重合计为 50"):
            self.env["sales.review.template"].with_context(lang="zh_CN").create(
                {
                    "name": "Training",
                    "kpi_ids": [Command.create({"kpi": "training_hours", "weight": 50})],
                }
            )
