from datetime import timedelta

from odoo.tools import SQL

from .common import SalesMgmtCase


class FeedbackCase(SalesMgmtCase):
    """Customers of the cast: the member's, the leader's, the outsider's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_member = Partner.create(
            {
                "name": "Member Customer",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.member.id,
            }
        )
        cls.customer_leader = Partner.create(
            {
                "name": "Leader Customer",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.leader.id,
            }
        )
        cls.customer_outsider = Partner.create(
            {
                "name": "Outsider Customer",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.outsider.id,
            }
        )
        cls.today = cls.env["sales.mgmt.measure"]._company_today()

    @classmethod
    def make_visit(cls, partner, days=0, **values):
        return cls.env["sales.visit"].create(
            {
                "partner_id": partner.id,
                "date_planned": cls.today + timedelta(days=days),
                "purpose": "Check",
                **values,
            }
        )

    @classmethod
    def make_feedback(cls, partner, csat=False, nps=False, **values):
        return cls.env["sales.feedback"].create(
            {"partner_id": partner.id, "csat": csat, "nps": nps, **values}
        )

    def backdate_partners(self, partners, days):
        """Make ``partners`` customers since ``days`` days ago."""
        partners.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = %s WHERE id IN %s",
                self.today - timedelta(days=days),
                tuple(partners.ids),
            )
        )
        partners.invalidate_recordset(["create_date"])
