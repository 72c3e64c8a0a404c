"""Training, team roles, meetings and work reports (PRODUCT.md §3, §13)."""

from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .review_common import MID_PERIOD, ReviewCase

# The ISO week of MID_PERIOD (Saturday 15 March 2025).
WEEK = (date(2025, 3, 10), date(2025, 3, 16))
FRIDAY = date(2025, 3, 14)


class TeamCase(ReviewCase):
    @classmethod
    def make_report(cls, user, day=WEEK[0], **values):
        return (
            cls.env["sales.work.report"]
            .with_user(user)
            .create({"date_start": day, **values})
            .sudo()
        )

    @classmethod
    def make_lead(cls, user, created):
        lead = cls.env["crm.lead"].create({"name": f"Lead of {user.name}", "user_id": user.id})
        lead.flush_recordset()
        cls.env.cr.execute("UPDATE crm_lead SET create_date = %s WHERE id = %s", (created, lead.id))
        lead.invalidate_recordset(["create_date"])
        return lead


@tagged("post_install", "-at_install")
class TestSalesTraining(TeamCase):
    def make_session(self, **values):
        return self.env["sales.training"].create(
            {
                "name": "Negotiation Workshop",
                "training_type": "internal",
                "topic": "skills",
                "trainer": "Ms. Trainer",
                "date": MID_PERIOD.date(),
                "hours": 3.0,
                "attendee_ids": [
                    Command.create({"user_id": self.member.id, "attended": True, "score": 85}),
                    Command.create({"user_id": self.outsider.id, "attended": False}),
                ],
                **values,
            }
        )

    def test_self_study_is_submitted_by_its_author_and_approved_by_a_manager(self):
        study = (
            self.env["sales.training"]
            .with_user(self.member)
            .create(
                {
                    "name": "CRM e-learning",
                    "training_type": "self_study",
                    "topic": "crm",
                    "hours": 2,
                }
            )
        )
        self.assertEqual(study.attendee_ids.user_id, self.member, "the author attends it")
        with self.assertRaises(AccessError):
            study.with_user(self.leader).action_submit()
        study.action_submit()
        self.assertEqual(study.state, "submitted")
        with self.assertRaisesRegex(UserError, "waits for a manager"):
            study.hours = 20
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                study.with_user(user).action_approve()
        study.with_user(self.manager).action_approve()
        self.assertEqual(study.state, "approved")
        self.assertEqual(study.approved_by_id, self.manager)

    def test_a_manager_cannot_approve_their_own_self_study(self):
        study = (
            self.env["sales.training"]
            .with_user(self.manager)
            .create({"name": "Market report", "training_type": "self_study", "topic": "market"})
        )
        study.action_submit()
        with self.assertRaisesRegex(AccessError, "your own self-study"):
            study.action_approve()
        self.assertEqual(study.state, "submitted")

    def test_state_is_written_only_by_the_buttons(self):
        study = (
            self.env["sales.training"]
            .with_user(self.member)
            .create({"name": "Study", "training_type": "self_study"})
        )
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            study.write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            self.env["sales.training"].with_user(self.member).create(
                {"name": "Study", "training_type": "self_study", "state": "approved"}
            )

    def test_negative_hours_and_scores_out_of_range_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.make_session(hours=-1)
        session = self.make_session()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            session.hours = -0.5
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            session.attendee_ids[0].score = 120

    def test_only_managers_close_sessions(self):
        session = self.make_session()
        with self.assertRaises(AccessError):
            session.with_user(self.leader).action_done()
        session.with_user(self.manager).action_done()
        self.assertEqual(session.state, "done")
        with self.assertRaisesRegex(UserError, "only a sales manager"):
            session.attendee_ids[0].with_user(self.member).sudo(False).write({"score": 100})

    def test_access_per_role(self):
        session = self.make_session()
        own_study = (
            self.env["sales.training"]
            .with_user(self.outsider)
            .create({"name": "Outsider study", "training_type": "self_study"})
        )
        # The member attends the session; the outsider is listed too.
        self.assertCanRead(self.member, session)
        self.assertCannotRead(self.member, own_study)
        self.assertCanRead(self.outsider, session | own_study)
        # The leader sees what their team attends, not the other team's self-study.
        self.assertCanRead(self.leader, session)
        self.assertCannotRead(self.leader, own_study)
        self.assertCanRead(self.all_docs, session | own_study)
        self.assertCanRead(self.manager, session | own_study)
        self.assertCannotRead(self.internal, session)
        self.assertCannotRead(self.other_company_user, session)
        with self.assertRaises(AccessError):
            session.with_user(self.member).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            session.with_user(self.all_docs).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            self.env["sales.training"].with_user(self.member).create(
                {"name": "Internal by a salesperson", "training_type": "internal"}
            )
        with self.assertRaises(AccessError):
            self.env["sales.training"].with_user(self.member).create(
                {
                    "name": "Study for another",
                    "training_type": "self_study",
                    "user_id": self.outsider.id,
                }
            )
        with self.assertRaises(AccessError):
            own_study.with_user(self.member).unlink()
        own_study.with_user(self.outsider).unlink()

    def test_training_hours_feed_the_review_kpi(self):
        self.make_session().action_done()
        self.make_session(name="Draft session")  # not held: does not count
        study = (
            self.env["sales.training"]
            .with_user(self.member)
            .create(
                {
                    "name": "Product videos",
                    "training_type": "self_study",
                    "date": MID_PERIOD.date(),
                    "hours": 1.5,
                }
            )
        )
        study.action_submit()
        study.with_user(self.manager).action_approve()
        template = self.make_template([("training_hours", 100.0, 9.0)])
        review = self.env["sales.review"].create(
            {
                "user_id": self.member.id,
                "template_id": template.id,
                "date_start": date(2025, 3, 1),
                "date_end": date(2025, 3, 31),
            }
        )
        review.action_compute()
        self.assertEqual(review.line_ids.actual_value, 4.5)
        self.assertEqual(review.line_ids.score, 50.0)
        hours = self.env["sales.training"]._training_hours_values(
            date(2025, 3, 1), date(2025, 3, 31), (self.member | self.outsider).ids
        )
        self.assertEqual(hours, {self.member.id: 4.5}, "the outsider did not attend")


