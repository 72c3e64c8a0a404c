from datetime import datetime, time, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from ..core.customers import rfm_scores
from .common import SalesMgmtCase


class CustomerCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lifecycle = cls.env["sales.customer.lifecycle"]
        cls.today = cls.env["sales.mgmt.measure"]._company_today()
        cls.product = cls.env["product.product"].create(
            {"name": "Lifecycle Widget", "list_price": 100.0, "type": "service"}
        )
        cls.product_b = cls.env["product.product"].create(
            {"name": "Lifecycle Gadget", "list_price": 10.0, "type": "service"}
        )
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in {
            "loyal_min_orders": 4,
            "loyal_min_revenue": 1000000,
            "loyal_window_days": 365,
            "at_risk_days": 90,
            "churned_days": 180,
            "rfm_window_days": 365,
        }.items():
            params.set_param(f"sales_mgmt_system.{key}", value)
        # Playbook actions of the demo would plan activities in every test.
        cls.env["sales.lifecycle.action"].search([]).active = False

    @classmethod
    def make_customer(cls, name, **values):
        return cls.env["res.partner"].create({"name": name, "is_company": True, **values})

    @classmethod
    def make_order(cls, partner, amount, days_ago, product=None, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.member.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": (product or cls.product).id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": False,
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = datetime.combine(cls.today - timedelta(days=days_ago), time(12))
        return order

    def refresh(self):
        self.Lifecycle._refresh_all(today=self.today)


@tagged("post_install", "-at_install")
class TestCustomerProfile(CustomerCase):
    def test_profile_figures_on_the_commercial_entity(self):
        company = self.make_customer("Profile Co")
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": company.id})
        self.make_order(company, 300.0, 200)
        self.make_order(contact, 100.0, 10)
        self.refresh()
        self.assertEqual(company.customer_order_count, 2)
        self.assertAlmostEqual(company.customer_revenue, 400.0)
        self.assertAlmostEqual(company.avg_order_value, 200.0)
        self.assertEqual(company.first_order_date, self.today - timedelta(days=200))
        self.assertEqual(company.last_order_date, self.today - timedelta(days=10))
        self.assertEqual(company.lifecycle_stage, "repeat")
        self.assertFalse(contact.customer_order_count, "the contact shares its company's")
        action = contact.action_open_commercial_profile()
        self.assertEqual(action["res_id"], company.id)
        orders = self.env["sale.order"].search(company.action_view_customer_orders()["domain"])
        self.assertEqual(len(orders), 2)

    def test_lifecycle_stages_from_the_order_history(self):
        prospect = self.make_customer("Prospect")
        self.env["crm.lead"].create(
            {"name": "Deal", "type": "opportunity", "partner_id": prospect.id}
        )
        first = self.make_customer("First")
        self.make_order(first, 100.0, 5)
        repeat = self.make_customer("Repeat")
        self.make_order(repeat, 100.0, 50)
        self.make_order(repeat, 100.0, 5)
        loyal = self.make_customer("Loyal")
        for days in (10, 40, 80, 120):
            self.make_order(loyal, 100.0, days)
        at_risk = self.make_customer("At Risk")
        self.make_order(at_risk, 100.0, 100)
        churned = self.make_customer("Churned")
        self.make_order(churned, 100.0, 400)
        nobody = self.make_customer("Nobody")
        self.refresh()
        stages = {
            partner: partner.lifecycle_stage
            for partner in (prospect, first, repeat, loyal, at_risk, churned, nobody)
        }
        self.assertEqual(
            list(stages.values()),
            ["prospect", "first_purchase", "repeat", "loyal", "at_risk", "churned", False],
        )
        # Each confirmation refreshed the customer: first, second, then loyal.
        history = self.env["sales.lifecycle.history"].search(
            [("partner_id", "=", loyal.id)], order="id"
        )
        self.assertEqual(
            [(h.stage_from, h.stage_to) for h in history],
            [(False, "first_purchase"), ("first_purchase", "repeat"), ("repeat", "loyal")],
        )

    def test_stages_move_both_ways_and_every_change_is_recorded(self):
        customer = self.make_customer("Moving")
        orders = [self.make_order(customer, 100.0, days) for days in (10, 30, 60, 85)]
        self.refresh()
        self.assertEqual(customer.lifecycle_stage, "loyal")
        # Nothing bought for 120 days: the loyal customer is at risk.
        for order in orders:
            order.date_order = order.date_order - timedelta(days=110)
        self.refresh()
        self.assertEqual(customer.lifecycle_stage, "at_risk")
        # Buying again (confirming refreshes the customer at once) brings it back.
        self.make_order(customer, 100.0, 0)
        self.assertEqual(customer.lifecycle_stage, "loyal")
        history = self.env["sales.lifecycle.history"].search(
            [("partner_id", "=", customer.id)], order="id"
        )
        self.assertEqual(
            [(h.stage_from, h.stage_to) for h in history][-3:],
            [("repeat", "loyal"), ("loyal", "at_risk"), ("at_risk", "loyal")],
        )

    def test_confirming_and_cancelling_an_order_refresh_its_customer(self):
        customer = self.make_customer("Targeted")
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": customer.id})
        order = self.make_order(contact, 250.0, 0)
        self.assertEqual(customer.customer_order_count, 1)
        self.assertEqual(customer.lifecycle_stage, "first_purchase")
        order._action_cancel()
        self.assertEqual(customer.customer_order_count, 0)
        self.assertFalse(customer.lifecycle_stage)
        self.assertEqual(
            self.env["sales.lifecycle.history"]
            .search([("partner_id", "=", customer.id)], order="id")
            .mapped("stage_to"),
            ["first_purchase", False],
        )

    def test_rerunning_changes_nothing(self):
        customer = self.make_customer("Stable")
        self.make_order(customer, 100.0, 20)
        self.refresh()
        histories = self.env["sales.lifecycle.history"].search_count([])
        self.env.cr.execute(SQL("SELECT max(write_date) FROM res_partner"))
        self.refresh()
        self.assertEqual(self.env["sales.lifecycle.history"].search_count([]), histories)
        changed = self.Lifecycle._write_in_batches(
            self.Lifecycle._current_profiles(),
            self.Lifecycle._current_profiles(),
            100,
            False,
            with_rfm=True,
        )
        self.assertFalse(changed)

    def test_rfm_scores_follow_the_core_over_the_window_customers(self):
        champion = self.make_customer("Champion")
        for days in range(0, 60, 2):
            self.make_order(champion, 10000000.0, days)
        sleeper = self.make_customer("Sleeper")
        self.make_order(sleeper, 1.0, 360)
        outside = self.make_customer("Outside")
        self.make_order(outside, 100.0, 500)
        self.refresh()
        self.assertEqual(
            (champion.rfm_recency, champion.rfm_frequency, champion.rfm_monetary), (5, 5, 5)
        )
        self.assertEqual(champion.rfm_segment, "champions")
        self.assertEqual(sleeper.rfm_recency, 1)
        self.assertFalse(outside.rfm_segment, "no order in the RFM window, no score")
        # The stored scores are the core's over the same figures.
        history = self.Lifecycle._order_history(self.today, self.Lifecycle._thresholds())
        expected = rfm_scores(
            {
                pid: ((self.today - row[3]).days, row[6], float(row[7]))
                for pid, row in history.items()
                if row[6]
            }
        )
        self.assertEqual(
            (sleeper.rfm_recency, sleeper.rfm_frequency, sleeper.rfm_monetary),
            expected[sleeper.id],
        )

    def test_recommendations_from_co_purchases(self):
        both = self.make_customer("Bought Both")
        self.make_order(both, 100.0, 10)
        self.make_order(both, 10.0, 12, product=self.product_b)
        only_a = self.make_customer("Bought A")
        self.make_order(only_a, 100.0, 5)
        self.refresh()
        self.assertIn(self.product_b, only_a.recommendation_ids.product_id)
        self.assertNotIn(self.product, only_a.recommendation_ids.product_id)
        self.assertFalse(
            both.recommendation_ids
            & both.recommendation_ids.filtered(
                lambda r: r.product_id in (self.product | self.product_b)
            )
        )


@tagged("post_install", "-at_install")
class TestLifecyclePlaybook(CustomerCase):
    def test_actions_run_once_per_transition(self):
        call = self.env.ref("mail.mail_activity_data_call")
        template = self.env["mail.template"].create(
            {
                "name": "Win back",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "We miss you",
                "body_html": "<p>Come back</p>",
            }
        )
        self.env["sales.lifecycle.action"].create(
            {
                "stage": "at_risk",
                "activity_type_id": call.id,
                "summary": "Win-back call",
                "delay_days": 2,
                "mail_template_id": template.id,
            }
        )
        customer = self.make_customer("Quiet", user_id=self.member.id, email="q@example.com")
        self.make_order(customer, 100.0, 120)
        self.refresh()
        activities = customer.activity_ids.filtered(lambda a: a.summary == "Win-back call")
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.member)
        self.assertEqual(
            activities.date_deadline, fields.Date.context_today(self.env.user) + timedelta(days=2)
        )
        mails = self.env["mail.mail"].search([("subject", "=", "We miss you")])
        self.assertEqual(len(mails), 1)
        self.refresh()
        self.assertEqual(
            len(customer.activity_ids.filtered(lambda a: a.summary == "Win-back call")), 1
        )
        self.assertEqual(self.env["mail.mail"].search_count([("subject", "=", "We miss you")]), 1)

    def test_negative_delay_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["sales.lifecycle.action"].create({"stage": "loyal", "delay_days": -1})


