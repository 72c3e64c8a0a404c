"""Reviews and awards as people use them: the workflow's kanban columns, the
self-assessment, the leaderboard's badge threshold, and the Settings that
turn the monthly drafts on and off and choose the default template."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .review_common import PERIOD, ReviewCase


@tagged("post_install", "-at_install")
class TestReviewAwardUx(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.make_template([("revenue", 100.0, 1000.0)])
        cls.badge = cls.env.ref("sales_mgmt_system.badge_top_performer")

    def make_review(self, user=None):
        return self.env["sales.review"].create(
            {
                "user_id": (user or self.member).id,
                "template_id": self.template.id,
                "date_start": PERIOD[0],
                "date_end": PERIOD[1],
            }
        )

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------

    def test_kanban_shows_every_step_of_the_workflow(self):
        self.make_review()
        groups = self.env["sales.review"].web_read_group(
            [("user_id", "=", self.member.id)], ["state"], ["state"]
        )["groups"]
        self.assertEqual(
            [group["state"] for group in groups], ["draft", "submitted", "acknowledged"]
        )
        arch = self.env["sales.review"].get_view(view_type="kanban")["arch"]
        self.assertIn('quick_create="0"', arch)
        self.assertIn('records_draggable="0"', arch)

    def test_the_salesperson_writes_a_self_assessment_before_acknowledging(self):
        review = self.make_review()
        as_member = review.with_user(self.member)
        with self.assertRaises(UserError):
            as_member.self_assessment = "<p>Too early</p>"
        review.with_user(self.leader).action_compute()
        review.with_user(self.leader).action_submit()
        as_member.self_assessment = "<p>A good month; I lost two deals on price.</p>"
        self.assertIn("lost two deals", review.self_assessment)
        with self.assertRaises(AccessError):
            as_member.strengths = "<p>I am great</p>"
        with self.assertRaises(AccessError):
            review.with_user(self.leader).self_assessment = "<p>Not mine to write</p>"
        as_member.action_acknowledge()
        self.assertEqual(review.state, "acknowledged")
        with self.assertRaises(UserError):
            as_member.self_assessment = "<p>Changed my mind</p>"

    # ------------------------------------------------------------------
    # Awards
    # ------------------------------------------------------------------

    def rank_team(self):
        # The member reaches 92% of the target, the leader 120%.
        self.make_target(self.member, 10000.0)
        self.make_order(self.member, 9200.0)
        self.make_target(self.leader, 10000.0)
        self.make_order(self.leader, 12000.0)
        return self.env["sales.award"]._generate_awards(*PERIOD, team_ids=self.team_led.ids)

    def test_only_those_who_reached_their_target_get_the_badge(self):
        awards = self.rank_team()
        leader, member = awards.sorted("rank")
        self.assertEqual((leader.user_id, leader.rank), (self.leader, 1))
        self.assertEqual(leader.badge_id, self.badge)
        self.assertTrue(leader.badge_user_id)
        self.assertEqual((member.user_id, member.rank), (self.member, 2))
        self.assertFalse(member.badge_id, "92% of the target: a place, no badge")
        self.assertFalse(member.badge_user_id)

    def test_the_badge_threshold_comes_from_settings(self):
        self.company.sales_award_badge_threshold = 90.0
        awards = self.rank_team()
        self.assertEqual(awards.badge_id, self.badge)
        self.assertEqual(len(awards.badge_user_id), 2)

    def test_places_per_team_default_from_settings(self):
        self.company.sales_award_places = 5
        wizard = self.env["sales.award.generate.wizard"].with_user(self.manager).create({})
        self.assertEqual(wizard.top, 5)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    def settings(self):
        return Form(self.env["res.config.settings"])

    def test_settings_turn_the_monthly_reviews_off(self):
        with self.settings() as form:
            form.sales_review_template_id = self.template
            form.sales_review_auto_draft = False
        self.assertFalse(self.company.sales_review_auto_draft)
        with freeze_time("2025-04-02"):
            self.env["sales.review"]._cron_draft_monthly_reviews()
        self.assertFalse(self.env["sales.review"].search([("user_id", "=", self.member.id)]))
        with self.settings() as form:
            form.sales_review_auto_draft = True
        with freeze_time("2025-04-02"):
            self.env["sales.review"]._cron_draft_monthly_reviews()
        self.assertTrue(self.env["sales.review"].search([("user_id", "=", self.member.id)]))

    def test_settings_turn_the_monthly_statements_off(self):
        plan = self.env["sales.commission.plan"].create(
            {
                "name": "Settings Plan",
                "basis": "order",
                "rate_mode": "flat",
                "flat_rate": 5.0,
                "user_ids": [(6, 0, self.member.ids)],
            }
        )
        self.make_order(self.member, 1000.0)
        with self.settings() as form:
            form.sales_commission_auto_generate = False
        Statement = self.env["sales.commission.statement"]
        with freeze_time("2025-04-02"):
            self.env["sales.commission.plan"]._cron_generate_statements()
        self.assertFalse(Statement.search([("plan_id", "=", plan.id)]))
        self.company.sales_commission_auto_generate = True
        with freeze_time("2025-04-02"):
            self.env["sales.commission.plan"]._cron_generate_statements()
        statement = Statement.search([("plan_id", "=", plan.id)])
        self.assertEqual((statement.date_start, statement.date_end), PERIOD)

    def test_settings_choose_the_default_review_template(self):
        other = self.make_template([("win_rate", 100.0, 30.0)], name="Other Template")
        with self.settings() as form:
            form.sales_review_template_id = other
        self.assertTrue(other.is_default)
        self.assertEqual(self.env["sales.review"]._default_template(), other)
        self.assertEqual(self.env["res.config.settings"].create({}).sales_review_template_id, other)
        with self.assertRaises(UserError), self.settings() as form:
            form.sales_award_places = 0
