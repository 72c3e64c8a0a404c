from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .deals_common import DealsCase


@tagged("post_install", "-at_install")
class TestSalesRisk(DealsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Risk = cls.env["sales.risk"]
        cls.today = cls.env["sales.mgmt.measure"]._company_today()
        cls.params = cls.env["ir.config_parameter"]
        cls.params.set_param("sales_mgmt_system.risk_stale_days", 30)
        cls.params.set_param("sales_mgmt_system.risk_concentration_pct", 30)

    def detect(self, today=None):
        return self.Risk._detect_risks(self.env.company, today=today)

    def risk_of(self, source, record):
        return self.Risk.search([("source", "=", source), ("res_id", "=", record.id)])

    def push(self, leads, times=3):
        """Move the expected closing of ``leads`` ``times`` times later, in batch writes."""
        start = max([self.today, *(d for d in leads.mapped("date_deadline") if d)])
        if not all(leads.mapped("date_deadline")):
            leads.write({"date_deadline": start})  # a first date is no push
        for weeks in range(1, times + 1):
            leads.write({"date_deadline": start + timedelta(weeks=weeks)})

    # ------------------------------------------------------------------
    # The register

    def test_score_and_level(self):
        cases = [(1, 4, 4, "low"), (3, 3, 9, "medium"), (4, 4, 16, "high"), (4, 5, 20, "critical")]
        for probability, impact, score, level in cases:
            with self.subTest(probability=probability, impact=impact):
                risk = self.Risk.create({"name": "R", "probability": probability, "impact": impact})
                self.assertEqual((risk.score, risk.level), (score, level))

    def test_probability_and_impact_outside_1_5_are_refused(self):
        for vals in ({"probability": 0}, {"probability": 6}, {"impact": 0}, {"impact": 9}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                self.Risk.create({"name": "Out of scale", **vals})
            self.assertIn("go from 1 to 5", str(caught.exception))

    def test_other_company_records_are_refused(self):
        """The set-based company check refuses what Odoo's check refuses."""
        partner = self.env["res.partner"].create(
            {"name": "Other Company Customer", "company_id": self.other_company.id}
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.Risk.create(
                [{"name": "Fine"}, {"name": "Wrong customer", "partner_id": partner.id}]
            )
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.Risk.create({"name": "Wrong owner", "user_id": self.other_company_user.id})

    def test_form_and_buttons(self):
        form = Form(self.Risk.with_user(self.member))
        form.name = "Key customer may switch"
        form.category = "customer"
        form.probability = 4
        form.impact = 3
        self.assertEqual(form.score, 12)
        self.assertEqual(form.level, "high")
        risk = form.save()
        self.assertEqual(risk.user_id, self.member)
        risk.action_monitor()
        self.assertEqual(risk.state, "monitoring")
        risk.action_close()
        self.assertEqual(
            (risk.state, risk.date_closed), ("closed", fields.Date.context_today(risk))
        )
        risk.action_open()
        self.assertFalse(risk.date_closed)

    def test_only_detection_sets_where_a_risk_comes_from(self):
        with self.assertRaises(UserError):
            self.Risk.create({"name": "Fake", "source": "stale_deal"})
        risk = self.Risk.create({"name": "Mine"})
        self.assertEqual(risk.source, "manual")
        for vals in ({"source": "concentration"}, {"res_id": 1}, {"cause_present": True}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                risk.write(vals)

    # ------------------------------------------------------------------
    # Detection

    def test_slipped_close_counts_later_dates_only_and_batch_writes(self):
        first, second = self.make_lead(self.member), self.make_lead(self.outsider)
        first.date_deadline = self.today + timedelta(days=10)
        (first | second).write({"date_deadline": self.today + timedelta(days=20)})
        self.assertEqual(first.close_date_push_count, 1)
        self.assertEqual(second.close_date_push_count, 0, "a first date is not a push")
        (first | second).write({"date_deadline": self.today + timedelta(days=5)})
        self.assertEqual((first | second).mapped("close_date_push_count"), [1, 0])
        (first | second).write({"date_deadline": self.today + timedelta(days=30)})
        self.assertEqual((first | second).mapped("close_date_push_count"), [2, 1])

    def test_slipped_close_risk_closes_and_reopens_the_same_row(self):
        lead = self.make_lead(self.member)
        self.push(lead, times=2)
        self.detect()
        self.assertFalse(self.risk_of("slipped_close", lead), "pushed twice is not more than twice")
        self.push(lead, times=3)
        self.assertEqual(lead.close_date_push_count, 5)
        self.detect()
        risk = self.risk_of("slipped_close", lead)
        self.assertEqual(len(risk), 1)
        self.assertEqual(
            (risk.state, risk.cause_present, risk.lead_id, risk.user_id, risk.res_model),
            ("open", True, lead, self.member, "crm.lead"),
        )
        self.assertEqual(risk.display_name, f"Slipped Close Date: {lead.name}")
        # Won: the cause is gone and the risk closes.
        lead.stage_id = self.stage_won
        self.detect()
        self.assertEqual((risk.state, risk.cause_present), ("closed", False))
        self.assertEqual(risk.date_closed, self.today)
        # Back in an open stage: the same row reopens.
        lead.stage_id = self.stage_open
        self.detect()
        self.assertEqual(self.risk_of("slipped_close", lead), risk)
        self.assertEqual((risk.state, risk.cause_present, risk.date_closed), ("open", True, False))

    def test_running_twice_changes_nothing(self):
        lead = self.make_lead(self.member)
        self.push(lead)
        self.detect()
        self.env.flush_all()
        snapshot = self.Risk.search_read([], ["state", "cause_present", "write_date"], order="id")
        counts = self.detect()
        self.assertEqual(set(counts.values()), {0})
        self.env.flush_all()
        self.assertEqual(
            self.Risk.search_read([], ["state", "cause_present", "write_date"], order="id"),
            snapshot,
        )

    def test_a_risk_closed_by_hand_stays_closed_while_its_cause_lasts(self):
        lead = self.make_lead(self.member)
        self.push(lead)
        self.detect()
        risk = self.risk_of("slipped_close", lead)
        risk.action_close()
        self.detect()
        self.assertEqual(risk.state, "closed")
        lead.action_set_lost()
        self.detect()
        lead.action_unarchive()
        lead.stage_id = self.stage_open
        self.detect()
        self.assertEqual(risk.state, "open", "a cause back after going reopens it")

    def backdate(self, leads, days):
        self.env.flush_all()
        moment = fields.Datetime.now() - timedelta(days=days)
        self.env.cr.execute(
            SQL(
                "UPDATE crm_lead SET create_date = %s, date_last_stage_update = %s"
                " WHERE id = ANY(%s)",
                moment,
                moment,
                leads.ids,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message SET date = %s WHERE model = 'crm.lead' AND res_id = ANY(%s)",
                moment,
                leads.ids,
            )
        )
        leads.invalidate_recordset()

    def test_stale_deals_follow_the_setting_and_activity(self):
        stale, fresh = self.make_lead(self.member), self.make_lead(self.member)
        self.backdate(stale | fresh, 40)
        fresh.message_post(body="Called the buyer", message_type="comment")
        self.detect()
        risk = self.risk_of("stale_deal", stale)
        self.assertEqual(risk.category, "operational")
        self.assertFalse(self.risk_of("stale_deal", fresh))
        self.params.set_param("sales_mgmt_system.risk_stale_days", 60)
        self.detect()
        self.assertEqual(risk.state, "closed", "not stale under the new setting")
        self.params.set_param("sales_mgmt_system.risk_stale_days", 30)
        self.detect()
        self.assertEqual(risk.state, "open")
        stale.message_post(body="Sent the proposal", message_type="comment")
        self.detect()
        self.assertEqual(risk.state, "closed", "a message is activity")

    def test_detection_queries_do_not_grow_with_the_deals(self):
        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.detect()
            return self.env.cr.sql_log_count - before

        leads = self.make_lead(self.member) | self.make_lead(self.outsider)
        self.backdate(leads, 40)
        self.detect()
        few = queries()
        more = self.env["crm.lead"].union(*(self.make_lead(self.member) for _n in range(8)))
        self.backdate(more, 40)
        self.push(more)
        self.detect()
        self.assertEqual(len(self.Risk.search([("lead_id", "in", more.ids)])), 16)
        self.assertEqual(queries(), few)

    def test_customer_concentration(self):
        big = self.env["res.partner"].create({"name": "Whale Ltd", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Whale Buyer", "parent_id": big.id})
        order = self.make_order(contact, 100_000_000.0)
        order.action_confirm()
        self.detect()
        risk = self.risk_of("concentration", big)
        self.assertEqual(
            (risk.res_model, risk.partner_id, risk.category), ("res.partner", big, "customer")
        )
        self.params.set_param("sales_mgmt_system.risk_concentration_pct", 99.99)
        self.detect()
        self.assertEqual(risk.state, "closed")
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"sales_risk_concentration_pct": 120})

    def test_overdue_receivables(self):
        debtor = self.env["res.partner"].create({"name": "Late Payer", "user_id": self.member.id})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": self.today - timedelta(days=60),
                "invoice_date_due": self.today - timedelta(days=30),
                "invoice_line_ids": [
                    Command.create({"name": "Service", "quantity": 1, "price_unit": 500.0})
                ],
            }
        )
        invoice.action_post()
        self.detect()
        risk = self.risk_of("overdue_receivable", debtor)
        self.assertEqual((risk.category, risk.user_id), ("credit", self.member))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.detect()
        self.assertEqual(risk.state, "closed")

    def test_detection_works_in_batches_and_reports_progress(self):
        leads = self.env["crm.lead"].union(*(self.make_lead(self.member) for _n in range(5)))
        self.push(leads)
        self.detect()  # everything else of the database is registered
        leads.action_set_won()
        IrCron = type(self.env["ir.cron"])
        with patch.object(IrCron, "_notify_progress", autospec=True) as notify:
            counts = self.Risk._detect_risks(self.env.company, batch_size=2)
        self.assertEqual(counts["close"], 5)
        progress = [
            (call.kwargs["done"], call.kwargs["remaining"]) for call in notify.call_args_list
        ]
        self.assertEqual(progress, [(2, 3), (4, 1), (5, 0)])

    def test_scheduled_action_runs_the_detection(self):
        cron = self.env.ref("sales_mgmt_system.ir_cron_risk_detection")
        self.assertEqual(cron.code.strip(), "model._cron_detect_risks()")
        lead = self.make_lead(self.member)
        self.push(lead)
        self.Risk._cron_detect_risks()
        self.assertTrue(self.risk_of("slipped_close", lead))

    # ------------------------------------------------------------------
    # Access

    def test_salespeople_see_risks_of_their_deals_and_customers(self):
        member_lead, outsider_lead = self.make_lead(self.member), self.make_lead(self.outsider)
        own_customer = self.env["res.partner"].create({"name": "Mine", "user_id": self.member.id})
        on_lead = self.Risk.create({"name": "On lead", "lead_id": member_lead.id, "user_id": False})
        on_customer = self.Risk.create(
            {"name": "On customer", "partner_id": own_customer.id, "user_id": False}
        )
        owned = self.Risk.create({"name": "Owned", "user_id": self.member.id})
        others = self.Risk.create(
            {"name": "Elsewhere", "lead_id": outsider_lead.id, "user_id": self.outsider.id}
        )
        of_member = on_lead | on_customer | owned
        self.assertCanRead(self.member, of_member)
        self.assertCannotRead(self.member, others)
        self.assertCanRead(self.leader, of_member)
        self.assertCannotRead(self.leader, others)
        self.assertCanRead(self.outsider, others)
        self.assertCannotRead(self.outsider, of_member)
        self.assertCanRead(self.all_docs, of_member | others)
        self.assertCanRead(self.manager, of_member | others)
        self.assertCannotRead(self.internal, others)
        self.assertCannotRead(self.other_company_user, others)

    def test_salespeople_write_their_risks_but_not_others_nor_delete(self):
        own = self.Risk.create({"name": "Mine", "user_id": self.member.id})
        others = self.Risk.create({"name": "Theirs", "user_id": self.outsider.id})
        own.with_user(self.member).write({"probability": 5, "measures": "<p>Call weekly</p>"})
        self.assertEqual(own.score, 15)
        with self.assertRaises(AccessError):
            others.with_user(self.member).write({"probability": 1})
        with self.assertRaises(AccessError):
            own.with_user(self.member).unlink()
        with self.assertRaises(AccessError):
            self.Risk.with_user(self.member).create(
                {"name": "For him", "user_id": self.outsider.id}
            )
        with self.assertRaises(UserError):
            own.with_user(self.member).write({"source": "stale_deal"})
        with self.assertRaises(AccessError):
            self.Risk.with_user(self.member).action_detect_risks()
        others.with_user(self.manager).unlink()
        result = self.Risk.with_user(self.manager).action_detect_risks()
        self.assertEqual(result["tag"], "display_notification")
