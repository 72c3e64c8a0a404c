from odoo import fields, models


class ResCompany(models.Model):
    """What a sales manager switches on or tunes per company (see Settings)."""

    _inherit = "res.company"

    sales_commission_auto_generate = fields.Boolean(
        string="Monthly Commission Statements",
        default=True,
        help="At the start of each month, draft last month's commission statements.",
    )
    sales_review_auto_draft = fields.Boolean(
        string="Monthly Performance Reviews",
        default=True,
        help="At the start of each month, draft last month's performance reviews of every "
        "team with the default review template.",
    )
    sales_award_places = fields.Integer(
        string="Places per Team",
        default=3,
        help="How many of each team's best salespeople the honour roll names.",
    )
    sales_award_badge_threshold = fields.Float(
        string="Top Performer Badge From (%)",
        default=100.0,
        help="A place on the honour roll earns the Top Performer badge only at this "
        "revenue attainment or above (100: the target is reached).",
    )
