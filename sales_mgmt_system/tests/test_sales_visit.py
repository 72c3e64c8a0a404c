from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .feedback_common import FeedbackCase

PARAM = "sales_mgmt_system.visit_interval_%s"


@tagged("post_install", "-at_install")
class TestSalesVisit(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(PARAM % "default", 90)
        params.set_param(PARAM % "loyal", 30)
        params.set_param(PARAM % "at_risk", 0)  # 0: the default interval
        # Whatever the database holds is planned first: the tests watch their own.
        cls.env["sales.visit"]._plan_due_visits(today=cls.today)

    def new_customers(self, count, user=None, days_ago=100, **values):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Due Customer {index}",
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": (user or self.member).id,
                    **values,
                }
                for index in range(count)
            ]
        )
        self.backdate_partners(partners, days_ago)
        return partners

    def planned(self, partners):
        return self.env["sales.visit"].search(
            [("partner_id", "in", partners.ids), ("state", "=", "planned")]
        )

    # ------------------------------------------------------------------
    # Daily planning
    # ------------------------------------------------------------------

    def test_daily_planning_plans_due_customers_with_an_activity_once(self):
        due = self.new_customers(3, days_ago=100)
        not_due = self.new_customers(2, days_ago=50)
        loyal_due = self.new_customers(1, days_ago=40, lifecycle_stage="loyal")
        at_risk_not_due = self.new_customers(1, days_ago=40, lifecycle_stage="at_risk")
        no_owner = self.new_customers(1, days_ago=400)
        no_owner.user_id = False
        count = self.env["sales.visit"]._plan_due_visits(today=self.today)
        self.assertEqual(count, 4)
        visits = self.planned(due | not_due | loyal_due | at_risk_not_due | no_owner)
        self.assertEqual(visits.partner_id, due | loyal_due)
        self.assertEqual(set(visits.mapped("date_planned")), {self.today})
        self.assertEqual(visits.user_id, self.member)
        for visit in visits:
            self.assertEqual(len(visit.activity_ids), 1)
            self.assertEqual(visit.activity_ids.user_id, self.member)
            self.assertEqual(visit.activity_ids.date_deadline, self.today)
        # Running again plans nothing more, today or on a later day.
        self.assertEqual(self.env["sales.visit"]._plan_due_visits(today=self.today), 0)
        self.assertEqual(
            self.env["sales.visit"]._plan_due_visits(today=self.today + timedelta(days=5)), 0
        )
        self.assertEqual(self.planned(due | loyal_due), visits)
        self.assertEqual(len(visits.activity_ids), 4)

    def test_due_date_counts_from_the_last_done_visit_or_its_next_visit_date(self):
        recent, agreed = self.new_customers(2, days_ago=400)
        visit = self.make_visit(recent, days=-20)
        visit.date_done = self.today - timedelta(days=20)
        visit.action_done()
        visit = self.make_visit(agreed, days=-20)
        visit.write(
            {
                "date_done": self.today - timedelta(days=20),
                "next_visit_date": self.today + timedelta(days=3),
            }
        )
        visit.action_done()
        Visit = self.env["sales.visit"]
        Visit._plan_due_visits(today=self.today)
        self.assertFalse(self.planned(recent | agreed))
        Visit._plan_due_visits(today=self.today + timedelta(days=3))
        self.assertEqual(self.planned(recent | agreed).partner_id, agreed)
        Visit._plan_due_visits(today=self.today + timedelta(days=70))
        self.assertEqual(self.planned(recent | agreed).partner_id, recent | agreed)

    def test_planning_query_count_does_not_grow_with_customers(self):
        Visit = self.env["sales.visit"]
        self.new_customers(2)
        Visit._plan_due_visits(today=self.today)  # fills the caches
        counts = []
        for number in (3, 15):
            self.new_customers(number)
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(Visit._plan_due_visits(today=self.today), number)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], "planning is set-based")

    def test_planning_reports_progress_per_batch(self):
        self.new_customers(5)
        progress = []
        Cron = type(self.env["ir.cron"])
        original = Cron._notify_progress

        def spy(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))
            return original(cron, done=done, remaining=remaining, deactivate=deactivate)

        from unittest.mock import patch

        with patch.object(Cron, "_notify_progress", spy):
            self.env["sales.visit"]._plan_due_visits(today=self.today, batch_size=2)
        self.assertEqual(progress, [(2, 3), (4, 1), (5, 0)])

    def test_cron_action_runs(self):
        due = self.new_customers(1, days_ago=400)
        self.env.ref("sales_mgmt_system.ir_cron_plan_visits").method_direct_trigger()
        self.assertTrue(self.planned(due))

    def test_follow_up_for_other_areas_never_plans_two(self):
        Visit = self.env["sales.visit"]
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customer_member.id}
        )
        first = Visit._plan_follow_up_visits(contact, purpose="After ticket")
        self.assertEqual(first.partner_id, self.customer_member)
        self.assertEqual(first.purpose, "After ticket")
        self.assertEqual(first.user_id, self.member)
        again = Visit._plan_follow_up_visits(self.customer_member)
        self.assertEqual(again, first)
        with self.assertRaisesRegex(ValidationError, "already has a planned visit"):
            self.make_visit(self.customer_member, days=4)

    # ------------------------------------------------------------------
    # Visit workflow
    # ------------------------------------------------------------------

    def test_done_visit_records_outcome_satisfaction_and_needs(self):
        visit = self.make_visit(self.customer_member, days=-3)
        visit._create_planning_activities()
        self.assertTrue(visit.is_overdue)
        self.assertIn(visit, self.env["sales.visit"].search([("is_overdue", "=", True)]))
        with Form(visit.with_user(self.member)) as form:
            form.outcome = "Wants a yearly contract"
            form.satisfaction = "2"
            form.needs_changed = "Yearly contract with monthly delivery"
        visit.with_user(self.member).action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.date_done, self.today)
        self.assertFalse(visit.is_overdue)
        self.assertFalse(visit.activity_ids, "the visit's activity is done")
        self.assertEqual(self.customer_member.sales_needs, "Yearly contract with monthly delivery")
        self.assertIn(
            "Yearly contract with monthly delivery",
            self.customer_member.message_ids[0].body,
        )
        feedback = visit.feedback_id
        self.assertEqual(
            (feedback.source, feedback.csat, feedback.partner_id),
            ("visit", "2", self.customer_member),
        )
        self.assertTrue(feedback.follow_up_planned, "low satisfaction gets a follow-up")
        with self.assertRaisesRegex(UserError, "keeps what it recorded"):
            visit.with_user(self.member).satisfaction = "5"
        visit.with_user(self.member).outcome = "Contract signed later"

    def test_refusals(self):
        visit = self.make_visit(self.customer_member)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.make_visit(self.customer_leader).date_done = self.today + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "buttons"):
            visit.with_user(self.member).write({"state": "done"})
        with self.assertRaisesRegex(UserError, "created planned"):
            self.env["sales.visit"].with_user(self.member).create(
                {"partner_id": self.customer_leader.id, "state": "done"}
            )
        visit.action_cancel()
        with self.assertRaisesRegex(UserError, "Only planned"):
            visit.action_done()
        visit.action_plan_again()
        self.assertEqual(visit.state, "planned")

    # ------------------------------------------------------------------
    # Access per role
    # ------------------------------------------------------------------

    def test_access_per_role(self):
        mine = self.make_visit(self.customer_member)
        leaders = self.make_visit(self.customer_leader)
        outsiders = self.make_visit(self.customer_outsider)
        everything = mine | leaders | outsiders
        self.assertCanRead(self.member, mine)
        self.assertCannotRead(self.member, leaders | outsiders)
        self.assertCanRead(self.leader, mine | leaders)
        self.assertCannotRead(self.leader, outsiders)
        self.assertCanRead(self.all_docs, everything)
        self.assertCanRead(self.manager, everything)
        self.assertCannotRead(self.internal, mine)
        self.assertCannotRead(self.other_company_user, everything)
        # Writing and state changes follow reading.
        mine.with_user(self.member).purpose = "Renewal"
        with self.assertRaises(AccessError):
            outsiders.with_user(self.member).purpose = "Renewal"
        with self.assertRaises(AccessError):
            outsiders.with_user(self.member).action_done()
        with self.assertRaises(AccessError):
            self.env["sales.visit"].with_user(self.member).create(
                {"partner_id": self.new_customers(1, user=self.outsider).id}
            )
        second_customer = self.new_customers(1)
        created = (
            self.env["sales.visit"]
            .with_user(self.member)
            .create({"partner_id": second_customer.id})
        )
        self.assertEqual(created.user_id, self.member)
        self.assertEqual(created.date_planned, self.today)
        # Deleting is for managers.
        with self.assertRaises(AccessError):
            mine.with_user(self.member).unlink()
        with self.assertRaises(AccessError):
            mine.with_user(self.all_docs).unlink()
        outsiders.with_user(self.manager).unlink()
        self.assertFalse(outsiders.exists())
