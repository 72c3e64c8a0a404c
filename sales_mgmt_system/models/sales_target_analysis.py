from odoo import fields, models
from odoo.tools import SQL

from .sales_target import MEASURE_SELECTION


class SalesTargetAnalysis(models.Model):
    """Target against actual: each line of a confirmed or closed target twice,
    once with its target and once with its actual, so that a chart grouped by
    ``figure`` shows the two bars side by side."""

    _name = "sales.target.analysis"
    _description = "Target against Actual"
    _auto = False
    _order = "date_start, figure"
    _depends = {
        "sales.target.line": [
            "target_id",
            "company_id",
            "user_id",
            "team_id",
            "owner_team_id",
            "owner_level",
            "measure",
            "date_start",
            "target_value",
            "actual_value",
        ],
        "sales.target": ["state"],
    }

    line_id = fields.Many2one("sales.target.line", string="Target Line", readonly=True)
    target_id = fields.Many2one("sales.target", string="Sales Target", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    owner_team_id = fields.Many2one("crm.team", string="Team", readonly=True)
    owner_level = fields.Selection(
        [("team", "Team Target"), ("individual", "Individual Target")],
        string="Level",
        readonly=True,
    )
    measure = fields.Selection(MEASURE_SELECTION, readonly=True)
    date_start = fields.Date(string="Period", readonly=True)
    figure = fields.Selection([("target", "Target"), ("actual", "Actual")], readonly=True)
    value = fields.Float(readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        columns = SQL(
            """line.target_id, line.company_id, line.user_id, line.team_id,
               line.owner_team_id, line.owner_level, line.measure, line.date_start"""
        )
        return SQL(
            """
            SELECT line.id * 2 AS id, line.id AS line_id, %(columns)s,
                   'target' AS figure, line.target_value AS value
              FROM sales_target_line line
              JOIN sales_target target ON target.id = line.target_id
             WHERE target.state != 'draft'
            UNION ALL
            SELECT line.id * 2 + 1 AS id, line.id AS line_id, %(columns)s,
                   'actual' AS figure, line.actual_value AS value
              FROM sales_target_line line
              JOIN sales_target target ON target.id = line.target_id
             WHERE target.state != 'draft'
            """,
            columns=columns,
        )
