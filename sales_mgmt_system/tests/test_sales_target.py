from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import SalesMgmtCase

YEAR = {"date_start": date(2025, 1, 1), "date_end": date(2025, 12, 31)}


class TargetCase(SalesMgmtCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Target Widget", "list_price": 1.0, "invoice_policy": "order"}
        )
        cls.Target = cls.env["sales.target"]

    @classmethod
    def order(cls, user, amount, day, team=None, partner=None):
        """A confirmed order of ``amount`` (untaxed) dated ``day``."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": user.id,
                "team_id": (team or cls.team_led).id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "price_unit": amount, "tax_id": False})
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(day, datetime.min.time().replace(hour=12))
        return order

    @classmethod
    def target(cls, **vals):
        values = {
            "name": "Target",
            "user_id": cls.member.id,
            "measure": "revenue",
            "target_value": 120000.0,
            **YEAR,
            **vals,
        }
        return cls.Target.create(values)


@tagged("post_install", "-at_install")
class TestDecomposition(TargetCase):
    def test_monthly_even_split_covers_the_year_and_sums_exactly(self):
        target = self.target(target_value=100000.0)
        target.action_generate_lines()
        self.assertEqual(len(target.line_ids), 12)
        self.assertEqual(target.line_ids[0].date_start, date(2025, 1, 1))
        self.assertEqual(target.line_ids[-1].date_end, date(2025, 12, 31))
        self.assertEqual(target.line_ids[:11].mapped("target_value"), [8333.33] * 11)
        self.assertAlmostEqual(target.line_ids[-1].target_value, 8333.37, places=2)
        self.assertAlmostEqual(sum(target.line_ids.mapped("target_value")), 100000.0, places=2)

    def test_iso_weeks_of_2026_give_53_lines(self):
        target = self.target(
            date_start=date(2026, 1, 1), date_end=date(2026, 12, 31), granularity="week"
        )
        target.action_generate_lines()
        self.assertEqual(len(target.line_ids), 53)
        first, last = target.line_ids[0], target.line_ids[-1]
        self.assertEqual((first.date_start, first.date_end), (date(2026, 1, 1), date(2026, 1, 4)))
        self.assertEqual((last.date_start, last.date_end), (date(2026, 12, 28), date(2026, 12, 31)))
        self.assertAlmostEqual(sum(target.line_ids.mapped("target_value")), 120000.0, places=2)

    def test_quarters(self):
        target = self.target(granularity="quarter", target_value=1000.0)
        target.action_generate_lines()
        self.assertEqual(target.line_ids.mapped("target_value"), [250.0] * 4)

    def test_seasonal_split_follows_last_year(self):
        self.order(self.member, 1000.0, date(2024, 3, 10))
        self.order(self.member, 3000.0, date(2024, 11, 5))
        target = self.target(split_method="seasonal", granularity="quarter", target_value=8000.0)
        target.action_generate_lines()
        self.assertEqual(target.line_ids.mapped("target_value"), [2000.0, 0.0, 0.0, 6000.0])

    def test_seasonal_split_without_history_falls_back_to_even_and_says_so(self):
        target = self.target(split_method="seasonal", granularity="quarter", target_value=8000.0)
        target.action_generate_lines()
        self.assertEqual(target.line_ids.mapped("target_value"), [2000.0] * 4)
        self.assertIn("split evenly", target.message_ids[0].body)

    def test_manual_weights_recompute_the_lines(self):
        target = self.target(split_method="manual", granularity="quarter", target_value=1000.0)
        target.action_generate_lines()
        with Form(target) as form:
            for index, weight in enumerate((1, 1, 1, 2)):
                with form.line_ids.edit(index) as line:
                    line.weight = weight
        self.assertEqual(target.line_ids.mapped("target_value"), [200.0, 200.0, 200.0, 400.0])

    def test_weights_summing_to_zero_are_refused(self):
        target = self.target(split_method="manual", granularity="quarter")
        target.action_generate_lines()
        with self.assertRaisesRegex(ValidationError, "add up to more than zero"):
            target.line_ids.write({"weight": 0.0})

    def test_changing_the_dates_of_a_draft_decomposes_again(self):
        target = self.target()
        target.action_generate_lines()
        target.date_end = date(2025, 6, 30)
        self.assertEqual(len(target.line_ids), 6)
        self.assertAlmostEqual(sum(target.line_ids.mapped("target_value")), 120000.0, places=2)


@tagged("post_install", "-at_install")
class TestBaselineAndGrowth(TargetCase):
    def test_baseline_is_last_years_actual_and_growth_follows_it(self):
        self.order(self.member, 40000.0, date(2024, 2, 1))
        self.order(self.member, 10000.0, date(2024, 12, 31))
        self.order(self.member, 99999.0, date(2025, 1, 1))  # not last year
        with Form(self.Target) as form:
            form.name = "Grow 20%"
            form.user_id = self.member
            form.date_start = date(2025, 1, 1)
            form.date_end = date(2025, 12, 31)
            self.assertEqual(form.baseline_value, 50000.0)
            form.growth_rate = 20.0
            self.assertEqual(form.target_value, 60000.0)
            form.baseline_value = 45000.0  # corrected by hand
            self.assertEqual(form.target_value, 54000.0)
        target = form.record
        target.action_confirm()
        self.order(self.member, 1.0, date(2024, 6, 1))
        target.invalidate_recordset()
        self.assertEqual((target.baseline_value, target.target_value), (45000.0, 54000.0))

    def test_baseline_of_a_team_and_other_measures(self):
        customer_b = self.env["res.partner"].create({"name": "Second Customer"})
        self.order(self.member, 100.0, date(2024, 5, 1))
        self.order(self.leader, 200.0, date(2024, 6, 1), partner=customer_b)
        team_target = self.target(user_id=False, team_id=self.team_led.id)
        self.assertEqual(team_target.baseline_value, 300.0)
        new_customers = self.target(
            user_id=False, team_id=self.team_led.id, measure="new_customers", target_value=5
        )
        self.assertEqual(new_customers.baseline_value, 2.0)


@tagged("post_install", "-at_install")
class TestRefusals(TargetCase):
    def test_end_before_start(self):
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self.target(date_start=date(2025, 5, 1), date_end=date(2025, 4, 30))

    def test_zero_or_negative_target(self):
        for value in (0.0, -5.0):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "greater than zero"),
            ):
                self.target(target_value=value)

    def test_exactly_one_owner(self):
        with self.assertRaisesRegex(ValidationError, "exactly one owner"):
            self.target(team_id=self.team_led.id)
        with self.assertRaisesRegex(ValidationError, "exactly one owner"):
            self.target(user_id=False)

    def test_second_confirmed_target_for_the_same_owner_measure_and_period(self):
        self.target(name="H1").action_confirm()
        overlapping = self.target(
            name="Q2", date_start=date(2025, 4, 1), date_end=date(2025, 6, 30)
        )
        with self.assertRaisesRegex(ValidationError, "overlaps Q2"):
            overlapping.action_confirm()
        other_measure = self.target(name="Deals", measure="won_deals", target_value=10)
        other_measure.action_confirm()
        self.assertEqual(other_measure.state, "confirmed")

    def test_confirmed_numbers_are_locked(self):
        target = self.target()
        target.action_confirm()
        for vals in (
            {"target_value": 1.0},
            {"date_end": date(2025, 6, 30)},
            {"user_id": self.leader.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "locked"):
                target.write(vals)
        with self.assertRaisesRegex(UserError, "locked"):
            target.line_ids[0].weight = 3.0
        with self.assertRaisesRegex(UserError, "confirmed"):
            target.action_generate_lines()
        target.write({"name": "Renamed is fine"})
        target.action_reset_to_draft()
        target.target_value = 90000.0
        self.assertEqual(target.target_value, 90000.0)


@tagged("post_install", "-at_install")
class TestAllocation(TargetCase):
    def team_target(self, **vals):
        return self.target(user_id=False, team_id=self.team_led.id, target_value=100000.0, **vals)

    def test_allocate_to_members_with_equal_shares_then_confirm_all(self):
        target = self.team_target()
        target.action_allocate_members()
        self.assertEqual(target.child_ids.user_id, self.leader | self.member)
        self.assertEqual(sorted(target.child_ids.mapped("allocation_weight")), [50.0, 50.0])
        self.assertEqual(target.child_ids.mapped("target_value"), [50000.0, 50000.0])
        self.assertEqual(target.allocation_mismatch, 0.0)
        target.action_confirm()
        self.assertEqual(set((target | target.child_ids).mapped("state")), {"confirmed"})
        self.assertTrue(all(child.line_ids for child in target.child_ids))

    def test_mismatch_is_shown_and_blocks_confirmation(self):
        target = self.team_target()
        target.action_allocate_members()
        with Form(target) as form, form.child_ids.edit(0) as member_line:
            member_line.allocation_weight = 40.0
        self.assertEqual(target.allocation_total, 90.0)
        self.assertEqual(target.allocation_mismatch, 10000.0)
        with self.assertRaisesRegex(UserError, "add up to 90"):
            target.action_confirm()
        target.child_ids.filtered(lambda c: c.allocation_weight == 50.0).allocation_weight = 60.0
        target.action_confirm()
        self.assertEqual(target.state, "confirmed")

    def test_member_targets_follow_the_team_target(self):
        target = self.team_target()
        target.action_allocate_members()
        target.target_value = 80000.0
        self.assertEqual(target.child_ids.mapped("target_value"), [40000.0, 40000.0])

    def test_three_members_split_to_the_cent(self):
        third = self.env["res.users"].create(
            {
                "name": "Third",
                "login": "sms_third",
                "groups_id": [(6, 0, self.member.groups_id.ids)],
            }
        )
        self.team_led.member_ids = [(4, third.id)]
        target = self.team_target()
        target.target_value = 100001.0
        target.action_allocate_members()
        self.assertAlmostEqual(sum(target.child_ids.mapped("target_value")), 100001.0, places=2)
        self.assertAlmostEqual(target.allocation_mismatch, 0.0, places=2)

    def test_only_team_targets_are_allocated(self):
        with self.assertRaisesRegex(UserError, "Only a team target"):
            self.target().action_allocate_members()


@tagged("post_install", "-at_install")
class TestMeasuring(TargetCase):
    def test_actuals_achievement_gap_and_forecasts(self):
        target = self.target(target_value=12000.0)
        target.action_confirm()
        self.order(self.member, 3000.0, date(2025, 2, 10))
        self.order(self.member, 2000.0, date(2025, 3, 20))
        self.order(self.outsider, 7777.0, date(2025, 3, 20), team=self.team_other)
        self.order(self.member, 9999.0, date(2026, 1, 2))  # after the period
        self.env["crm.lead"].create(
            {
                "name": "Open deal",
                "type": "opportunity",
                "user_id": self.member.id,
                "expected_revenue": 10000.0,
                "probability": 30.0,
                "date_deadline": date(2025, 6, 1),
            }
        )
        target._refresh_targets(today=date(2025, 4, 1))
        self.assertEqual(target.actual_value, 5000.0)
        self.assertAlmostEqual(target.achievement, 5000.0 / 12000.0 * 100)
        self.assertEqual(target.gap_value, 7000.0)
        self.assertAlmostEqual(target.expected_value, 3000.0, places=2)
        self.assertEqual(target.pace_status, "on_track")
        self.assertAlmostEqual(target.forecast_value, 5000.0 * 365 / 90)  # 90 days elapsed
        self.assertAlmostEqual(target.pipeline_forecast, 8000.0)
        self.assertEqual(target.line_ids[1].actual_value, 3000.0)
        self.assertEqual(target.line_ids[2].actual_value, 2000.0)

    def test_invoice_source_nets_credit_notes(self):
        order = self.order(self.member, 1000.0, date(2025, 2, 10))
        invoice = order._create_invoices()
        invoice.invoice_date = date(2025, 2, 12)
        invoice.action_post()
        # As the credit note wizard does, the credit note keeps the salesperson.
        credit = invoice._reverse_moves(
            [{"invoice_date": date(2025, 3, 1), "invoice_user_id": self.member.id}]
        )
        credit.invoice_line_ids.price_unit = 250.0
        credit.action_post()
        target = self.target(revenue_source="invoice")
        target.action_confirm()
        self.assertEqual(target.actual_value, 750.0)

    def test_won_opportunities_as_revenue_and_deals(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Won deal",
                "type": "opportunity",
                "user_id": self.member.id,
                "expected_revenue": 4321.0,
            }
        )
        lead.action_set_won()
        lead.date_closed = datetime(2025, 5, 5, 10)
        revenue = self.target(revenue_source="opportunity")
        deals = self.target(measure="won_deals", target_value=10)
        (revenue | deals).action_confirm()
        self.assertEqual(revenue.actual_value, 4321.0)
        self.assertEqual(deals.actual_value, 1.0)

    def test_new_customers_count_first_orders_only(self):
        returning = self.env["res.partner"].create({"name": "Returning"})
        fresh = self.env["res.partner"].create({"name": "Fresh"})
        self.order(self.member, 10.0, date(2024, 8, 1), partner=returning)
        self.order(self.member, 10.0, date(2025, 8, 1), partner=returning)
        self.order(self.member, 10.0, date(2025, 9, 1), partner=fresh)
        self.order(self.member, 10.0, date(2025, 10, 1), partner=fresh)
        target = self.target(measure="new_customers", target_value=5)
        target.action_confirm()
        self.assertEqual(target.actual_value, 1.0)

    def test_pace_against_the_seasonal_curve_and_one_activity_when_off_track(self):
        self.order(self.member, 1000.0, date(2024, 1, 15))
        self.order(self.member, 9000.0, date(2024, 12, 15))
        target = self.target(split_method="seasonal", target_value=10000.0)
        with freeze_time("2025-01-01"):
            target.action_confirm()
        self.assertEqual(target.pace_status, "on_track")
        self.order(self.member, 900.0, date(2025, 1, 20))
        # A straight line expects 10,000 x 31/365 = 849 by the end of January;
        # the seasonal curve expects 1,000: 900 is 90% of it, on track.
        target._refresh_targets(today=date(2025, 2, 1))
        self.assertEqual(target.pace_status, "on_track")
        self.assertFalse(target.activity_ids)
        target._refresh_targets(today=date(2025, 12, 20))
        self.assertEqual(target.pace_status, "off_track")
        self.assertEqual(len(target.activity_ids), 1)
        self.assertEqual(target.activity_ids.user_id, self.member)
        target._refresh_targets(today=date(2025, 12, 21))
        self.assertEqual(len(target.activity_ids), 1, "one activity per turn, not per run")

    def test_pace_thresholds_come_from_settings(self):
        target = self.target(target_value=1000.0)
        target.action_confirm()
        self.order(self.member, 400.0, date(2025, 1, 1))
        target._refresh_targets(today=date(2025, 6, 30))  # expects ~496
        self.assertEqual(target.pace_status, "caution")
        self.env["ir.config_parameter"].set_param(
            "sales_mgmt_system.target_caution_threshold", "80"
        )
        target._refresh_targets(today=date(2025, 6, 30))
        self.assertEqual(target.pace_status, "on_track")

    def test_settings_refuse_inconsistent_thresholds(self):
        self.manager.groups_id += self.env.ref("base.group_system")
        settings = self.env["res.config.settings"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "off track"):
            settings.create(
                {"sales_target_caution_threshold": 70.0, "sales_target_off_track_threshold": 80.0}
            )

    def test_refresh_costs_the_same_queries_whatever_the_number_of_targets(self):
        users = [self.member, self.leader, self.outsider, self.all_docs]
        for user in users:
            self.order(user, 100.0, date(2025, 4, 1))

        def confirmed_targets(count, first_year):
            targets = self.Target
            for index in range(count):
                year = first_year + index // len(users)
                targets |= self.target(
                    name=f"T{year}-{index}",
                    user_id=users[index % len(users)].id,
                    date_start=date(year, 1, 1),
                    date_end=date(year, 12, 31),
                )
            targets.action_confirm()
            return targets

        small, large = confirmed_targets(2, 2019), confirmed_targets(8, 2021)
        for targets in (small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            # The targets, their company and its timezone (partner); the
            # actuals and the pipeline; the lines (2); the two bulk updates.
            with self.assertQueryCount(9):
                targets._refresh_targets(today=date(2025, 4, 30))

    def test_turning_off_track_costs_the_same_queries_for_2_and_8_targets(self):
        """The activities are made in one batch: the cost does not grow with the targets."""

        def confirmed_targets(count, first_year):
            targets = self.Target
            for index in range(count):
                year = first_year + index // 2
                owner = (
                    {"user_id": self.member.id}
                    if index % 2
                    else {"user_id": False, "team_id": self.team_led.id}
                )
                targets |= self.target(
                    name=f"T{year}-{index}",
                    date_start=date(year, 1, 1),
                    date_end=date(year, 12, 31),
                    **owner,
                )
            with freeze_time("2009-01-01"):  # nothing expected yet: on track
                targets.action_confirm()
            self.assertEqual(set(targets.mapped("pace_status")), {"on_track"})
            return targets

        warm_up = confirmed_targets(2, 2010)
        with freeze_time("2024-02-01"):  # fills the caches (activity type, model)
            warm_up._refresh_targets()
        small, large = confirmed_targets(2, 2011), confirmed_targets(8, 2013)
        for targets in (small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time("2024-02-01"), self.assertQueryCount(32):
                targets._refresh_targets()
            self.assertEqual(set(targets.mapped("pace_status")), {"off_track"})
            self.assertEqual(len(targets.activity_ids), len(targets))
        activities = large.activity_ids
        self.assertEqual(activities.mapped("date_deadline"), [date(2024, 2, 1)] * 8)
        team_target = large.filtered("team_id")[0]
        self.assertEqual(team_target.activity_ids.user_id, self.leader)
        self.assertEqual(team_target.activity_ids.summary, f"Target off track: {team_target.name}")
        self.assertIn("is at 0.0% of its target", str(team_target.activity_ids.note))
        self.assertEqual(
            large.filtered("user_id").activity_ids.user_id, self.member, "the owner is responsible"
        )

    def test_cron_refreshes_every_confirmed_target(self):
        target = self.target()
        target.action_confirm()
        self.order(self.member, 500.0, date(2025, 4, 1))
        self.env["sales.target"]._cron_refresh_targets()
        self.assertEqual(target.actual_value, 500.0)
        self.assertTrue(self.env.ref("sales_mgmt_system.ir_cron_refresh_sales_targets").active)

    def test_period_target_values_prorate_lines(self):
        target = self.target(target_value=12000.0, granularity="quarter")
        target.action_confirm()
        self.target(user_id=self.leader.id, target_value=3650.0).action_confirm()
        values = self.Target._period_target_values(
            date(2025, 1, 1), date(2025, 4, 30), owner_ids=(self.member | self.leader).ids
        )
        self.assertAlmostEqual(values[self.member.id], 3000.0 + 3000.0 * 30 / 91)
        # The leader's monthly lines count whole: four months of 3,650 / 12.
        self.assertAlmostEqual(values[self.leader.id], 304.17 * 4, places=2)


@tagged("post_install", "-at_install")
class TestTargetAccess(TargetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_target = cls.target(name="Member")
        cls.outsider_target = cls.target(name="Outsider", user_id=cls.outsider.id)
        cls.team_target = cls.target(name="Team", user_id=False, team_id=cls.team_led.id)
        cls.member_target.action_confirm()

    def test_salesperson_sees_own_and_own_team_targets(self):
        self.assertCanRead(self.member, self.member_target | self.team_target)
        self.assertCanRead(self.member, self.member_target.line_ids)
        self.assertCannotRead(self.member, self.outsider_target)

    def test_team_leader_sees_members_targets(self):
        self.assertCanRead(self.leader, self.member_target | self.team_target)
        self.assertCannotRead(self.leader, self.outsider_target)

    def test_all_documents_and_managers_see_all(self):
        every = self.member_target | self.outsider_target | self.team_target
        self.assertCanRead(self.all_docs, every)
        self.assertCanRead(self.manager, every)

    def test_only_managers_create_and_change_targets(self):
        for user in (self.member, self.leader, self.all_docs):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.Target.with_user(user).create(
                        {"name": "Mine", "user_id": user.id, "target_value": 1.0, **YEAR}
                    )
                with self.assertRaises(AccessError):
                    self.member_target.with_user(user).write({"name": "Changed"})
        target = self.Target.with_user(self.manager).create(
            {
                "name": "By manager",
                "user_id": self.member.id,
                "target_value": 1.0,
                "date_start": date(2024, 1, 1),
                "date_end": date(2024, 12, 31),
            }
        )
        target.action_confirm()
        self.assertEqual(target.state, "confirmed")

    def test_salesperson_may_refresh_a_target_they_see(self):
        self.order(self.member, 250.0, date(2025, 3, 1))
        self.member_target.with_user(self.member).action_refresh()
        self.assertEqual(self.member_target.actual_value, 250.0)
        with self.assertRaises(AccessError):
            self.outsider_target.with_user(self.member).action_refresh()

    def test_other_company_and_no_sales_rights(self):
        self.assertCannotRead(self.other_company_user, self.member_target)
        self.assertCannotRead(self.internal, self.member_target)
