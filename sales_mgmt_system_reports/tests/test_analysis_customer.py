from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.sales_mgmt_system.tests.common import SalesMgmtCase


@tagged("post_install", "-at_install")
class TestAnalysisCustomer(SalesMgmtCase):
    """Lifecycle and RFM distribution: a salesperson counts their own
    customers, a team leader their team's, all documents users everyone's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.partners = Partner
        for user, stage, segment, revenue in (
            (cls.member, "loyal", "champions", 1000.0),
            (cls.member, "at_risk", "at_risk", 500.0),
            (cls.leader, "loyal", "loyal", 300.0),
            (cls.outsider, "loyal", "champions", 2000.0),
        ):
            partner = Partner.create(
                {
                    "name": f"RFM customer of {user.name}",
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": user.id,
                    "company_id": cls.company.id,
                }
            )
            # Written by the daily lifecycle action in production.
            partner.write(
                {
                    "lifecycle_stage": stage,
                    "rfm_segment": segment,
                    "customer_order_count": 2,
                    "customer_revenue": revenue,
                }
            )
            cls.partners |= partner
        # A contact of a customer is not a second customer.
        Partner.create({"name": "Contact", "parent_id": cls.partners[0].id, "customer_rank": 1})
        cls.env.flush_all()

    def figures(self, user, groupby):
        return (
            self.env["sales.analysis.customer"]
            .with_user(user)
            ._read_group(
                [("partner_id.commercial_partner_id", "in", self.partners.ids)],
                groupby,
                ["customer_count:sum", "customer_revenue:sum"],
            )
        )

    def test_each_role_counts_its_own_customers(self):
        everyone = {"loyal": (3, 3300.0), "at_risk": (1, 500.0)}
        for user, expected in (
            (self.member, {"loyal": (1, 1000.0), "at_risk": (1, 500.0)}),
            (self.leader, {"loyal": (2, 1300.0), "at_risk": (1, 500.0)}),
            (self.outsider, {"loyal": (1, 2000.0)}),
            (self.all_docs, everyone),
            (self.manager, everyone),
        ):
            with self.subTest(user=user.login):
                rows = self.figures(user, ["lifecycle_stage"])
                self.assertEqual(
                    {stage: (count, revenue) for stage, count, revenue in rows}, expected
                )

    def test_segments_and_teams(self):
        by_segment = {row[0]: row[1] for row in self.figures(self.manager, ["rfm_segment"])}
        self.assertEqual(by_segment, {"champions": 2, "loyal": 1, "at_risk": 1})
        by_team = {row[0]: row[1] for row in self.figures(self.manager, ["team_id"])}
        self.assertEqual(by_team, {self.team_led: 3, self.team_other: 1})

    def test_other_company_and_internal_users(self):
        # Customers of the company only; shared ones (no company) are everyone's.
        self.assertEqual(self.figures(self.other_company_user, ["lifecycle_stage"]), [])
        with self.assertRaises(AccessError):
            self.figures(self.internal, ["lifecycle_stage"])