@tagged("post_install", "-at_install")
class TestLifecycleQueryCount(CustomerCase):
    """The daily run costs the same queries for 10 or 100 changed customers."""

    QUERIES = 20

    def stop_buying(self, orders, days):
        """Date ``orders`` ``days`` ago: their customers change stage on the next run."""
        orders.date_order = datetime.combine(self.today - timedelta(days=days), time(12))
        self.env.flush_all()
        # Drain what earlier steps left for the commit (bus notifications), so
        # that only the refresh is counted.
        self.env.cr.precommit.run()

    def new_orders(self, count):
        customers = self.env["res.partner"].create(
            [{"name": f"Batch {i}", "is_company": True} for i in range(count)]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "order_line": [
                        fields.Command.create(
                            {"product_id": self.product.id, "price_unit": 10.0 + i}
                        )
                    ],
                }
                for i, customer in enumerate(customers)
            ]
        )
        orders.action_confirm()
        return orders

    def test_query_count_for_10_and_100_customers(self):
        first_ten = self.new_orders(10)
        self.refresh()  # warm up
        self.stop_buying(first_ten, 100)
        with self.assertQueryCount(self.QUERIES):
            self.refresh()
        self.assertEqual(set(first_ten.partner_id.mapped("lifecycle_stage")), {"at_risk"})
        hundred = first_ten | self.new_orders(90)
        self.stop_buying(hundred, 200)
        with self.assertQueryCount(self.QUERIES):
            self.refresh()
        self.assertEqual(set(hundred.partner_id.mapped("lifecycle_stage")), {"churned"})
        self.assertEqual(
            self.env["sales.lifecycle.history"].search_count(
                [("partner_id", "in", hundred.partner_id.ids), ("stage_to", "=", "churned")]
            ),
            100,
        )


