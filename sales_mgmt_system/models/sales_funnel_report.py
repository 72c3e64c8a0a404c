from odoo import fields, models, tools
from odoo.tools import SQL

from .crm_stage import SALES_PHASES


class SalesFunnelReport(models.Model):
    """Funnel analysis over the stage history (PRODUCT.md §2).

    One row per entry of a lead into a stage, with what happened next: whether
    the lead went on to a later stage, the days it spent in the stage and
    whether it was won. The pivot and graph views group these rows by stage,
    team, salesperson and period: the sums count entries, the averages give
    the conversion and win rates and the days per stage.
    """

    _name = "sales.funnel.report"
    _description = "Sales Funnel Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "stage_id"

    lead_id = fields.Many2one("crm.lead", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    sales_phase = fields.Selection(SALES_PHASES, readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(string="Entered On", readonly=True)
    entered_count = fields.Integer(string="Entered", readonly=True, aggregator="sum")
    advanced_count = fields.Integer(
        string="Moved On",
        readonly=True,
        aggregator="sum",
        help="Entries followed by a move to a later stage.",
    )
    conversion_rate = fields.Float(
        string="Conversion Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the entries into the stage that moved on to a later stage.",
    )
    days_in_stage = fields.Float(
        string="Average Days in Stage",
        readonly=True,
        aggregator="avg",
        help="Days spent in the stage by the leads that left it.",
    )
    won_count = fields.Integer(string="Won", readonly=True, aggregator="sum")
    win_rate = fields.Float(
        string="Win Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the entries into the stage whose lead was won.",
    )

    def _query(self):
        # What happened next comes from the entry itself (next_stage_id,
        # days_before_next, kept by sales.lead.stage.history): no window over
        # the whole history at each query.
        return SQL(
            """
            SELECT h.id, h.lead_id, h.stage_to_id AS stage_id, s.sequence AS stage_sequence,
                   s.sales_phase, l.team_id, l.user_id, l.company_id, h.date,
                   1 AS entered_count,
                   CASE WHEN s_next.sequence > s.sequence THEN 1 ELSE 0 END AS advanced_count,
                   CASE WHEN s_next.sequence > s.sequence THEN 100.0 ELSE 0.0 END
                       AS conversion_rate,
                   h.days_before_next AS days_in_stage,
                   CASE WHEN ws.is_won AND l.active THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN ws.is_won AND l.active THEN 100.0 ELSE 0.0 END AS win_rate
              FROM sales_lead_stage_history h
              JOIN crm_stage s ON s.id = h.stage_to_id
              JOIN crm_lead l ON l.id = h.lead_id
              LEFT JOIN crm_stage s_next ON s_next.id = h.next_stage_id
              LEFT JOIN crm_stage ws ON ws.id = l.stage_id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
