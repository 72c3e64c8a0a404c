from odoo import fields, models


class SalesFeedback(models.Model):
    """Feedback given by rating a closed after-sales ticket (PRODUCT.md §12)."""

    _inherit = "sales.feedback"

    ticket_id = fields.Many2one(
        "sales.ticket",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
    )
