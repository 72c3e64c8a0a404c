from datetime import date, datetime, time

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .ops_common import OpsCase

# Company-wide figures: a half-year long before any demo data.
PERIOD = (date(2001, 1, 1), date(2001, 6, 30))


@tagged("post_install", "-at_install")
class TestIdeas(OpsCase):
    def make_idea(self, user=None, **values):
        user = user or self.member
        return (
            self.env["sales.idea"]
            .with_user(user)
            .create({"name": "Share visit templates", **values})
        )

    def test_salesperson_proposes_and_colleagues_vote_once(self):
        idea = self.make_idea()
        self.assertEqual((idea.user_id, idea.state, idea.vote_count), (self.member, "new", 0))
        for voter in (self.member, self.leader, self.outsider, self.all_docs):
            idea.with_user(voter).action_vote()
        self.assertEqual(idea.vote_count, 4)
        self.assertTrue(idea.with_user(self.leader).voted)
        self.assertFalse(idea.with_user(self.manager).voted)
        with self.assertRaises(UserError) as refused:
            idea.with_user(self.leader).action_vote()
        self.assertIn("already voted", str(refused.exception))
        idea.with_user(self.leader).action_unvote()
        self.assertEqual(idea.vote_count, 3)
        idea.with_user(self.leader).action_vote()
        self.assertEqual(idea.vote_count, 4)

    def test_an_idea_links_the_feedback_that_inspired_it(self):
        customer = self.env["res.partner"].create(
            {"name": "Idea Customer", "user_id": self.member.id}
        )
        feedback = self.env["sales.feedback"].create(
            {"partner_id": customer.id, "csat": "2", "comment": "Quotes take too long"}
        )
        idea = self.make_idea(feedback_ids=[(6, 0, feedback.ids)])
        self.assertEqual(idea.with_user(self.member).feedback_ids, feedback)

    def test_the_database_holds_one_vote_per_person(self):
        idea = self.make_idea()
        idea.with_user(self.leader).action_vote()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["sales.idea.vote"].create({"idea_id": idea.id, "user_id": self.leader.id})
            self.env.flush_all()

    def test_nobody_votes_in_someone_elses_name(self):
        idea = self.make_idea()
        with self.assertRaises(AccessError):
            self.env["sales.idea.vote"].with_user(self.member).create(
                {"idea_id": idea.id, "user_id": self.leader.id}
            )
        idea.with_user(self.leader).action_vote()
        vote = idea.vote_ids
        with self.assertRaises(AccessError):
            vote.with_user(self.member).unlink()

    def test_manager_reviews_and_decides_with_a_written_decision(self):
        idea = self.make_idea().with_user(self.manager)
        idea.action_review()
        self.assertEqual(idea.state, "reviewing")
        with self.assertRaises(UserError) as refused:
            idea.action_accept()
        self.assertIn("decision", str(refused.exception))
        idea.decision = "<p>Yes, from next month.</p>"
        idea.action_accept()
        self.assertEqual((idea.state, idea.decision_user_id), ("accepted", self.manager))
        idea.action_done()
        self.assertEqual(idea.state, "done")
        with self.assertRaises(UserError):
            idea.with_user(self.leader).action_vote()

    def test_rejected_ideas_take_no_more_votes(self):
        idea = self.make_idea(user=self.leader).with_user(self.manager)
        idea.decision = "<p>Too costly.</p>"
        idea.action_reject()
        self.assertEqual(idea.state, "rejected")
        with self.assertRaises(UserError):
            idea.action_done()
        with self.assertRaises(UserError):
            idea.with_user(self.member).action_vote()

    def test_salespeople_cannot_decide(self):
        idea = self.make_idea()
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                as_user = idea.with_user(user)
                for action in ("action_review", "action_accept", "action_reject", "action_done"):
                    with self.assertRaises(AccessError):
                        getattr(as_user, action)()
                with self.assertRaises(UserError):
                    as_user.write({"state": "accepted"})
        with self.assertRaises(AccessError):
            idea.with_user(self.member).write({"decision": "<p>Accepted by me</p>"})
        self.assertEqual(idea.state, "new")

    def test_form_as_a_salesperson(self):
        form = Form(self.env["sales.idea"].with_user(self.outsider))
        form.name = "Shorter quotations"
        idea = form.save()
        self.assertEqual(idea.user_id, self.outsider)
        self.assertFalse(idea.can_decide)
        self.assertTrue(idea.with_user(self.manager).can_decide)


