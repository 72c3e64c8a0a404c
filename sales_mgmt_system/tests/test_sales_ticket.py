from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .ticket_common import FRIDAY, TicketCase

MONDAY = datetime(2025, 3, 10)


@tagged("post_install", "-at_install")
class TestTicketSla(TicketCase):
    def test_friday_afternoon_ticket_is_due_monday_eleven(self):
        ticket = self.make_ticket()
        self.assertEqual(ticket.sla_id, self.sla)
        self.assertEqual(ticket.response_deadline, FRIDAY.replace(hour=17))
        self.assertEqual(ticket.resolution_deadline, MONDAY.replace(hour=11))
        self.assertEqual(ticket.resolution_risk_date, MONDAY.replace(hour=10))
        self.assertEqual(ticket.manager_escalation_date, MONDAY.replace(hour=13))
        self.assertTrue(ticket.number.startswith("TK"))

    def test_saturday_ticket_is_measured_from_monday_morning(self):
        ticket = self.make_ticket(date_received=datetime(2025, 3, 8, 10, 30))
        self.assertEqual(ticket.response_deadline, MONDAY.replace(hour=10))
        self.assertEqual(ticket.resolution_deadline, MONDAY.replace(hour=13))

    def test_category_policy_wins_over_the_priority_policy(self):
        special = self.env["sales.ticket.sla"].create(
            {
                "name": "Urgent repairs",
                "priority": "3",
                "category_id": self.category.id,
                "response_hours": 2,
                "resolution_hours": 8,
                "calendar_id": self.calendar.id,
            }
        )
        ticket = self.make_ticket(category_id=self.category.id)
        self.assertEqual(ticket.sla_id, special)
        self.assertEqual(ticket.resolution_deadline, MONDAY.replace(hour=15))
        ticket.category_id = False
        self.assertEqual(ticket.sla_id, self.sla)
        self.assertEqual(ticket.resolution_deadline, MONDAY.replace(hour=11))

    def test_status_follows_the_clock_and_search_agrees(self):
        ticket = self.make_ticket()
        Ticket = self.env["sales.ticket"]

        def check(moment, expected):
            with freeze_time(moment):
                ticket.invalidate_recordset(["sla_status"])
                self.assertEqual(ticket.sla_status, expected, moment)
                found = Ticket.search([("id", "=", ticket.id), ("sla_status", "=", expected)])
                self.assertEqual(found, ticket, f"search {expected} at {moment}")
                others = Ticket.search([("id", "=", ticket.id), ("sla_status", "!=", expected)])
                self.assertFalse(others)

        check(FRIDAY.replace(hour=16, minute=30), "on_track")
        check(FRIDAY.replace(hour=16, minute=45), "at_risk")  # 75% of the 1 h to answer
        with freeze_time(FRIDAY.replace(hour=16, minute=50)):
            ticket.action_respond()
        check(FRIDAY.replace(hour=17, minute=30), "on_track")
        check(MONDAY.replace(hour=10), "at_risk")  # 3 of the 4 hours used
        check(MONDAY.replace(hour=11), "breached")
        with freeze_time(MONDAY.replace(hour=12)):
            ticket.action_close()
        check(MONDAY.replace(hour=15), "breached")

    def test_closed_in_time_is_met_with_working_hours(self):
        ticket = self.make_ticket()
        with freeze_time(FRIDAY.replace(hour=16, minute=30)):
            ticket.action_respond()
        with freeze_time(MONDAY.replace(hour=10)):
            ticket.action_close()
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self.assertEqual(ticket.closed_date, MONDAY.replace(hour=10))
        self.assertEqual(ticket.sla_status, "met")
        self.assertAlmostEqual(ticket.first_response_hours, 0.5)
        self.assertAlmostEqual(ticket.resolution_time_hours, 3.0)

    def test_late_response_breaches_even_when_closed_in_time(self):
        ticket = self.make_ticket()
        with freeze_time(FRIDAY.replace(hour=17, minute=30)):
            ticket.action_respond()
        with freeze_time(MONDAY.replace(hour=9, minute=30)):
            ticket.action_close()
        self.assertTrue(ticket.sla_late)
        self.assertEqual(ticket.sla_status, "breached")

    def test_respond_is_recorded_once(self):
        ticket = self.make_ticket()
        with freeze_time(FRIDAY.replace(hour=16, minute=20)):
            ticket.action_respond()
        with freeze_time(FRIDAY.replace(hour=16, minute=40)):
            ticket.action_respond()
        self.assertEqual(ticket.first_response_date, FRIDAY.replace(hour=16, minute=20))

    def test_message_to_customer_is_a_response_and_a_note_is_not(self):
        ticket = self.make_ticket()
        ticket.with_user(self.member).message_post(
            body="Checking internally", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(ticket.first_response_date)
        ticket.with_user(self.member).message_post(
            body="We send a technician tomorrow",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        self.assertTrue(ticket.first_response_date)

    def test_customer_message_is_no_response(self):
        ticket = self.make_ticket()
        ticket.message_post(
            body="Any news?",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(ticket.first_response_date)

    def test_moving_to_a_closed_stage_closes_and_back_reopens(self):
        ticket = self.make_ticket()
        ticket.stage_id = self.stage_solved
        self.assertTrue(ticket.closed_date)
        self.assertTrue(ticket.first_response_date)
        ticket.stage_id = self.stage_new
        self.assertFalse(ticket.closed_date)

    def test_closing_sends_odoo_rating_request(self):
        ticket = self.make_ticket()
        ticket.action_close()
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "sales.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.customer)
        message = ticket.message_ids.filtered(lambda m: f"/rate/{rating.access_token}/5" in m.body)
        self.assertTrue(message, "the rating mail links to Odoo's rating page")
        ticket.rating_apply(5, token=rating.access_token, feedback="Quick and kind")
        self.assertEqual(ticket.rating_last_value, 5)

    def test_workflow_fields_are_not_written_directly(self):
        ticket = self.make_ticket()
        for field in ("closed_date", "first_response_date", "escalation_level"):
            with self.subTest(field=field), self.assertRaises(UserError):
                ticket.with_user(self.manager).write({field: "2025-03-07 17:00:00"})
        with self.assertRaises(UserError):
            ticket.write({"number": "X"})

    def test_sla_hours_must_be_positive(self):
        SLA = self.env["sales.ticket.sla"]
        for response, resolution in ((0, 4), (-1, 4), (1, 0), (5, 4)):
            with (
                self.subTest(response=response, resolution=resolution),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                SLA.create(
                    {
                        "name": "Bad",
                        "priority": "0",
                        "category_id": self.category.id,
                        "response_hours": response,
                        "resolution_hours": resolution,
                        "calendar_id": self.calendar.id,
                    }
                )

    def test_one_active_policy_per_priority_and_category(self):
        with self.assertRaises(ValidationError):
            self.env["sales.ticket.sla"].create(
                {
                    "name": "Twin",
                    "priority": "3",
                    "response_hours": 1,
                    "resolution_hours": 2,
                    "calendar_id": self.calendar.id,
                }
            )

    def test_form_defaults(self):
        with Form(self.env["sales.ticket"].with_user(self.member)) as form:
            form.name = "Broken screen"
            form.partner_id = self.customer
            form.priority = "3"
        ticket = form.record
        self.assertEqual(ticket.user_id, self.member)
        self.assertEqual(ticket.team_id, self.team_led)
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(ticket.email_from, "scope.customer@example.com")
        self.assertEqual(ticket.sla_id, self.sla)

    def test_batch_creation_fetches_working_time_once_per_calendar(self):
        Calendar = type(self.env["resource.calendar"])
        original = Calendar._work_intervals_batch
        calls = []

        def spy(calendar, *args, **kwargs):
            calls.append(calendar.id)
            return original(calendar, *args, **kwargs)

        with patch.object(Calendar, "_work_intervals_batch", spy):
            tickets = self.env["sales.ticket"].create(
                [
                    {
                        "name": f"Request {index}",
                        "partner_id": self.customer.id,
                        "priority": "3",
                        "date_received": datetime(2025, 3, 3 + index % 10, 8 + index % 12),
                    }
                    for index in range(60)
                ]
            )
            tickets.flush_recordset()
        self.assertEqual(calls, [self.calendar.id])
        self.assertTrue(all(tickets.mapped("resolution_deadline")))


@tagged("post_install", "-at_install")
class TestTicketEscalation(TicketCase):
    def escalate(self, moment):
        with freeze_time(moment):
            return self.env["sales.ticket"]._escalate(moment)

    def activities(self, ticket):
        return self.env["mail.activity"].search(
            [("res_model", "=", "sales.ticket"), ("res_id", "=", ticket.id)]
        )

    def test_assignee_then_leader_then_manager_each_once(self):
        ticket = self.make_ticket()
        with freeze_time(FRIDAY.replace(hour=16, minute=10)):
            ticket.action_respond()
        self.escalate(FRIDAY.replace(hour=17))
        self.assertFalse(ticket.escalation_level)
        self.assertFalse(self.activities(ticket))

        self.escalate(MONDAY.replace(hour=10, minute=15))
        self.assertEqual(ticket.escalation_level, "0")
        self.assertEqual(self.activities(ticket).user_id, self.member)
        messages = len(ticket.message_ids)
        self.escalate(MONDAY.replace(hour=10, minute=30))
        self.assertEqual(len(self.activities(ticket)), 1, "running again changes nothing")
        self.assertEqual(len(ticket.message_ids), messages)

        self.escalate(MONDAY.replace(hour=11, minute=15))
        self.assertEqual(ticket.escalation_level, "1")
        self.assertEqual(self.activities(ticket).user_id, self.member | self.leader)
        self.escalate(MONDAY.replace(hour=11, minute=30))
        self.assertEqual(len(self.activities(ticket)), 2)

        self.escalate(MONDAY.replace(hour=13, minute=15))
        self.assertEqual(ticket.escalation_level, "2")
        self.assertEqual(self.activities(ticket).user_id, self.member | self.leader | self.manager)
        self.assertEqual(ticket.sla_status_checked, "breached")
        self.escalate(MONDAY.replace(hour=14))
        self.assertEqual(len(self.activities(ticket)), 3)
        self.assertIn("Sales Manager", ticket.message_ids[0].body)

    def test_closed_tickets_are_not_escalated(self):
        ticket = self.make_ticket()
        ticket.action_close()
        self.escalate(MONDAY.replace(hour=15))
        self.assertFalse(ticket.escalation_level)

    def test_late_run_jumps_to_the_due_level(self):
        ticket = self.make_ticket()
        self.escalate(MONDAY.replace(hour=12))
        self.assertEqual(ticket.escalation_level, "1")
        self.assertEqual(self.activities(ticket).user_id, self.leader)

    def test_refreshes_the_checked_status(self):
        ticket = self.make_ticket(priority="3")
        ticket.action_respond()
        self.assertEqual(ticket.sla_status_checked, "breached")  # responded today, late
        fresh = self.make_ticket(date_received=MONDAY.replace(hour=9))
        with freeze_time(MONDAY.replace(hour=9)):
            fresh._compute_sla_status_checked()
        self.assertEqual(fresh.sla_status_checked, "on_track")
        self.escalate(MONDAY.replace(hour=9, minute=50))
        self.assertEqual(fresh.sla_status_checked, "at_risk")

    def test_query_count_does_not_grow_with_tickets(self):
        def run(count):
            self.env["sales.ticket"].search([]).action_close()
            for index in range(count):
                self.make_ticket(name=f"Load {index}")
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.escalate(MONDAY.replace(hour=12))
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        run(2)  # warm the caches (external ids, models, fields)
        self.assertEqual(run(3), run(12))

    def test_cron_record_calls_the_escalation(self):
        cron = self.env.ref("sales_mgmt_system.ir_cron_ticket_escalation")
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        ticket = self.make_ticket(date_received=datetime(2025, 1, 6, 9))
        cron.method_direct_trigger()
        self.assertEqual(ticket.escalation_level, "2")


@tagged("post_install", "-at_install")
class TestTicketFollowUp(TicketCase):
    def rating_of(self, ticket):
        return self.env["rating.rating"].search(
            [("res_model", "=", "sales.ticket"), ("res_id", "=", ticket.id)]
        )

    def test_the_customer_profile_counts_and_opens_its_tickets(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customer.id, "type": "contact"}
        )
        tickets = self.make_ticket() | self.make_ticket(partner_id=contact.id)
        self.assertEqual(self.customer.ticket_count, 2, "a contact's tickets count for its company")
        action = self.customer.with_user(self.member).action_open_sales_tickets()
        opened = self.env["sales.ticket"].with_user(self.member).search(action["domain"])
        self.assertEqual(opened, tickets)

    def test_resolution_plans_one_follow_up_visit_per_customer(self):
        first, second = self.make_ticket(), self.make_ticket(name="Second request")
        first.action_close()
        visit = first.visit_id
        self.assertTrue(visit)
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.state, "planned")
        self.assertEqual(visit.user_id, self.member, "the customer's salesperson visits")
        second.action_close()
        self.assertEqual(second.visit_id, visit, "never two open planned visits per customer")
        self.assertEqual(
            self.env["sales.visit"].search_count(
                [("partner_id", "=", self.customer.id), ("state", "=", "planned")]
            ),
            1,
        )

    def test_customer_rating_creates_ticket_feedback(self):
        ticket = self.make_ticket()
        ticket.action_close()
        token = self.rating_of(ticket).access_token
        ticket.rating_apply(5, token=token)
        feedback = ticket.feedback_ids
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.source, "ticket")
        self.assertEqual(feedback.category, "after_sales")
        self.assertEqual(feedback.csat, "5")
        self.assertEqual(feedback.partner_id, self.customer)
        self.assertEqual(feedback.sentiment, "positive")
        # The rating page's comment step applies the rating again: same feedback.
        ticket.rating_apply(1, token=token, feedback="Still broken")
        self.assertEqual(ticket.feedback_ids, feedback)
        self.assertEqual(feedback.csat, "1")
        self.assertEqual(feedback.comment, "Still broken")
        self.assertEqual(feedback.sentiment, "negative")
        self.assertTrue(feedback.follow_up_planned, "negative feedback gets its follow-up")

    def test_rating_without_customer_makes_no_feedback(self):
        ticket = self.make_ticket()
        ticket.action_close()
        rating = self.rating_of(ticket)
        ticket.partner_id = False
        ticket.rating_apply(3, rating=rating)
        self.assertFalse(ticket.feedback_ids)


@tagged("post_install", "-at_install")
class TestTicketBatchFollowers(TicketCase):
    def test_batch_create_subscribes_like_one_by_one(self):
        """A batch create adds the followers per group of assignees: each
        ticket ends with the same followers as when created alone."""
        Ticket = self.env["sales.ticket"].with_context(
            tracking_disable=False, mail_create_nosubscribe=False
        )
        partner = self.env["res.partner"].create({"name": "Batch Customer"})
        users = [self.leader, self.member, self.leader, False]
        vals_list = [
            {"name": f"Batch {n}", "partner_id": partner.id, "user_id": user and user.id}
            for n, user in enumerate(users)
        ]
        batch = Ticket.create([dict(vals) for vals in vals_list])
        alone = Ticket.browse()
        for vals in vals_list:
            alone |= Ticket.create(dict(vals))
        for in_batch, single, user in zip(batch, alone, users, strict=True):
            self.assertEqual(in_batch.message_partner_ids, single.message_partner_ids)
            if user:
                self.assertIn(user.partner_id, in_batch.message_partner_ids)
        self.assertNotIn(self.member.partner_id, batch[0].message_partner_ids)
        self.assertIsNone(batch.env.context.get("sales_ticket_deferred_subscribe"))

    def _batch_vals(self, count):
        users = [self.leader, self.member, False]
        return [
            {
                "name": f"Batch {n}",
                "partner_id": self.customer.id,
                "user_id": users[n % 3] and users[n % 3].id,
                "priority": str(n % 4),
                "date_received": FRIDAY.replace(hour=9 + n % 9, minute=n),
            }
            for n in range(count)
        ]

    def _batch_and_alone(self, count):
        """``count`` tickets created in one batch, and the same created one by one."""
        Ticket = self.env["sales.ticket"].with_context(
            tracking_disable=False, mail_create_nosubscribe=False, mail_create_nolog=False
        )
        vals_list = self._batch_vals(count)
        batch = Ticket.create([dict(vals) for vals in vals_list])
        alone = Ticket.browse()
        for vals in vals_list:
            alone |= Ticket.create(dict(vals))
        return batch, alone

    def test_batch_create_same_deadlines_and_messages(self):
        """A batch create gives each ticket the stage, SLA deadlines, creation
        message and followers it gets when created alone."""
        batch, alone = self._batch_and_alone(8)
        fnames = [
            "stage_id",
            "sla_id",
            "team_id",
            "response_deadline",
            "response_risk_date",
            "resolution_deadline",
            "resolution_risk_date",
            "manager_escalation_date",
        ]
        self.assertTrue(batch.filtered("resolution_deadline"))
        for in_batch, single in zip(batch, alone, strict=True):
            for fname in fnames:
                self.assertEqual(in_batch[fname], single[fname], fname)
            self.assertEqual(in_batch.message_partner_ids, single.message_partner_ids)
            self.assertEqual(in_batch.message_ids.mapped("body"), single.message_ids.mapped("body"))
            self.assertEqual(len(in_batch.message_ids), 1)

    def test_batch_creation_messages_and_followers_as_one_by_one(self):
        """The creation messages copied in SQL for a batch, and the followers
        inserted in SQL, hold what Odoo's own create gives one by one."""
        batch, alone = self._batch_and_alone(6)
        self.env.flush_all()
        self.env.invalidate_all()
        same = [
            "model",
            "message_type",
            "subtype_id",
            "author_id",
            "email_from",
            "reply_to",
            "is_internal",
            "subject",
            "body",
            "record_name",
            "record_company_id",
            "email_add_signature",
            "partner_ids",
            "attachment_ids",
            "notification_ids",
            "tracking_value_ids",
        ]

        def followers(ticket):
            return {
                (follower.partner_id, follower.subtype_ids)
                for follower in ticket.message_follower_ids
            }

        batch_messages = batch.message_ids
        self.assertEqual(len(batch_messages), len(batch))
        self.assertEqual(len(set(batch_messages.mapped("message_id"))), 1)
        for in_batch, single in zip(batch, alone, strict=True):
            message, single_message = in_batch.message_ids, single.message_ids
            self.assertEqual((message.model, message.res_id), ("sales.ticket", in_batch.id))
            for fname in same:
                self.assertEqual(message[fname], single_message[fname], fname)
            self.assertTrue(message.create_uid and message.date)
            self.assertEqual(followers(in_batch), followers(single))
        self.assertTrue(all(followers(ticket) for ticket in batch.filtered("user_id")))
        # The copied messages are found through the documents right away.
        fresh = (
            self.env["sales.ticket"]
            .with_context(
                tracking_disable=False, mail_create_nosubscribe=False, mail_create_nolog=False
            )
            .create(self._batch_vals(3))
        )
        for ticket in fresh:
            self.assertEqual(ticket.message_ids.mapped("res_id"), [ticket.id])
            self.assertEqual(len(ticket.message_follower_ids), len(followers(ticket)))

    def test_batch_log_with_different_bodies_is_odoo_s(self):
        """Different notes on a batch (escalations) are logged by Odoo, not copied."""
        tickets = self.env["sales.ticket"].create(self._batch_vals(3))
        tickets._message_log_batch(bodies={ticket.id: ticket.number for ticket in tickets})
        for ticket in tickets:
            self.assertIn(ticket.number, ticket.message_ids[0].body)

    def test_sla_matcher_is_match(self):
        """The indexed policy matcher gives the policy ``_match`` gives."""
        special = self.env["sales.ticket.sla"].create(
            {
                "name": "Urgent repairs",
                "priority": "3",
                "category_id": self.category.id,
                "response_hours": 2,
                "resolution_hours": 8,
                "calendar_id": self.calendar.id,
            }
        )
        other_category = self.env["sales.ticket.category"].create({"name": "Test Other"})
        policies = self.env["sales.ticket.sla"].search([])
        match = policies._matcher()
        company = self.env.company
        for priority in ("0", "1", "2", "3"):
            for category in (self.category, other_category, self.category.browse()):
                self.assertEqual(
                    match(company, priority, category),
                    policies._match(company, priority, category),
                    (priority, category.name),
                )
        self.assertEqual(match(company, "3", self.category), special)
        self.assertEqual(match(company, "3", other_category), self.sla)

    def test_batch_create_queries_flat(self):
        """The queries of a batch create do not grow with its tickets."""
        Ticket = self.env["sales.ticket"].with_context(
            tracking_disable=False, mail_create_nosubscribe=False, mail_create_nolog=False
        )
        Ticket.create(self._batch_vals(3))  # warm the caches
        self.env.flush_all()
        counts = []
        for count in (6, 30):
            vals_list = self._batch_vals(count)
            self.env.invalidate_all()
            queries = self.cr.sql_log_count
            Ticket.create(vals_list)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - queries)
        self.assertEqual(counts[0], counts[1])


@tagged("post_install", "-at_install")
class TestTicketCompanyCheck(TicketCase):
    def test_other_company_customer_refused(self):
        """The set-based company check still refuses another company's records."""
        partner = self.env["res.partner"].create(
            {"name": "Other Company Customer", "company_id": self.other_company.id}
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.env["sales.ticket"].create(
                [
                    {"name": "Fine", "partner_id": self.customer.id},
                    {"name": "Wrong", "partner_id": partner.id},
                ]
            )
        ticket = self.make_ticket()
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            ticket.partner_id = partner
