from odoo import api, fields, models

from ..core.team import REPORT_FIGURES, report_bounds, roll_up


class SalesWorkReportRollup(models.TransientModel):
    """A team's work reports of one week, summed for the weekly meeting.

    Nothing is typed here: the totals add up the reports' figures, which
    the reports read from leads, activities, won deals, revenue and targets.
    """

    _name = "sales.work.report.rollup"
    _description = "Team Roll-up of Work Reports"

    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        required=True,
        default=lambda self: self._default_team(),
    )
    date = fields.Date(
        string="Week Of",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the week to sum up.",
    )
    date_start = fields.Date(string="From", compute="_compute_period")
    date_end = fields.Date(string="To", compute="_compute_period")
    currency_id = fields.Many2one(related="team_id.company_id.currency_id")
    report_ids = fields.Many2many(
        "sales.work.report", string="Work Reports", compute="_compute_totals"
    )
    missing_user_ids = fields.Many2many(
        "res.users",
        string="Not Submitted",
        compute="_compute_totals",
        help="Members of the team without a submitted report for the week.",
    )
    report_count = fields.Integer(string="Reports", compute="_compute_totals")
    new_leads = fields.Integer(compute="_compute_totals")
    activities_done = fields.Integer(compute="_compute_totals")
    visits_done = fields.Integer(compute="_compute_totals")
    won_deals = fields.Integer(compute="_compute_totals")
    revenue = fields.Monetary(compute="_compute_totals")
    target_value = fields.Monetary(string="Revenue Target", compute="_compute_totals")
    attainment = fields.Float(string="Achievement (%)", compute="_compute_totals", digits=(16, 1))

    def _default_team(self):
        """The team the user leads, else their own, else (a manager's case) the
        first team they may read: the roll-up always opens on a team."""
        Team = self.env["crm.team"]
        led = Team.search([("user_id", "=", self.env.uid)], limit=1)
        return led or self.env.user.sale_team_id or Team.search([], limit=1)

    @api.depends("date")
    def _compute_period(self):
        for rollup in self:
            start, end = report_bounds(rollup.date or fields.Date.today(), "week")
            rollup.date_start, rollup.date_end = start, end

    @api.depends("team_id", "date")
    def _compute_totals(self):
        Report = self.env["sales.work.report"]
        for rollup in self:
            reports = Report.search(
                [
                    ("team_id", "=", rollup.team_id.id),
                    ("date_start", ">=", rollup.date_start),
                    ("date_end", "<=", rollup.date_end),
                ]
            )
            rows = reports.read(list(REPORT_FIGURES))
            totals = roll_up(rows)
            rollup.report_ids = reports
            rollup.report_count = totals["count"]
            for figure in REPORT_FIGURES:
                rollup[figure] = totals[figure]
            rollup.attainment = totals["attainment"] or 0.0
            submitted = reports.filtered(lambda r: r.state != "draft").user_id
            members = rollup.team_id.member_ids
            rollup.missing_user_ids = members - submitted

    def _action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Team Roll-up"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
