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
