"""Period edges in the company's timezone, closed targets replaced by confirmed
ones, and the attainment API that commissions, reviews and awards read."""

from datetime import date, datetime
from unittest.mock import patch

from odoo.tests import freeze_time, new_test_user, tagged

from .common import ALL_DOCUMENTS
from .test_sales_target import TargetCase

JUNE = (date(2025, 6, 1), date(2025, 6, 30))


@tagged("post_install", "-at_install")
class TestCompanyDays(TargetCase):
    """The company is in Shanghai (UTC+8): 18:00 UTC on 31 May is 02:00 on 1 June there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.new_yorker = new_test_user(
            cls.env, login="sms_new_yorker", groups=ALL_DOCUMENTS, tz="America/New_York"
        )
        cls.all_docs.tz = False
        cls.Measure = cls.env["sales.mgmt.measure"]
        # 02:00 on 1 June in Shanghai, still 31 May in UTC and in New York.
        cls.june_first = cls.order_at(cls.member, 1000.0, datetime(2025, 5, 31, 18, 0))
        # 23:00 on 31 May in Shanghai.
        cls.order_at(cls.member, 20.0, datetime(2025, 5, 31, 15, 0))
        # 01:00 on 1 July in Shanghai, 30 June in UTC.
        cls.order_at(cls.member, 300.0, datetime(2025, 6, 30, 17, 0))
        cls.won = cls.env["crm.lead"].create(
            {
                "name": "Won on 1 June in Shanghai",
                "type": "opportunity",
                "user_id": cls.member.id,
                "expected_revenue": 4000.0,
            }
        )
        cls.won.action_set_won()
        cls.won.date_closed = datetime(2025, 5, 31, 18, 0)
        invoice = cls.june_first._create_invoices()
        invoice.invoice_date = date(2025, 6, 1)
        invoice.action_post()

    @classmethod
    def order_at(cls, user, amount, moment):
        order = cls.order(user, amount, moment.date())
        order.date_order = moment
        return order

    def readers(self):
        """The same measure model as seen by each kind of caller."""
        return {
            "user in New York": self.Measure.with_user(self.new_yorker).with_context(
                tz="America/New_York"
            ),
            "user without timezone": self.Measure.with_user(self.all_docs).with_context(tz=False),
            "scheduled action (its user, no timezone)": self.Measure.with_user(
                self.env.ref("base.user_root")
            ).with_context(tz=None),
        }

    def test_utc_bounds_and_today_follow_the_company(self):
        self.assertEqual(
            self.Measure._utc_bounds(JUNE, self.company),
            (datetime(2025, 5, 31, 16, 0), datetime(2025, 6, 30, 16, 0)),
        )
        utc_company = self.other_company
        self.assertFalse(utc_company.partner_id.tz)
        self.assertEqual(
            self.Measure._utc_bounds(JUNE, utc_company),
            (datetime(2025, 6, 1), datetime(2025, 7, 1)),
        )
        with freeze_time("2025-05-31 18:00:00"):
            for label, measure in self.readers().items():
                with self.subTest(label):
                    self.assertEqual(measure._company_today(self.company), date(2025, 6, 1))
                    self.assertEqual(measure._company_today(utc_company), date(2025, 5, 31))
            self.assertEqual(self.Measure._company_today(), date(2025, 6, 1))

    def test_each_measure_buckets_days_in_the_company_timezone(self):
        for label, measure in self.readers().items():
            with self.subTest(label):
                orders = measure._measure_daily_values("revenue", *JUNE, owner_ids=self.member.ids)
                self.assertEqual(orders, {(self.member.id, date(2025, 6, 1)): 1000.0})
                invoices = measure._measure_daily_values(
                    "revenue", *JUNE, owner_ids=self.member.ids, revenue_source="invoice"
                )
                self.assertEqual(invoices, {(self.member.id, date(2025, 6, 1)): 1000.0})
                won = measure._measure_daily_values(
                    "revenue", *JUNE, owner_ids=self.member.ids, revenue_source="opportunity"
                )
                self.assertEqual(won, {(self.member.id, date(2025, 6, 1)): 4000.0})
                deals = measure._measure_daily_values("won_deals", *JUNE, owner_ids=self.member.ids)
                self.assertEqual(deals, {(self.member.id, date(2025, 6, 1)): 1.0})
                # The customer's first order is the one of 31 May (Shanghai time).
                new = measure._measure_values(
                    "new_customers", date(2025, 5, 31), date(2025, 5, 31), owner_ids=self.member.ids
                )
                self.assertEqual(new, {self.member.id: 1.0})
                may = measure._measure_values(
                    "revenue", date(2025, 5, 1), date(2025, 5, 31), owner_ids=self.member.ids
                )
                self.assertEqual(may, {self.member.id: 20.0})

    def test_scheduled_action_measures_company_days(self):
        target = self.target(name="June", date_start=JUNE[0], date_end=JUNE[1])
        target.action_confirm()
        target.with_context(sales_target_internal=True).write({"actual_value": 0.0})
        cron = self.env.ref("sales_mgmt_system.ir_cron_refresh_sales_targets")
        self.assertFalse(cron.user_id.tz == "Asia/Shanghai")
        cron.method_direct_trigger()
        self.assertEqual(target.actual_value, 1000.0)
        target.with_context(sales_target_internal=True).write({"actual_value": 0.0})
        target.with_user(self.new_yorker).with_context(tz="America/New_York").action_refresh()
        self.assertEqual(target.actual_value, 1000.0)

    def test_default_dates_are_the_company_year(self):
        with freeze_time("2025-12-31 18:00:00"):  # already 2026 in Shanghai
            target = self.Target.with_user(self.manager).with_context(tz="America/New_York")
            defaults = target.default_get(["date_start", "date_end"])
        self.assertEqual(defaults["date_start"], date(2026, 1, 1))
        self.assertEqual(defaults["date_end"], date(2026, 12, 31))


@tagged("post_install", "-at_install")
class TestClosedTargetsGiveWay(TargetCase):
    def close(self, target):
        target.action_confirm()
        target.action_close()
        return target

    def test_a_confirmed_target_replaces_the_closed_one_on_its_days(self):
        self.close(self.target(name="Old plan", target_value=100000.0))
        self.target(name="New plan", target_value=100000.0).action_confirm()
        year = self.Target._period_target_values(date(2025, 1, 1), date(2025, 12, 31))
        self.assertAlmostEqual(year[self.member.id], 100000.0, places=2)

    def test_closed_target_counts_on_the_days_nobody_replaced(self):
        # 10,000 a month all year, closed; replaced from July by 15,000 a month.
        self.close(self.target(name="Old plan", target_value=120000.0))
        self.target(
            name="Second half",
            target_value=90000.0,
            date_start=date(2025, 7, 1),
            date_end=date(2025, 12, 31),
        ).action_confirm()
        values = self.Target._period_target_values
        self.assertAlmostEqual(
            values(date(2025, 1, 1), date(2025, 12, 31))[self.member.id], 150000.0, places=2
        )
        self.assertAlmostEqual(
            values(date(2025, 6, 1), date(2025, 7, 31))[self.member.id], 25000.0, places=2
        )
        self.assertAlmostEqual(
            values(date(2025, 8, 1), date(2025, 8, 31))[self.member.id], 15000.0, places=2
        )
        # Pro rata by day inside a month line: 16-30 June closed, 1-15 July confirmed.
        self.assertAlmostEqual(
            values(date(2025, 6, 16), date(2025, 7, 15))[self.member.id],
            10000.0 * 15 / 30 + 15000.0 * 15 / 31,
            places=2,
        )

    def test_other_owners_and_measures_do_not_replace_a_closed_target(self):
        self.close(self.target(name="Leader old", user_id=self.leader.id, target_value=36500.0))
        self.target(name="Member", target_value=100000.0).action_confirm()
        self.target(
            name="Leader deals", user_id=self.leader.id, measure="won_deals", target_value=10
        ).action_confirm()
        values = self.Target._period_target_values(date(2025, 1, 1), date(2025, 12, 31))
        self.assertAlmostEqual(values[self.leader.id], 36500.0, places=2)
        self.assertAlmostEqual(values[self.member.id], 100000.0, places=2)


@tagged("post_install", "-at_install")
class TestPeriodAttainment(TargetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The member's target measures invoices: 1,000 ordered and invoiced,
        # 250 credited, 5,000 ordered and not invoiced.
        order = cls.order(cls.member, 1000.0, date(2025, 2, 10))
        invoice = order._create_invoices()
        invoice.invoice_date = date(2025, 2, 12)
        invoice.action_post()
        credit = invoice._reverse_moves(
            [{"invoice_date": date(2025, 3, 1), "invoice_user_id": cls.member.id}]
        )
        credit.invoice_line_ids.price_unit = 250.0
        credit.action_post()
        cls.order(cls.member, 5000.0, date(2025, 3, 5))
        cls.member_target = cls.target(
            name="Member invoices", revenue_source="invoice", target_value=12000.0
        )
        cls.member_target.action_confirm()
        # The leader's target measures orders.
        cls.order(cls.leader, 2000.0, date(2025, 4, 1))
        cls.target(
            name="Leader orders", user_id=cls.leader.id, target_value=24000.0
        ).action_confirm()
        # The outsider sells without a target.
        cls.order(cls.outsider, 700.0, date(2025, 4, 1), team=cls.team_other)

    def test_actual_is_read_the_way_the_target_measures_it(self):
        values = self.Target._period_attainment_values(date(2025, 1, 1), date(2025, 6, 30))
        target, actual = values[self.member.id]
        self.assertAlmostEqual(target, 6000.0, places=2)
        self.assertAlmostEqual(actual, 750.0, places=2)  # invoices, not the 6,000 ordered
        target, actual = values[self.leader.id]
        self.assertAlmostEqual(target, 12000.0, places=2)
        self.assertAlmostEqual(actual, 2000.0, places=2)
        self.assertNotIn(self.outsider.id, values, "no revenue target, no attainment")
        self.assertEqual(
            {owner: round(t, 2) for owner, (t, _a) in values.items()},
            {
                owner: round(t, 2)
                for owner, t in self.Target._period_target_values(
                    date(2025, 1, 1), date(2025, 6, 30)
                ).items()
            },
            "the target part is _period_target_values'",
        )

    def test_owner_filter_and_window(self):
        values = self.Target._period_attainment_values(
            date(2025, 3, 1), date(2025, 3, 31), owner_ids=self.member.ids
        )
        self.assertEqual(set(values), {self.member.id})
        target, actual = values[self.member.id]
        self.assertAlmostEqual(target, 1000.0, places=2)
        self.assertAlmostEqual(actual, -250.0, places=2)  # the credit note of March
        self.assertEqual(
            self.Target._period_attainment_values(date(2024, 1, 1), date(2024, 12, 31)), {}
        )

    def test_closed_and_confirmed_targets_each_measure_their_own_days(self):
        # The outsider's closed order target is replaced from July by a target
        # on won opportunities: March orders count, August orders do not.
        old = self.target(name="Outsider orders", user_id=self.outsider.id, target_value=12000.0)
        old.action_confirm()
        old.action_close()
        self.target(
            name="Outsider deals",
            user_id=self.outsider.id,
            revenue_source="opportunity",
            target_value=3000.0,
            date_start=date(2025, 7, 1),
            date_end=date(2025, 12, 31),
        ).action_confirm()
        self.order(self.outsider, 200.0, date(2025, 8, 3), team=self.team_other)
        lead = self.env["crm.lead"].create(
            {
                "name": "August deal",
                "type": "opportunity",
                "user_id": self.outsider.id,
                "expected_revenue": 300.0,
            }
        )
        lead.action_set_won()
        lead.date_closed = datetime(2025, 8, 20, 10)
        target, actual = self.Target._period_attainment_values(
            date(2025, 1, 1), date(2025, 12, 31), owner_ids=self.outsider.ids
        )[self.outsider.id]
        self.assertAlmostEqual(target, 6000.0 + 3000.0, places=2)
        self.assertAlmostEqual(actual, 700.0 + 300.0, places=2)

    def test_one_measure_query_per_revenue_source(self):
        for user in (self.outsider, self.all_docs, self.manager):
            self.target(name=f"{user.name} orders", user_id=user.id).action_confirm()
        Measure = self.registry["sales.mgmt.measure"]
        with patch.object(
            Measure,
            "_measure_daily_values",
            autospec=True,
            side_effect=Measure._measure_daily_values,
        ) as measured:
            values = self.Target._period_attainment_values(date(2025, 1, 1), date(2025, 12, 31))
        self.assertEqual(len(values), 5)
        self.assertEqual(measured.call_count, 2, "orders and invoices, not one per owner")

    def test_team_targets(self):
        self.target(
            name="Team",
            user_id=False,
            team_id=self.team_led.id,
            target_value=48000.0,
        ).action_confirm()
        values = self.Target._period_attainment_values(
            date(2025, 1, 1), date(2025, 12, 31), owner_field="team_id"
        )
        self.assertEqual(values, {self.team_led.id: (48000.0, 1000.0 + 5000.0 + 2000.0)})


@tagged("post_install", "-at_install")
class TestWonAndLostDeals(TargetCase):
    """Won deals and won-opportunity revenue read the same opportunities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def opportunity(name, revenue):
            return cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": cls.member.id,
                    "expected_revenue": revenue,
                }
            )

        won = opportunity("Won", 1000.0)
        set_aside = opportunity("Won, then archived", 9000.0)
        (won | set_aside).action_set_won()
        set_aside.action_archive()
        cls.set_aside = set_aside
        lost = opportunity("Lost", 500.0)
        lost.action_set_lost()
        (won | set_aside | lost).write({"date_closed": datetime(2025, 5, 5, 10)})

    def test_archived_won_opportunities_are_neither_won_deals_nor_revenue(self):
        Measure = self.env["sales.mgmt.measure"]
        for context in ({}, {"active_test": False}):
            with self.subTest(context=context):
                measure = Measure.with_context(**context)

                def values(name, source="order", measure=measure):
                    return measure._measure_values(
                        name,
                        date(2025, 5, 1),
                        date(2025, 5, 31),
                        owner_ids=self.member.ids,
                        revenue_source=source,
                    )

                self.assertEqual(values("won_deals"), {self.member.id: 1.0})
                self.assertEqual(values("revenue", "opportunity"), {self.member.id: 1000.0})
                # Odoo makes an archived won opportunity lost (probability 0).
                self.assertEqual(values("lost_deals"), {self.member.id: 2.0})

    def test_archived_won_opportunity_is_lost(self):
        self.assertEqual((self.set_aside.active, self.set_aside.probability), (False, 0.0))

    def test_average_deal_size_is_revenue_over_the_same_deals(self):
        deals = self.target(measure="won_deals", target_value=10)
        revenue = self.target(revenue_source="opportunity")
        (deals | revenue).action_confirm()
        self.assertEqual((deals.actual_value, revenue.actual_value), (1.0, 1000.0))
