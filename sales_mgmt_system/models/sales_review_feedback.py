from odoo import models


class SalesReview(models.Model):
    """Review KPIs read from customer feedback and follow-up visits."""

    _inherit = "sales.review"

    def _satisfaction_by_user(self, period):
        key = "_satisfaction"
        if key not in period:
            period[key] = self.env["sales.mgmt.measure"]._satisfaction_values(
                period["date_from"],
                period["date_to"],
                owner_ids=period["users"].ids,
                company=period["company"],
            )
        return period[key]

    def _kpi_values_csat(self, period):
        """CSAT % of the feedback of the salesperson's customers; None without answers."""
        figures = self._satisfaction_by_user(period)
        return {user.id: figures.get(user.id, {}).get("csat_pct") for user in period["users"]}

    def _kpi_values_nps(self, period):
        """NPS of the feedback of the salesperson's customers; None without answers."""
        figures = self._satisfaction_by_user(period)
        return {user.id: figures.get(user.id, {}).get("nps") for user in period["users"]}

    def _kpi_values_visits_done(self, period):
        done = self.env["sales.mgmt.measure"]._visits_done_values(
            period["date_from"],
            period["date_to"],
            owner_ids=period["users"].ids,
            company=period["company"],
        )
        return {user.id: done.get(user.id, 0.0) for user in period["users"]}
