from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_ticket_manager_id = fields.Many2one(
        related="company_id.sales_ticket_manager_id", readonly=False
    )
