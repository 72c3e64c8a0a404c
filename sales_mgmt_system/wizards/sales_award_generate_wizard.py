from odoo import fields, models

from ..core.review import previous_month


class SalesAwardGenerateWizard(models.TransientModel):
    """Name a period's top performers of each team and grant their badges."""

    _name = "sales.award.generate.wizard"
    _description = "Generate Sales Awards"

    date_start = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_end = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    team_ids = fields.Many2many(
        "crm.team", string="Sales Teams", help="Leave empty to rank every team."
    )
    measure = fields.Selection(
        [("attainment", "Revenue Attainment"), ("revenue", "Revenue")],
        required=True,
        default="attainment",
    )
    top = fields.Integer(
        string="Places per Team",
        default=lambda self: self.env.company.sales_award_places or 3,
        required=True,
    )
    badge_id = fields.Many2one(
        "gamification.badge",
        default=lambda self: self.env["sales.award"]._default_badge(),
    )

    _sql_constraints = [
        ("top_positive", "check(top > 0)", "Award at least one place per team."),
    ]

    def _default_period(self):
        # Last month as the company counts its days, whatever the user's timezone.
        return previous_month(self.env["sales.mgmt.measure"]._company_today())

    def action_generate(self):
        self.ensure_one()
        self.env["sales.award"].check_access("create")
        self.env["sales.award"]._generate_awards(
            self.date_start,
            self.date_end,
            team_ids=self.team_ids.ids or None,
            top=self.top,
            measure=self.measure,
            badge=self.badge_id,
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_award_honour_roll"
        )
        action["domain"] = [
            ("date_start", "=", self.date_start),
            ("date_end", "=", self.date_end),
            ("measure", "=", self.measure),
        ]
        return action
