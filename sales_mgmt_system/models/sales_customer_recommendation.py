from odoo import fields, models


class SalesCustomerRecommendation(models.Model):
    """A product to offer a customer: bought by the customers who bought what it did.

    Rebuilt by the daily customer lifecycle action in one statement
    (``sales.customer.lifecycle._refresh_recommendations``).
    """

    _name = "sales.customer.recommendation"
    _description = "Customer Product Recommendation"
    _order = "partner_id, rank, id"
    _rec_name = "product_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    score = fields.Integer(
        help="Customers who bought one of this customer's products and this one."
    )
    rank = fields.Integer()
