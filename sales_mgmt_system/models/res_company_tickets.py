from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_ticket_manager_id = fields.Many2one(
        "res.users",
        string="Ticket Escalation Manager",
        domain="[('share', '=', False)]",
        help="Who gets after-sales tickets that run 50% past their resolution deadline. "
        "Empty: the company's first sales administrator.",
    )
