from odoo import fields, models

# Codes are public API (PRODUCT.md §15); the daily lifecycle action writes them.
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("first_purchase", "First Purchase"),
    ("repeat", "Repeat"),
    ("loyal", "Loyal"),
    ("at_risk", "At Risk"),
    ("churned", "Churned"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        index=True,
        copy=False,
        help="Where the customer stands in its lifecycle, set from its order history by "
        "the daily customer lifecycle action. Empty until a first run finds it.",
    )
