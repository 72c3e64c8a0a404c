from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SalesMgmtCase, load_chinese

TODAY = "2026-06-15"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestMyDay(SalesMgmtCase):
    """``sales.mgmt.my.day.get_my_day()``: what each role sees on the app's home."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["sales.review.template"].create(
            {
                "name": "My Day Template",
                "kpi_ids": [Command.create({"kpi": "activities_done", "weight": 100.0})],
            }
        )
        cls.plan = cls.env["sales.commission.plan"].create(
            {
                "name": "My Day Plan",
                "basis": "order",
                "rate_mode": "flat",
                "flat_rate": 5.0,
                "user_ids": [Command.set((cls.member | cls.leader | cls.outsider).ids)],
            }
        )
        # Nothing sold in half a year: every target is off track.
        cls.target_member = cls.make_target(cls.member)
        cls.target_leader = cls.make_target(cls.leader)
        cls.target_outsider = cls.make_target(cls.outsider)
        cls.target_team = cls.make_target(team=cls.team_led)
        cls.target_past = cls.make_target(cls.member, period=(date(2025, 1, 1), date(2025, 12, 31)))

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @classmethod
    def make_target(cls, user=None, team=None, period=YEAR, measure="revenue"):
        owner = user or team
        target = cls.env["sales.target"].create(
            {
                "name": f"My day target of {owner.name} ({measure}, {period[0].year})",
                "user_id": user.id if user else False,
                "team_id": team.id if team else False,
                "measure": measure,
                "date_start": period[0],
                "date_end": period[1],
                "target_value": 100000.0,
            }
        )
        target.action_confirm()
        target._refresh_targets(today=date.fromisoformat(TODAY))
        return target

    def make_statement(self, user, start, end):
        return self.env["sales.commission.statement"].create(
            {"user_id": user.id, "plan_id": self.plan.id, "date_start": start, "date_end": end}
        )

    def make_review(self, user, submit=False, month=5):
        review = self.env["sales.review"].create(
            {
                "user_id": user.id,
                "template_id": self.template.id,
                "date_start": date(2026, month, 1),
                "date_end": date(2026, month, 28),
            }
        )
        if submit:
            review.action_compute()
            review.action_submit()
        return review

    def make_activity(self, user, deadline, record=None):
        record = record or self.env["crm.lead"].create(
            {"name": f"My day lead of {user.name}", "user_id": user.id}
        )
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "user_id": user.id,
                "date_deadline": deadline,
                "summary": "My day call",
            }
        )

    def my_day(self, user):
        return self.env["sales.mgmt.my.day"].with_user(user).get_my_day()

    def ids(self, rows):
        return {row["id"] for row in rows}

    def opened(self, user, model, domain):
        """The records a card's click opens for ``user``."""
        return self.env[model].with_user(user).search(domain)

    # ------------------------------------------------------------------
    # Targets
    # ------------------------------------------------------------------

    def test_my_targets_are_mine_and_current(self):
        data = self.my_day(self.member)
        self.assertEqual(self.ids(data["my_targets"]["records"]), {self.target_member.id})
        self.assertEqual(data["my_targets"]["count"], 1)
        row = data["my_targets"]["records"][0]
        # The target's own figures, not recomputed differently.
        self.assertEqual(row["pace_status"], self.target_member.pace_status)
        self.assertEqual(row["pace_status"], "off_track")
        self.assertEqual(row["pace_label"], "Off Track")
        self.assertEqual(row["achievement"], self.target_member.achievement)
        self.assertEqual(row["forecast_value"], self.target_member.forecast_value)
        self.assertEqual((row["date_start"], row["date_end"]), ("2026-01-01", "2026-12-31"))
        self.assertEqual(
            self.opened(self.member, "sales.target", data["my_targets"]["domain"]),
            self.target_member,
        )
        self.assertEqual(data["currency_id"], self.company.currency_id.id)

    def test_labels_follow_the_users_language(self):
        load_chinese(self.env)
        MyDay = self.env["sales.mgmt.my.day"].with_user(self.member).with_context(lang="zh_CN")
        row = MyDay.get_my_day()["my_targets"]["records"][0]
        self.assertEqual(row["pace_label"], "进度落后")

    def test_salespeople_get_no_team_section(self):
        for user in (self.member, self.all_docs):
            with self.subTest(user=user.login):
                self.assertFalse(self.my_day(user)["team"])

    def test_leader_sees_the_targets_of_the_teams_they_lead_off_track(self):
        team = self.my_day(self.leader)["team"]
        self.assertEqual(team["scope"], "team")
        expected = self.target_member | self.target_leader | self.target_team
        self.assertEqual(self.ids(team["off_track"]["records"]), set(expected.ids))
        self.assertEqual(team["off_track"]["count"], 3)
        self.assertEqual(
            self.opened(self.leader, "sales.target", team["off_track"]["domain"]), expected
        )

    def test_outsider_sees_only_their_own_team(self):
        team = self.my_day(self.outsider)["team"]
        self.assertEqual(self.ids(team["off_track"]["records"]), {self.target_outsider.id})

    def test_manager_sees_all_teams(self):
        team = self.my_day(self.manager)["team"]
        self.assertEqual(team["scope"], "all")
        current = self.target_member | self.target_leader | self.target_outsider | self.target_team
        self.assertLessEqual(set(current.ids), self.ids(team["off_track"]["records"]))
        self.assertNotIn(self.target_past.id, self.ids(team["off_track"]["records"]))

    def test_on_track_targets_are_not_listed_as_off_track(self):
        self.env.cr.execute(
            "UPDATE sales_target SET pace_status = 'on_track' WHERE id = %s",
            [self.target_member.id],
        )
        self.target_member.invalidate_recordset(["pace_status"])
        team = self.my_day(self.leader)["team"]
        self.assertNotIn(self.target_member.id, self.ids(team["off_track"]["records"]))

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def activity_counts(self, user):
        activities = self.my_day(user)["activities"]
        return {key: value["count"] for key, value in activities.items()}

    def test_activities_counted_by_deadline_on_this_systems_documents(self):
        # Confirming an off-track target already gave its owner an activity.
        before = self.activity_counts(self.member)
        self.make_activity(self.member, date(2026, 6, 1))
        self.make_activity(self.member, date(2026, 6, 15))
        self.make_activity(self.member, date(2026, 6, 15))
        self.make_activity(self.member, date(2026, 7, 1))
        self.make_activity(self.member, date(2026, 6, 20), record=self.target_member)
        # Not counted: someone else's, and one on a contact (not this system's).
        self.make_activity(self.outsider, date(2026, 6, 1))
        self.make_activity(self.member, date(2026, 6, 1), record=self.customer)
        after = self.activity_counts(self.member)
        added = {key: after[key] - before[key] for key in after}
        self.assertEqual(added, {"overdue": 1, "today": 2, "planned": 2})
        for key, value in self.my_day(self.member)["activities"].items():
            with self.subTest(key=key):
                opened = self.opened(self.member, "mail.activity", value["domain"])
                self.assertEqual(len(opened), value["count"])
                self.assertEqual(opened.user_id, self.member)
                self.assertEqual(set(opened.mapped("state")), {key} if opened else set())

    # ------------------------------------------------------------------
    # Statements and reviews
    # ------------------------------------------------------------------

    def test_last_statement_is_my_latest_one(self):
        self.make_statement(self.member, date(2026, 4, 1), date(2026, 4, 30))
        latest = self.make_statement(self.member, date(2026, 5, 1), date(2026, 5, 31))
        cancelled = self.make_statement(self.member, date(2026, 6, 1), date(2026, 6, 30))
        cancelled.action_cancel()
        statement = self.my_day(self.member)["statement"]
        self.assertEqual(statement["id"], latest.id)
        self.assertEqual(statement["state"], "draft")
        self.assertEqual(statement["total_amount"], latest.total_amount)

    def test_nobody_gets_another_persons_statement_or_review(self):
        self.make_statement(self.member, date(2026, 5, 1), date(2026, 5, 31))
        self.make_review(self.member, submit=True)
        for user in (self.leader, self.outsider, self.manager, self.all_docs):
            with self.subTest(user=user.login):
                data = self.my_day(user)
                self.assertFalse(data["statement"])
                self.assertFalse(data["review"])

    def test_review_to_acknowledge(self):
        draft = self.make_review(self.member)
        self.assertFalse(self.my_day(self.member)["review"], "a draft is not shown yet")
        draft.action_compute()
        draft.action_submit()
        review = self.my_day(self.member)["review"]
        self.assertEqual(review["id"], draft.id)
        self.assertEqual(review["count"], 1)
        self.assertEqual(self.opened(self.member, "sales.review", review["domain"]), draft)
        draft.with_user(self.member).action_acknowledge()
        self.assertFalse(self.my_day(self.member)["review"])

    def test_reviews_to_write(self):
        member_review = self.make_review(self.member)
        leader_review = self.make_review(self.leader)
        outsider_review = self.make_review(self.outsider)
        leader_team = self.my_day(self.leader)["team"]["reviews_to_write"]
        self.assertEqual(leader_team["count"], 1)
        self.assertEqual(
            self.opened(self.leader, "sales.review", leader_team["domain"]), member_review
        )
        outsider_team = self.my_day(self.outsider)["team"]["reviews_to_write"]
        self.assertEqual(outsider_team["count"], 0, "their own review is not theirs to write")
        manager_team = self.my_day(self.manager)["team"]["reviews_to_write"]
        opened = self.opened(self.manager, "sales.review", manager_team["domain"])
        self.assertLessEqual(member_review | leader_review | outsider_review, opened)
        self.assertEqual(set(opened.mapped("state")), {"draft"})
        self.assertNotIn(self.manager, opened.user_id)
        member_review.action_compute()
        member_review.action_submit()
        self.assertEqual(self.my_day(self.leader)["team"]["reviews_to_write"]["count"], 0)

    def test_internal_user_cannot_use_it(self):
        with self.assertRaises(AccessError):
            self.my_day(self.internal)

    # ------------------------------------------------------------------
    # Query count
    # ------------------------------------------------------------------

    def count_queries(self, user):
        MyDay = self.env["sales.mgmt.my.day"].with_user(user)
        self.env.invalidate_all()
        MyDay.get_my_day()  # warm the caches of access rules (read from the database)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        MyDay.get_my_day()
        return self.env.cr.sql_log_count - before

    def test_query_count_is_flat_in_the_number_of_records(self):
        self.make_statement(self.leader, date(2026, 5, 1), date(2026, 5, 31))
        self.make_review(self.member)
        self.make_activity(self.leader, date(2026, 6, 1))
        few = {user.login: self.count_queries(user) for user in (self.leader, self.manager)}
        for measure in ("won_deals", "new_customers"):
            self.make_target(self.member, measure=measure)
            self.make_target(self.leader, measure=measure)
        for month in range(1, 6):
            self.make_activity(self.leader, date(2026, 6, 1))
            self.make_activity(self.leader, date(2026, 6, 30))
            self.make_statement(self.leader, date(2025, month, 1), date(2025, month, 28))
        self.make_review(self.member, month=4)
        many = {user.login: self.count_queries(user) for user in (self.leader, self.manager)}
        self.assertEqual(many, few)
