from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sales_mgmt_system.core.feedback import NPS_DETRACTOR, NPS_PROMOTER
from odoo.addons.sales_mgmt_system.models.sales_feedback import CATEGORIES, SOURCES


class SalesAnalysisFeedback(models.Model):
    """Customer feedback: CSAT and NPS, one row per feedback.

    NPS is the share of promoters minus the share of detractors. Each answered
    row carries ``+100`` (promoter), ``0`` (passive) or ``-100`` (detractor) and
    the measure averages them over the answered rows: that average is exactly
    ``%promoters - %detractors`` of whatever group the pivot shows. The
    promoter, passive and detractor counts are there to check it.
    """

    _name = "sales.analysis.feedback"
    _inherit = "sales.analysis.mixin"
    _description = "Customer Feedback Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "feedback_id"
    _depends = {
        "sales.feedback": [
            "company_id",
            "partner_id",
            "user_id",
            "team_id",
            "date",
            "source",
            "category",
            "sentiment",
            "state",
            "csat",
            "nps",
        ],
    }

    feedback_id = fields.Many2one("sales.feedback", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    date = fields.Date(readonly=True)
    source = fields.Selection(SOURCES, readonly=True)
    category = fields.Selection(CATEGORIES, readonly=True)
    sentiment = fields.Selection(
        [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")],
        readonly=True,
    )
    feedback_count = fields.Integer(string="Feedback Received", readonly=True, aggregator="sum")
    csat_count = fields.Integer(string="CSAT Answers", readonly=True, aggregator="sum")
    csat_score = fields.Float(
        string="Average CSAT",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Average customer satisfaction (1 to 5) over the feedback that answered it.",
    )
    nps_count = fields.Integer(string="NPS Answers", readonly=True, aggregator="sum")
    promoter_count = fields.Integer(string="Promoters", readonly=True, aggregator="sum")
    passive_count = fields.Integer(string="Passives", readonly=True, aggregator="sum")
    detractor_count = fields.Integer(string="Detractors", readonly=True, aggregator="sum")
    nps = fields.Float(
        string="NPS",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Net Promoter Score: % promoters (9-10) minus % detractors (0-6) among the "
        "feedback that answered the NPS question, from -100 to 100.",
    )

    def _query(self):
        return SQL(
            """
            SELECT f.id, f.id AS feedback_id, f.company_id, f.partner_id, f.user_id,
                   f.team_id, f.date, f.source, f.category, f.sentiment,
                   1 AS feedback_count,
                   CASE WHEN f.csat IS NULL THEN 0 ELSE 1 END AS csat_count,
                   f.csat::float AS csat_score,
                   CASE WHEN f.nps IS NULL THEN 0 ELSE 1 END AS nps_count,
                   CASE WHEN f.nps::int >= %(promoter)s THEN 1 ELSE 0 END AS promoter_count,
                   CASE WHEN f.nps::int > %(detractor)s AND f.nps::int < %(promoter)s
                        THEN 1 ELSE 0 END AS passive_count,
                   CASE WHEN f.nps::int <= %(detractor)s THEN 1 ELSE 0 END AS detractor_count,
                   CASE WHEN f.nps IS NULL THEN NULL
                        WHEN f.nps::int >= %(promoter)s THEN 100.0
                        WHEN f.nps::int <= %(detractor)s THEN -100.0
                        ELSE 0.0 END AS nps
              FROM sales_feedback f
            """,
            promoter=NPS_PROMOTER,
            detractor=NPS_DETRACTOR,
        )
