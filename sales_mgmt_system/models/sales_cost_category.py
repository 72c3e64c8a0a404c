from odoo import fields, models


class SalesCostCategory(models.Model):
    """A kind of sales cost (travel, entertainment...) that budgets plan and entries book."""

    _name = "sales.cost.category"
    _description = "Cost Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable code of the category for integrations and reports (travel, samples...).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the category between companies."
    )
    description = fields.Text()

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another cost category already has this code."),
    ]