@tagged("post_install", "-at_install")
class TestPolicyReview(OpsCase):
    def make_review(self, period=PERIOD, user=None):
        return (
            self.env["sales.policy.review"]
            .with_user(user or self.manager)
            .create({"name": "H1 review", "date_start": period[0], "date_end": period[1]})
        )

    def test_snapshot_freezes_the_headline_figures(self):
        self.make_order(self.member, 20000.0, date(2001, 2, 1))
        self.make_entry(self.member, self.travel, 1000.0, date(2001, 2, 2))
        won_stage = self.env["crm.stage"].create({"name": "Won (ops)", "is_won": True})
        for name, won in (("Won deal", True), ("Lost deal", False)):
            lead = self.env["crm.lead"].create(
                {"name": name, "type": "opportunity", "user_id": self.member.id}
            )
            if won:
                lead.stage_id = won_stage
            else:
                lead.action_set_lost()
            lead.date_closed = datetime.combine(date(2001, 3, 1), time(12))
        target = self.env["sales.target"].create(
            {
                "name": "Member H1",
                "user_id": self.member.id,
                "date_start": PERIOD[0],
                "date_end": PERIOD[1],
                "target_value": 40000.0,
            }
        )
        target.action_generate_lines()
        target.action_confirm()
        customer = self.env["res.partner"].create({"name": "Snapshot Customer"})
        for csat, nps in (("5", "10"), ("4", "8"), ("2", "3")):
            self.env["sales.feedback"].create(
                {"partner_id": customer.id, "date": date(2001, 2, 3), "csat": csat, "nps": nps}
            )
        review = self.make_review()
        review.action_snapshot()
        snapshot = review.kpi_snapshot
        # Two satisfied answers of three; one promoter, one detractor.
        self.assertEqual(snapshot["csat_pct"], 66.67)
        self.assertEqual(snapshot["nps"], 0.0)
        self.assertEqual(snapshot["revenue"], 20000.0)
        self.assertEqual(snapshot["costs"], 1000.0)
        self.assertEqual(snapshot["cost_to_revenue"], 5.0)
        self.assertEqual((snapshot["won_deals"], snapshot["lost_deals"]), (1.0, 1.0))
        self.assertEqual(snapshot["win_rate"], 50.0)
        self.assertEqual(snapshot["attainment"], 50.0)
        self.assertTrue(review.snapshot_date)
        self.assertIn("20,000.00", review.kpi_snapshot_html)
        # Later data leaves the snapshot alone; closing keeps it.
        self.make_order(self.member, 5000.0, date(2001, 3, 1))
        review.action_done()
        self.assertEqual(review.kpi_snapshot["revenue"], 20000.0)
        self.assertEqual(review.state, "done")
        with self.assertRaises(UserError):
            review.action_snapshot()
        with self.assertRaises(UserError):
            review.date_end = date(2001, 12, 31)

    def test_figures_without_a_base_are_empty(self):
        review = self.make_review(period=(date(2019, 1, 1), date(2019, 1, 31)))
        review.action_snapshot()
        snapshot = review.kpi_snapshot
        self.assertIsNone(snapshot["attainment"])
        self.assertIsNone(snapshot["win_rate"])
        self.assertIsNone(snapshot["cost_to_revenue"])
        self.assertIsNone(snapshot["csat_pct"])
        self.assertIsNone(snapshot["nps"])
        self.assertIn("n/a", review.kpi_snapshot_html)

    def test_closing_takes_a_snapshot_when_there_is_none(self):
        review = self.make_review()
        review.action_done()
        self.assertTrue(review.kpi_snapshot)

    def test_snapshot_is_not_written_by_hand(self):
        review = self.make_review()
        with self.assertRaises(UserError):
            review.write({"kpi_snapshot": {"revenue": 1}})
        with self.assertRaises(UserError):
            review.write({"state": "done"})

    def test_policy_reviews_are_for_managers(self):
        review = self.make_review()
        for user in (self.member, self.leader, self.all_docs, self.internal):
            with self.subTest(user=user.login):
                self.assertCannotRead(user, review)
                with self.assertRaises(AccessError):
                    self.make_review(user=user)
                with self.assertRaises(AccessError):
                    review.with_user(user).action_snapshot()
        self.assertCannotRead(self.other_company_user, review)


@tagged("post_install", "-at_install")
class TestIdeaEditing(OpsCase):
    def test_authors_edit_their_idea_until_it_is_taken_up(self):
        idea = self.env["sales.idea"].with_user(self.member).create({"name": "Draft idea"})
        idea.write({"description": "<p>More detail</p>"})
        idea.with_user(self.manager).action_review()
        with self.assertRaises(UserError) as refused:
            idea.write({"name": "Changed after review"})
        self.assertIn("chatter", str(refused.exception))
        idea.with_user(self.manager).write({"name": "Clarified by the manager"})
