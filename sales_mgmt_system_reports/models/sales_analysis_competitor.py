from odoo import fields, models
from odoo.tools import SQL


class SalesAnalysisCompetitor(models.Model):
    """Win/loss against competitors, one row per decided deal and competitor.

    Won: an active opportunity in a won stage that listed the competitor among
    those in the running. Lost: an opportunity marked lost (archived,
    probability 0) that the competitor won. The same counting as the
    competitor's own form. The win rate averages ``100``/``0`` per row: won
    against / (won against + lost to) at every grouping level.
    """

    _name = "sales.analysis.competitor"
    _inherit = "sales.analysis.mixin"
    _description = "Competitor Win/Loss Analysis"
    _auto = False
    _order = "date_closed desc"
    _rec_name = "competitor_id"
    _depends = {
        "crm.lead": [
            "active",
            "type",
            "stage_id",
            "probability",
            "company_id",
            "user_id",
            "team_id",
            "partner_id",
            "expected_revenue",
            "date_closed",
            "competitor_ids",
            "lost_to_competitor_id",
            "lost_reason_id",
        ],
        "crm.stage": ["is_won"],
    }

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    competitor_id = fields.Many2one("sales.competitor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    outcome = fields.Selection([("won", "Won Against"), ("lost", "Lost To")], readonly=True)
    deal_count = fields.Integer(string="Deals", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="Won Against", readonly=True, aggregator="sum")
    lost_count = fields.Integer(string="Lost To", readonly=True, aggregator="sum")
    win_rate = fields.Float(
        string="Win Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Won against / (won against + lost to).",
    )
    expected_revenue = fields.Monetary(
        readonly=True, aggregator="sum", currency_field="currency_id"
    )
    won_revenue = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")
    lost_revenue = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")

    def _query(self):
        return SQL(
            """
            WITH decided AS (
                SELECT rel.lead_id, rel.competitor_id, 'won' AS outcome
                  FROM crm_lead_sales_competitor_rel rel
                  JOIN crm_lead lead ON lead.id = rel.lead_id
                  JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.active AND stage.is_won AND lead.type = 'opportunity'
             UNION ALL
                SELECT lead.id, lead.lost_to_competitor_id, 'lost'
                  FROM crm_lead lead
                 WHERE lead.lost_to_competitor_id IS NOT NULL
                   AND NOT lead.active AND lead.probability = 0
            )
            SELECT ROW_NUMBER() OVER (ORDER BY d.lead_id, d.competitor_id, d.outcome) AS id,
                   d.lead_id, d.competitor_id, d.outcome,
                   lead.company_id, company.currency_id, lead.user_id, lead.team_id,
                   lead.partner_id, lead.lost_reason_id, lead.date_closed,
                   1 AS deal_count,
                   CASE WHEN d.outcome = 'won' THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN d.outcome = 'lost' THEN 1 ELSE 0 END AS lost_count,
                   CASE WHEN d.outcome = 'won' THEN 100.0 ELSE 0.0 END AS win_rate,
                   lead.expected_revenue,
                   CASE WHEN d.outcome = 'won' THEN lead.expected_revenue ELSE 0 END
                       AS won_revenue,
                   CASE WHEN d.outcome = 'lost' THEN lead.expected_revenue ELSE 0 END
                       AS lost_revenue
              FROM decided d
              JOIN crm_lead lead ON lead.id = d.lead_id
              LEFT JOIN res_company company ON company.id = lead.company_id
            """
        )