@tagged("post_install", "-at_install")
class TestTeamRolesAndMeetings(TeamCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = (
            cls.env["sales.meeting"]
            .with_user(cls.leader)
            .create(
                {
                    "name": "Weekly meeting",
                    "team_id": cls.team_led.id,
                    "date": datetime(2025, 3, 17, 9, 0),
                    "agenda": "<p>Pipeline review</p>",
                    "action_item_ids": [
                        Command.create(
                            {
                                "name": "Call back the key account",
                                "user_id": cls.member.id,
                                "date_deadline": date(2025, 3, 20),
                            }
                        ),
                        Command.create({"name": "Send the price list", "user_id": cls.leader.id}),
                    ],
                }
            )
        )

    def test_roles_on_team_members(self):
        membership = self.team_led.crm_team_member_ids.filtered(lambda m: m.user_id == self.member)
        membership.write({"sales_role": "account_manager", "responsibilities": "Key accounts"})
        self.assertEqual(membership.sales_role, "account_manager")
        self.assertEqual(membership.responsibilities, "Key accounts")

    def test_attendees_default_to_the_team(self):
        self.assertEqual(self.meeting.attendee_ids, self.leader | self.member)

    def test_action_items_become_activities_done_both_ways(self):
        self.meeting.with_user(self.leader).action_create_activities()
        first, second = self.meeting.action_item_ids.sorted("id")
        self.assertEqual(first.activity_id.user_id, self.member)
        self.assertEqual(first.activity_id.date_deadline, date(2025, 3, 20))
        self.assertEqual(first.activity_id.res_id, self.meeting.id)
        with self.assertRaisesRegex(UserError, "already has its activity"):
            self.meeting.with_user(self.leader).action_create_activities()
        # The owner marks the activity done: the item is done.
        first.activity_id.with_user(self.member).action_done()
        self.assertTrue(first.done)
        # The item marked done: its activity is done too.
        activity = second.activity_id
        second.with_user(self.leader).done = True
        self.assertFalse(activity.exists())
        self.assertEqual(self.meeting.open_action_count, 0)

    def test_calendar_event_with_the_attendees(self):
        self.meeting.with_user(self.leader).action_create_calendar_event()
        event = self.meeting.calendar_event_id
        self.assertEqual(event.partner_ids, (self.leader | self.member).partner_id)
        self.assertEqual(event.start, datetime(2025, 3, 17, 9, 0))

    def test_meeting_access_per_role(self):
        self.assertCanRead(self.member, self.meeting)
        self.assertCanRead(self.member, self.meeting.action_item_ids)
        self.assertCannotRead(self.outsider, self.meeting)
        self.assertCannotRead(self.outsider, self.meeting.action_item_ids)
        self.assertCanRead(self.all_docs, self.meeting)
        self.assertCannotRead(self.internal, self.meeting)
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.member).write({"minutes": "<p>Mine</p>"})
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.member).action_mark_done()
        with self.assertRaises(AccessError):
            self.env["sales.meeting"].with_user(self.member).create(
                {"name": "Not my team", "team_id": self.team_other.id}
            )
        # An owner marks their own item done, not another's.
        mine = self.meeting.action_item_ids.filtered(lambda a: a.user_id == self.member)
        mine.with_user(self.member).done = True
        with self.assertRaisesRegex(AccessError, "only mark your action item"):
            mine.with_user(self.member).name = "Something easier"
        with self.assertRaises(AccessError):
            (self.meeting.action_item_ids - mine).with_user(self.member).done = True
        self.meeting.with_user(self.manager).action_mark_done()
        self.assertEqual(self.meeting.state, "done")


