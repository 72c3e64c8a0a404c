from odoo import fields, models


class SalesTicketCategory(models.Model):
    """What an after-sales ticket is about (repair, return, question...)."""

    _name = "sales.ticket.category"
    _description = "After-Sales Ticket Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the category between companies."
    )
    active = fields.Boolean(default=True)
