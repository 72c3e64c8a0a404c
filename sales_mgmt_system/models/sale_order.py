from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sales_channel_id = fields.Many2one(
        "sales.channel",
        compute="_compute_sales_channel_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="How the sale reached us; a quotation takes its opportunity's.",
    )

    @api.depends("opportunity_id")
    def _compute_sales_channel_id(self):
        for order in self:
            if order.opportunity_id.sales_channel_id and not order.sales_channel_id:
                order.sales_channel_id = order.opportunity_id.sales_channel_id
            else:
                order.sales_channel_id = order.sales_channel_id

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
