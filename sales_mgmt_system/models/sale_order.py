from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        self._refresh_customer_profiles()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._refresh_customer_profiles()
        return result

    def _refresh_customer_profiles(self):
        """Targeted refresh of the profile of these orders' customers (one batch).

        Loaders that date orders after confirming them defer it with the context
        key ``sales_defer_customer_refresh`` and run the full refresh at the end.
        """
        if self.env.context.get("sales_defer_customer_refresh"):
            return
        self.env["sales.customer.lifecycle"]._refresh_partners(
            self.partner_id.commercial_partner_id.ids
        )
