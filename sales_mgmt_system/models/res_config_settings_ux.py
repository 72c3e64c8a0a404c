from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_commission_auto_generate = fields.Boolean(
        related="company_id.sales_commission_auto_generate", readonly=False
    )
    sales_review_auto_draft = fields.Boolean(
        related="company_id.sales_review_auto_draft", readonly=False
    )
    sales_award_places = fields.Integer(related="company_id.sales_award_places", readonly=False)
    sales_award_badge_threshold = fields.Float(
        related="company_id.sales_award_badge_threshold", readonly=False
    )
    sales_review_template_id = fields.Many2one(
        "sales.review.template",
        string="Default Review Template",
        compute="_compute_sales_review_template_id",
        inverse="_inverse_sales_review_template_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
        help="The template of the monthly reviews and the one new reviews start with.",
    )

    @api.depends("company_id")
    def _compute_sales_review_template_id(self):
        Template = self.env["sales.review.template"]
        for settings in self:
            settings.sales_review_template_id = Template.search(
                [("is_default", "=", True), ("company_id", "=", settings.company_id.id)], limit=1
            )

    def _inverse_sales_review_template_id(self):
        Template = self.env["sales.review.template"]
        for settings in self:
            chosen = settings.sales_review_template_id
            if not chosen:
                continue
            others = Template.search(
                [
                    ("is_default", "=", True),
                    ("company_id", "=", settings.company_id.id),
                    ("id", "!=", chosen.id),
                ]
            )
            others.is_default = False
            chosen.is_default = True

    @api.constrains("sales_award_places", "sales_award_badge_threshold")
    def _check_sales_award_settings(self):
        for settings in self:
            if settings.sales_award_places < 1:
                raise ValidationError(
                    self.env._(
                        "The honour roll names at least one place per team: enter 1 or more."
                    )
                )
            if settings.sales_award_badge_threshold < 0:
                raise ValidationError(
                    self.env._(
                        "The attainment the Top Performer badge needs cannot be negative; "
                        "enter 100 to grant it to those who reached their target."
                    )
                )
