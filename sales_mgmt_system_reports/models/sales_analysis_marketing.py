from odoo import fields, models
from odoo.tools import SQL


class SalesAnalysisMarketing(models.Model):
    """Marketing plans: their cost against the leads and revenue of their
    campaign, attributed as on the plan's form: leads created and orders
    confirmed with the campaign between the plan's first and last day (days of
    the company's timezone).

    One row per plan (its budget and costs), one per attributed lead and one
    per attributed order. All measures are sums, right at every grouping; the
    ROI ((revenue - cost) / cost) and the cost per lead of a group are read
    from its cost, revenue and leads, a pivot cannot divide measures.
    """

    _name = "sales.analysis.marketing"
    _inherit = "sales.analysis.mixin"
    _description = "Marketing ROI Analysis"
    _auto = False
    _order = "date_start desc"
    _rec_name = "plan_id"
    _depends = {
        "sales.marketing.plan": [
            "company_id",
            "user_id",
            "campaign_id",
            "date_start",
            "date_end",
            "state",
            "budget",
            "planned_cost",
            "actual_cost",
        ],
        "crm.lead": ["campaign_id", "company_id", "create_date"],
        "sale.order": [
            "campaign_id",
            "company_id",
            "state",
            "date_order",
            "amount_untaxed",
            "currency_rate",
        ],
    }

    plan_id = fields.Many2one("sales.marketing.plan", string="Marketing Plan", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("running", "Running"),
            ("done", "Done"),
        ],
        string="Plan Status",
        readonly=True,
    )
    date_start = fields.Date(string="Plan Start", readonly=True)
    budget = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")
    planned_cost = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")
    actual_cost = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")
    lead_count = fields.Integer(string="Leads", readonly=True, aggregator="sum")
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    won_revenue = fields.Monetary(
        string="Revenue",
        readonly=True,
        aggregator="sum",
        currency_field="currency_id",
        help="Confirmed sales orders of the campaign in the plan's period, untaxed, in the "
        "company's currency.",
    )
    net_return = fields.Monetary(
        readonly=True,
        aggregator="sum",
        currency_field="currency_id",
        help="Revenue minus actual cost.",
    )

    def _query(self):
        return SQL(
            """
            WITH plan AS (
                SELECT p.id, p.campaign_id, p.company_id, company.currency_id, p.user_id,
                       p.state, p.date_start, p.date_end, p.budget, p.planned_cost,
                       p.actual_cost,
                       COALESCE(NULLIF(cp.tz, ''), 'UTC') AS tz
                  FROM sales_marketing_plan p
                  JOIN res_company company ON company.id = p.company_id
                  JOIN res_partner cp ON cp.id = company.partner_id
            ), rows AS (
                SELECT plan.id AS plan_id, plan.budget, plan.planned_cost, plan.actual_cost,
                       0 AS lead_count, 0 AS order_count, 0.0 AS won_revenue,
                       -plan.actual_cost AS net_return
                  FROM plan
             UNION ALL
                SELECT plan.id, 0.0, 0.0, 0.0, 1, 0, 0.0, 0.0
                  FROM plan
                  JOIN crm_lead lead
                    ON lead.campaign_id = plan.campaign_id
                   AND (lead.company_id IS NULL OR lead.company_id = plan.company_id)
                   AND (lead.create_date AT TIME ZONE 'UTC' AT TIME ZONE plan.tz)::date
                       BETWEEN plan.date_start AND plan.date_end
             UNION ALL
                SELECT plan.id, 0.0, 0.0, 0.0, 0, 1, amount.value, amount.value
                  FROM plan
                  JOIN sale_order so
                    ON so.campaign_id = plan.campaign_id
                   AND so.company_id = plan.company_id
                   AND so.state = 'sale'
                   AND (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE plan.tz)::date
                       BETWEEN plan.date_start AND plan.date_end
                 CROSS JOIN LATERAL (
                        SELECT so.amount_untaxed / CASE COALESCE(so.currency_rate, 0)
                                   WHEN 0 THEN 1.0 ELSE so.currency_rate END AS value
                       ) amount
            )
            SELECT ROW_NUMBER() OVER (ORDER BY rows.plan_id) AS id, rows.plan_id,
                   plan.campaign_id, plan.company_id, plan.currency_id, plan.user_id,
                   plan.state, plan.date_start,
                   rows.budget, rows.planned_cost, rows.actual_cost, rows.lead_count,
                   rows.order_count, rows.won_revenue, rows.net_return
              FROM rows
              JOIN plan ON plan.id = rows.plan_id
            """
        )
