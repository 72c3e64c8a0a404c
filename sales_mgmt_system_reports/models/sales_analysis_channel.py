from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sales_mgmt_system.models.sales_channel import CHANNEL_TYPES


class SalesAnalysisChannel(models.Model):
    """Sales channels: their confirmed orders and their leads, side by side.

    One row per confirmed sales order (revenue, untaxed, in the company's
    currency at the order's rate) and one per lead or opportunity that is
    active or marked lost (the channel's form counts the same). The conversion
    rate averages ``100``/``0`` over the lead rows only: won deals / leads at
    every grouping level.
    """

    _name = "sales.analysis.channel"
    _inherit = "sales.analysis.mixin"
    _description = "Sales Channel Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "sales_channel_id"
    _depends = {
        "sale.order": [
            "state",
            "company_id",
            "user_id",
            "team_id",
            "partner_id",
            "date_order",
            "amount_untaxed",
            "currency_rate",
            "sales_channel_id",
        ],
        "crm.lead": [
            "active",
            "probability",
            "stage_id",
            "company_id",
            "user_id",
            "team_id",
            "partner_id",
            "create_date",
            "sales_channel_id",
        ],
        "crm.stage": ["is_won"],
        "sales.channel": ["channel_type"],
    }

    sales_channel_id = fields.Many2one("sales.channel", readonly=True)
    channel_type = fields.Selection(CHANNEL_TYPES, readonly=True)
    document = fields.Selection(
        [("order", "Sales Order"), ("lead", "Lead / Opportunity")],
        readonly=True,
    )
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    date = fields.Datetime(readonly=True, help="Order date of an order, creation date of a lead.")
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    revenue = fields.Monetary(
        readonly=True,
        aggregator="sum",
        currency_field="currency_id",
        help="Confirmed sales orders, untaxed, in the company's currency.",
    )
    lead_count = fields.Integer(string="Leads", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="Won Deals", readonly=True, aggregator="sum")
    conversion_rate = fields.Float(
        string="Conversion Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Won deals / leads of the channel.",
    )

    def _query(self):
        return SQL(
            """
            SELECT so.id * 2 AS id, so.sales_channel_id, ch.channel_type,
                   'order' AS document, so.id AS order_id, NULL::integer AS lead_id,
                   so.company_id, company.currency_id, so.user_id, so.team_id,
                   so.partner_id, so.date_order AS date,
                   1 AS order_count,
                   so.amount_untaxed / CASE COALESCE(so.currency_rate, 0)
                                           WHEN 0 THEN 1.0 ELSE so.currency_rate END
                       AS revenue,
                   0 AS lead_count, 0 AS won_count, NULL::float AS conversion_rate
              FROM sale_order so
              JOIN sales_channel ch ON ch.id = so.sales_channel_id
              JOIN res_company company ON company.id = so.company_id
             WHERE so.state = 'sale'
            UNION ALL
            SELECT lead.id * 2 + 1, lead.sales_channel_id, ch.channel_type,
                   'lead', NULL, lead.id,
                   lead.company_id, company.currency_id, lead.user_id, lead.team_id,
                   lead.partner_id, lead.create_date,
                   0, 0.0,
                   1,
                   CASE WHEN stage.is_won AND lead.active THEN 1 ELSE 0 END,
                   CASE WHEN stage.is_won AND lead.active THEN 100.0 ELSE 0.0 END
              FROM crm_lead lead
              JOIN sales_channel ch ON ch.id = lead.sales_channel_id
              LEFT JOIN res_company company ON company.id = lead.company_id
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             WHERE lead.active OR lead.probability = 0
            """
        )
