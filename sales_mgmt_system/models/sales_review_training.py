from odoo import models


class SalesReview(models.Model):
    _inherit = "sales.review"

    def _kpi_values_training_hours(self, period):
        """Hours attended in approved self-study and done sessions of the period."""
        hours = self.env["sales.training"]._training_hours_values(
            period["date_from"], period["date_to"], period["users"].ids, period["company"]
        )
        return {user.id: hours.get(user.id, 0.0) for user in period["users"]}
