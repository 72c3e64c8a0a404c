from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sales_stage_gate = fields.Boolean(
        string="Stage Gate",
        default=True,
        help="Leads cannot move forward past a stage whose required steps are not done.",
    )