@tagged("post_install", "-at_install")
class TestThresholdSettings(CustomerCase):
    def test_bad_thresholds_are_refused(self):
        for values, message in (
            ({"sales_loyal_min_orders": 0}, "greater than zero"),
            ({"sales_loyal_min_revenue": -5.0}, "greater than zero"),
            ({"sales_at_risk_days": 0}, "greater than zero"),
            ({"sales_at_risk_days": 90, "sales_churned_days": 90}, "more than"),
            ({"sales_at_risk_days": 120, "sales_churned_days": 60}, "more than"),
        ):
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                self.env["res.config.settings"].create(values)

    def test_settings_are_read_by_the_refresh(self):
        settings = self.env["res.config.settings"].create(
            {"sales_at_risk_days": 30, "sales_churned_days": 60}
        )
        settings.execute()
        thresholds = self.Lifecycle._thresholds()
        self.assertEqual((thresholds.at_risk_days, thresholds.churned_days), (30, 60))
        customer = self.make_customer("Settings")
        self.make_order(customer, 100.0, 45)
        self.refresh()
        self.assertEqual(customer.lifecycle_stage, "at_risk")


@tagged("post_install", "-at_install")
class TestCustomerAccess(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_p = cls.make_customer("Access Customer", user_id=cls.member.id)
        cls.make_order(cls.customer_p, 500.0, 10)
        cls.segment = cls.env["sales.segment"].create(
            {"name": "Access Segment", "rule_type": "domain", "domain": "[]"}
        )
        cls.action = cls.env["sales.lifecycle.action"].create({"stage": "loyal"})
        cls.Lifecycle._refresh_all(today=cls.today)

    def test_salespeople_read_the_profile_of_customers_they_may_read(self):
        for user in (self.member, self.outsider, self.leader, self.all_docs, self.manager):
            with self.subTest(user=user.login):
                partner = self.customer_p.with_user(user)
                self.assertEqual(partner.customer_order_count, 1)
                self.assertAlmostEqual(partner.customer_revenue, 500.0)
                self.assertTrue(partner.lifecycle_history_ids)
                self.assertCanRead(user, self.segment)

    def test_users_without_sales_rights_do_not_see_the_profile(self):
        partner = self.customer_p.with_user(self.internal)
        with self.assertRaises(AccessError):
            partner.read(["customer_revenue"])
        self.assertCannotRead(self.internal, self.segment)

    def test_other_company_does_not_see_the_segments(self):
        self.assertCannotRead(self.other_company_user, self.segment)

    def test_configuration_is_for_managers(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["sales.segment"].with_user(user).create(
                        {"name": "Mine", "rule_type": "domain", "domain": "[]"}
                    )
                with self.assertRaises(AccessError):
                    self.segment.with_user(user).write({"name": "Renamed"})
                with self.assertRaises(AccessError):
                    self.segment.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["sales.lifecycle.action"].with_user(user).create({"stage": "loyal"})
                with self.assertRaises(AccessError):
                    self.action.with_user(user).read(["stage"])
                with self.assertRaises(AccessError):
                    self.env["sales.segment.offer"].with_user(user).create(
                        {"name": "Offer", "segment_id": self.segment.id}
                    )
                with self.assertRaises(AccessError):
                    self.customer_p.lifecycle_history_ids[:1].with_user(user).unlink()
        segment = (
            self.env["sales.segment"]
            .with_user(self.manager)
            .create({"name": "Managed", "rule_type": "domain", "domain": "[]"})
        )
        segment.action_refresh()
        self.env["sales.lifecycle.action"].with_user(self.manager).create({"stage": "prospect"})
        self.env["sales.segment.offer"].with_user(self.manager).create(
            {"name": "Offer", "segment_id": segment.id}
        )

    def test_history_is_written_by_the_refresh_only(self):
        for user in (self.member, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["sales.lifecycle.history"].with_user(user).create(
                    {"partner_id": self.customer_p.id, "stage_to": "loyal"}
                )


@tagged("post_install", "-at_install")
class TestSegments(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.country = cls.env.ref("base.fr")
        cls.tag = cls.env["res.partner.category"].create({"name": "Segment Tag"})
        cls.french = cls.make_customer("French", country_id=cls.country.id, email="fr@example.com")
        cls.tagged_p = cls.make_customer("Tagged", category_id=[(6, 0, cls.tag.ids)])
        cls.env["res.partner"].create({"name": "French Contact", "parent_id": cls.french.id})

    def segment(self, **values):
        return self.env["sales.segment"].create({"name": "Test Segment", **values})

    def test_members_by_region_tags_domain_and_rfm(self):
        region = self.segment(rule_type="region", country_ids=[(6, 0, self.country.ids)])
        tags = self.segment(rule_type="tags", category_ids=[(6, 0, self.tag.ids)])
        domain = self.segment(rule_type="domain", domain="[('name', '=like', 'Tagg%')]")
        self.make_order(self.french, 100.0, 1)
        rfm = self.segment(
            rule_type="rfm",
            rfm_segments="champions, loyal ,potential_loyalist,new,promising,need_attention",
        )
        self.refresh()
        self.assertEqual(region.partner_ids, self.french, "commercial entities only")
        self.assertEqual(tags.partner_ids, self.tagged_p)
        self.assertEqual(domain.partner_ids, self.tagged_p)
        self.assertIn(self.french, rfm.partner_ids)
        self.assertEqual(region.partner_count, 1)
        self.assertIn(region, self.french.segment_ids)
        self.assertTrue(region.last_refresh)
        # On demand, after a change.
        self.tagged_p.country_id = self.country
        region.action_refresh()
        self.assertEqual(region.partner_ids, self.french | self.tagged_p)
        region.action_refresh()
        self.assertEqual(region.partner_count, 2, "refreshing again changes nothing")

    def test_a_malformed_domain_is_refused_when_saved(self):
        for domain in ("[('name', '=',", "[('no_such_field', '=', 1)]", "42"):
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(ValidationError, "not a valid customer filter"),
            ):
                self.segment(rule_type="domain", domain=domain)

    def test_unknown_rfm_codes_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "Unknown: best"):
            self.segment(rule_type="rfm", rfm_segments="champions,best")

    def test_an_offer_needs_a_segment(self):
        with self.assertRaisesRegex(ValidationError, "has no segment"):
            self.env["sales.segment.offer"].create({"name": "Lonely Offer"})
        offer = self.env["sales.segment.offer"].create(
            {"name": "Offer", "segment_id": self.segment(rule_type="domain").id}
        )
        with self.assertRaisesRegex(ValidationError, "has no segment"):
            offer.segment_id = False

    def test_offer_is_sent_with_the_mass_mail_composer_to_members_with_an_email(self):
        segment = self.segment(rule_type="region", country_ids=[(6, 0, self.country.ids)])
        no_email = self.make_customer("No Email", country_id=self.country.id)
        segment.action_refresh()
        offer = self.env["sales.segment.offer"].create(
            {"name": "Spring offer", "segment_id": segment.id, "body": "<p>10% off</p>"}
        )
        self.assertEqual(offer.recipient_count, 1)
        self.assertEqual(offer.missing_email_partner_ids, no_email)
        action = offer.action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"])).save()
        self.assertEqual(composer.composition_mode, "mass_mail")
        composer._action_send_mail()
        mails = self.env["mail.mail"].search([("subject", "=", "Spring offer")])
        self.assertEqual(mails.recipient_ids, self.french)

    def test_an_offer_to_a_segment_without_emails_says_so(self):
        segment = self.segment(rule_type="tags", category_ids=[(6, 0, self.tag.ids)])
        segment.action_refresh()
        offer = self.env["sales.segment.offer"].create({"name": "Nobody", "segment_id": segment.id})
        with self.assertRaisesRegex(UserError, "has an email"):
            offer.action_send()
