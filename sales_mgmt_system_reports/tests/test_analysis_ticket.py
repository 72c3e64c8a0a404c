from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.ticket_common import FRIDAY, TicketCase

MONDAY = FRIDAY.replace(day=10)


@tagged("post_install", "-at_install")
class TestAnalysisTicket(TicketCase):
    """Tickets and SLA: each role sees the figures of the tickets it may read,
    and the on-time rate and average times are right at every grouping."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_other = cls.env["res.partner"].create(
            {"name": "Outsider's Customer", "is_company": True, "user_id": cls.outsider.id}
        )
        # Member: one closed on time (1 h), one closed late (5 h), one open.
        category = {"category_id": cls.category.id}
        on_time = cls.make_ticket(name="On time", **category)
        late = cls.make_ticket(name="Late", **category)
        cls.make_ticket(name="Open", date_received=fields.Datetime.now(), **category)
        # Outsider: one closed on time (2 h).
        other = cls.make_ticket(
            name="Other team",
            partner_id=cls.customer_other.id,
            user_id=cls.outsider.id,
            team_id=cls.team_other.id,
            **category,
        )
        with freeze_time(FRIDAY.replace(hour=16, minute=30)):
            (on_time | late | other).action_respond()
        with freeze_time(FRIDAY.replace(hour=17)):
            on_time.action_close()
        with freeze_time(FRIDAY.replace(hour=18)):
            other.action_close()
        with freeze_time(MONDAY.replace(hour=12)):
            late.action_close()
        cls.env.flush_all()

    def figures(self, user, groupby=()):
        return (
            self.env["sales.analysis.ticket"]
            .with_user(user)
            ._read_group(
                [("category_id", "=", self.category.id)],
                list(groupby),
                [
                    "ticket_count:sum",
                    "breached_count:sum",
                    "closed_count:sum",
                    "on_time_rate:avg",
                    "resolution_hours:avg",
                ],
            )
        )

    def test_each_role_sees_its_own_figures(self):
        team_led_figures = [(3, 1, 2, 50.0, 3.0)]
        for user, expected in (
            (self.member, team_led_figures),
            (self.leader, team_led_figures),
            (self.outsider, [(1, 0, 1, 100.0, 2.0)]),
            (self.all_docs, [(4, 1, 3, 200.0 / 3, 8.0 / 3)]),
            (self.manager, [(4, 1, 3, 200.0 / 3, 8.0 / 3)]),
        ):
            with self.subTest(user=user.login):
                [row] = self.figures(user)
                self.assertEqual(row[:3], expected[0][:3])
                self.assertAlmostEqual(row[3], expected[0][3])
                self.assertAlmostEqual(row[4], expected[0][4])

    def test_other_company_sees_nothing(self):
        [row] = self.figures(self.other_company_user)
        self.assertFalse(row[0])

    def test_rates_are_ratios_of_sums_at_each_level(self):
        by_user = {
            user: (on_time, hours)
            for user, _count, _breached, _closed, on_time, hours in self.figures(
                self.manager, ["user_id"]
            )
        }
        self.assertAlmostEqual(by_user[self.member][0], 50.0)
        self.assertAlmostEqual(by_user[self.outsider][0], 100.0)
        self.assertAlmostEqual(by_user[self.member][1], 3.0)
        # The total is 2 on time out of 3 decided, not the mean of 50% and 100%.
        [total] = self.figures(self.manager)
        self.assertAlmostEqual(total[3], 200.0 / 3)
        self.assertAlmostEqual(total[4], 8.0 / 3)

    def test_analysis_is_read_only_and_needs_sales_rights(self):
        row = self.env["sales.analysis.ticket"].search([("category_id", "=", self.category.id)])
        with self.assertRaises(AccessError):
            row[:1].with_user(self.manager).write({"ticket_count": 0})
        with self.assertRaises(AccessError):
            self.env["sales.analysis.ticket"].with_user(self.internal).search([])
