from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sales_mgmt_system.models.res_partner import LIFECYCLE_STAGES, RFM_SEGMENTS


class SalesAnalysisCustomer(models.Model):
    """Customers by lifecycle stage and RFM segment, one row per active
    customer (commercial entity with a customer rank or a lifecycle stage),
    with the figures the daily customer lifecycle action keeps on it."""

    _name = "sales.analysis.customer"
    _inherit = "sales.analysis.mixin"
    _description = "Customer Lifecycle and RFM Analysis"
    _auto = False
    _order = "customer_revenue desc"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "active",
            "company_id",
            "commercial_partner_id",
            "customer_rank",
            "user_id",
            "lifecycle_stage",
            "rfm_segment",
            "rfm_recency",
            "rfm_frequency",
            "rfm_monetary",
            "customer_order_count",
            "customer_revenue",
            "last_order_date",
        ],
        "res.users": ["sale_team_id", "company_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The main sales team of the customer's salesperson.",
    )
    lifecycle_stage = fields.Selection(LIFECYCLE_STAGES, readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment", readonly=True)
    rfm_recency = fields.Integer(string="Recency Score", readonly=True, aggregator="avg")
    rfm_frequency = fields.Integer(string="Frequency Score", readonly=True, aggregator="avg")
    rfm_monetary = fields.Integer(string="Monetary Score", readonly=True, aggregator="avg")
    last_order_date = fields.Date(string="Last Order", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True, aggregator="sum")
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    customer_revenue = fields.Monetary(
        string="Revenue",
        readonly=True,
        aggregator="sum",
        currency_field="currency_id",
        help="Untaxed amount of the customers' confirmed sales orders.",
    )

    def _query(self):
        return SQL(
            """
            SELECT p.id, p.id AS partner_id, p.company_id,
                   COALESCE(pc.currency_id, uc.currency_id) AS currency_id,
                   p.user_id, u.sale_team_id AS team_id, p.lifecycle_stage, p.rfm_segment,
                   NULLIF(p.rfm_recency, 0) AS rfm_recency,
                   NULLIF(p.rfm_frequency, 0) AS rfm_frequency,
                   NULLIF(p.rfm_monetary, 0) AS rfm_monetary,
                   p.last_order_date,
                   1 AS customer_count,
                   COALESCE(p.customer_order_count, 0) AS order_count,
                   COALESCE(p.customer_revenue, 0) AS customer_revenue
              FROM res_partner p
              LEFT JOIN res_company pc ON pc.id = p.company_id
              LEFT JOIN res_users u ON u.id = p.user_id
              LEFT JOIN res_company uc ON uc.id = u.company_id
             WHERE p.active AND p.id = p.commercial_partner_id
               AND (p.customer_rank > 0 OR p.lifecycle_stage IS NOT NULL)
            """
        )
