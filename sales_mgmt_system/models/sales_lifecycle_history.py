from odoo import fields, models

from .res_partner import LIFECYCLE_STAGES


class SalesLifecycleHistory(models.Model):
    """One row per change of a customer's lifecycle stage (PRODUCT.md §15).

    Written by the customer lifecycle refresh only; nobody edits it.
    """

    _name = "sales.lifecycle.history"
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    stage_from = fields.Selection(LIFECYCLE_STAGES, string="From Stage")
    stage_to = fields.Selection(LIFECYCLE_STAGES, string="To Stage", index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