@tagged("post_install", "-at_install")
class TestWorkReport(TeamCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_target(cls.member, 3100.0)  # 100 a day over March
        cls.make_order(cls.member, 500.0)
        cls.make_order(cls.member, 900.0, when=datetime(2025, 3, 9, 12, 0))  # week before
        cls.make_deal(cls.member, "won", revenue=500.0)
        cls.make_deal(cls.member, "lost")
        cls.make_lead(cls.member, datetime(2025, 3, 11, 9, 0))
        cls.make_lead(cls.member, datetime(2025, 3, 3, 9, 0))  # week before
        cls.mark_activity_done(cls.member)
        customer = cls.env["res.partner"].create({"name": "Visited", "user_id": cls.member.id})
        for done in (date(2025, 3, 12), date(2025, 3, 5)):  # this week, the week before
            visit = cls.env["sales.visit"].create(
                {"partner_id": customer.id, "user_id": cls.member.id, "date_planned": done}
            )
            visit.date_done = done
            visit.action_done()

    def test_figures_fill_themselves_in_from_the_data(self):
        report = self.make_report(self.member, day=date(2025, 3, 13))
        self.assertEqual((report.date_start, report.date_end), WEEK, "a week starts on Monday")
        self.assertEqual(report.period, "week")
        self.assertEqual(report.team_id, self.team_led)
        # make_deal's deals are created 10 days before closing: outside the week.
        self.assertEqual(report.new_leads, 1)
        self.assertEqual(report.activities_done, 1)
        self.assertEqual(report.visits_done, 1)
        self.assertEqual(report.won_deals, 1)
        self.assertAlmostEqual(report.revenue, 500.0)
        self.assertAlmostEqual(report.target_value, 700.0)
        self.assertAlmostEqual(report.attainment, 500.0 / 7, places=1)

    def test_daily_reports_where_the_team_chooses(self):
        self.team_led.work_report_period = "day"
        report = self.make_report(self.member, day=date(2025, 3, 11))
        self.assertEqual(report.period, "day")
        self.assertEqual((report.date_start, report.date_end), (date(2025, 3, 11),) * 2)
        self.assertEqual(report.new_leads, 1)
        self.assertEqual(report.won_deals, 0)

    def test_a_second_report_for_the_same_period_is_refused(self):
        self.make_report(self.member)
        with self.assertRaisesRegex(ValidationError, "already has a work report"):
            self.make_report(self.member, day=date(2025, 3, 12))
        other = self.make_report(self.member, day=date(2025, 3, 17))
        with self.assertRaisesRegex(ValidationError, "already has a work report"):
            other.with_user(self.member).write({"date_start": date(2025, 3, 11)})

    def test_figures_are_read_not_typed(self):
        report = self.make_report(self.member).with_user(self.member)
        with self.assertRaisesRegex(UserError, "Refresh Figures"):
            report.write({"revenue": 99999})
        report.action_submit()
        with self.assertRaisesRegex(UserError, "submitted work report"):
            report.write({"won_deals": 10})
        with self.assertRaisesRegex(UserError, "submitted work report"):
            report.action_refresh_figures()
        with self.assertRaisesRegex(UserError, "was submitted"):
            report.write({"highlights": "<p>Rewritten</p>"})
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            report.write({"state": "reviewed"})

    def test_submit_then_the_leader_comments_with_an_activity_each_way(self):
        report = self.make_report(self.member).with_user(self.member)
        with Form(report) as form:
            form.highlights = "<p>Won the Acme deal</p>"
            form.next_plan = "<p>Visit three prospects</p>"
        with self.assertRaises(AccessError):
            report.with_user(self.leader).action_submit()
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        comment_type = self.env.ref("sales_mgmt_system.mail_activity_work_report_comment")
        self.assertEqual(report.activity_ids.activity_type_id, comment_type)
        self.assertEqual(report.activity_ids.user_id, self.leader)
        with self.assertRaisesRegex(AccessError, "never its author"):
            report.write({"leader_comment": "<p>Well done me</p>"})
        with self.assertRaises(AccessError):
            report.action_review()
        with self.assertRaises(AccessError):
            report.with_user(self.outsider).action_review()
        as_leader = report.with_user(self.leader)
        with self.assertRaisesRegex(UserError, "Write your comment"):
            as_leader.action_review()
        as_leader.leader_comment = "<p>Good week, follow up Acme's invoice.</p>"
        as_leader.action_review()
        self.assertEqual(report.state, "reviewed")
        self.assertEqual(report.reviewer_id, self.leader)
        read_type = self.env.ref("sales_mgmt_system.mail_activity_work_report_read")
        self.assertEqual(report.activity_ids.activity_type_id, read_type)
        self.assertEqual(report.activity_ids.user_id, self.member)

    def test_access_per_role(self):
        report = self.make_report(self.member)
        other = self.make_report(self.outsider)
        self.assertCanRead(self.member, report)
        self.assertCannotRead(self.member, other)
        self.assertCanRead(self.leader, report)
        self.assertCannotRead(self.leader, other)
        self.assertCanRead(self.all_docs, report | other)
        self.assertCanRead(self.manager, report | other)
        self.assertCannotRead(self.internal, report)
        self.assertCannotRead(self.other_company_user, report)
        with self.assertRaises(AccessError):
            other.with_user(self.member).write({"highlights": "<p>x</p>"})
        with self.assertRaises(AccessError):
            report.with_user(self.all_docs).write({"highlights": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.env["sales.work.report"].with_user(self.leader).create(
                {"user_id": self.member.id, "date_start": date(2025, 4, 7)}
            )
        with self.assertRaises(AccessError):
            report.with_user(self.leader).unlink()
        report.with_user(self.member).action_submit()
        with self.assertRaisesRegex(UserError, "can no longer be deleted"):
            report.with_user(self.member).unlink()

    def test_figures_are_read_with_grouped_queries_whatever_the_number_of_reports(self):
        reports = self.env["sales.work.report"].union(
            *(self.make_report(user) for user in (self.member, self.leader, self.outsider))
        )

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records._workflow()._fill_figures()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        one, three = queries(reports[0]), queries(reports)
        self.assertGreater(one, 5, "the figures are read from the database")
        # Only the final UPDATEs grow with the number of reports, never the reads.
        self.assertLessEqual(three - one, 2 * (len(reports) - 1))

    def test_team_rollup_sums_the_reports(self):
        member_report = self.make_report(self.member)
        self.make_order(self.leader, 300.0)
        leader_report = self.make_report(self.leader)
        self.make_report(self.outsider)  # another team
        member_report.with_user(self.member).action_submit()
        rollup = (
            self.env["sales.work.report.rollup"]
            .with_user(self.leader)
            .create({"team_id": self.team_led.id, "date": date(2025, 3, 12)})
        )
        self.assertEqual(rollup.report_ids, (member_report | leader_report).with_user(self.leader))
        self.assertEqual(rollup.report_count, 2)
        self.assertAlmostEqual(rollup.revenue, 800.0)
        self.assertEqual(rollup.new_leads, 1)
        self.assertAlmostEqual(rollup.target_value, 700.0)
        self.assertEqual(rollup.missing_user_ids, self.leader, "the leader has not submitted")

    def test_meeting_opens_the_previous_week_rollup(self):
        self.make_report(self.member)
        meeting = self.env["sales.meeting"].create(
            {
                "name": "Monday meeting",
                "team_id": self.team_led.id,
                "date": datetime(2025, 3, 17, 9),
            }
        )
        action = meeting.with_user(self.leader).action_open_rollup()
        rollup = self.env["sales.work.report.rollup"].browse(action["res_id"])
        self.assertEqual((rollup.date_start, rollup.date_end), WEEK)
        self.assertEqual(rollup.report_count, 1)

    def test_friday_reminder_once_to_those_who_have_not_submitted(self):
        submitted = self.make_report(self.leader)
        submitted.with_user(self.leader).action_submit()
        drafted = self.make_report(self.outsider)
        Report = self.env["sales.work.report"]
        reminded = Report._remind_missing_reports(FRIDAY, self.company, batch_size=1)
        self.assertIn(drafted, reminded)
        self.assertNotIn(submitted, reminded)
        member_report = reminded.filtered(lambda r: r.user_id == self.member)
        self.assertEqual((member_report.date_start, member_report.state), (WEEK[0], "draft"))
        self.assertEqual(member_report.won_deals, 1, "the draft is filled in")
        submit_type = self.env.ref("sales_mgmt_system.mail_activity_work_report_submit")
        self.assertEqual(member_report.activity_ids.activity_type_id, submit_type)
        self.assertEqual(member_report.activity_ids.user_id, self.member)
        # Run again: nobody is reminded twice, nothing is created.
        count = Report.search_count([])
        self.assertFalse(Report._remind_missing_reports(FRIDAY, self.company))
        self.assertEqual(Report.search_count([]), count)
        self.assertEqual(len(member_report.activity_ids), 1)
        # Submitting clears the reminder.
        member_report.with_user(self.member).action_submit()
        self.assertNotIn(submit_type, member_report.activity_ids.activity_type_id)

    def test_the_scheduled_action_reminds_only_on_fridays(self):
        Report = self.env["sales.work.report"]
        before = Report.search_count([])
        with self.mock_today(date(2025, 3, 13)):
            Report._cron_remind_work_reports()
        self.assertEqual(Report.search_count([]), before)
        with self.mock_today(FRIDAY):
            Report._cron_remind_work_reports()
        self.assertTrue(Report.search_count([("user_id", "=", self.member.id)]))

    def mock_today(self, day):
        return patch.object(
            type(self.env["sales.mgmt.measure"]), "_company_today", lambda self, company=None: day
        )


@tagged("post_install", "-at_install")
class TestTeamDemo(TeamCase):
    """The demo loader makes records of every model of the area, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sales.mgmt.demo"]._load_demo_data()

    def test_demo_records_of_every_model(self):
        trainings = self.demo_records("sales.training")
        self.assertEqual(set(trainings.mapped("state")), {"draft", "done", "submitted", "approved"})
        self.assertTrue(trainings.attendee_ids)
        meetings = self.demo_records("sales.meeting")
        self.assertEqual(set(meetings.mapped("state")), {"planned", "done"})
        items = meetings.action_item_ids
        self.assertTrue(items.filtered("done") and items.filtered("activity_id"))
        reports = self.demo_records("sales.work.report")
        self.assertEqual(set(reports.mapped("state")), {"draft", "submitted", "reviewed"})
        self.assertTrue(all(r.period == "week" and r.date_start.weekday() == 0 for r in reports))
        users = self.demo_records("res.users")
        roles = self.env["crm.team.member"].search([("user_id", "in", users.ids)])
        self.assertEqual(set(roles.mapped("sales_role")), {"leader", "account_manager"})

    def test_loading_again_adds_nothing(self):
        counts = {
            model: self.env[model].search_count([])
            for model in ("sales.training", "sales.meeting", "sales.work.report")
        }
        self.env["sales.mgmt.demo"]._load_demo_data()
        for model, count in counts.items():
            self.assertEqual(self.env[model].search_count([]), count, model)
