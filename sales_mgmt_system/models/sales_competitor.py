from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..core import deals as deals_core


class SalesCompetitor(models.Model):
    """A competitor: what they sell against us and at what price, how they
    sell, what we know of them, and how we fare against them.

    Shared reference data: every salesperson reads it, managers keep it.
    """

    _name = "sales.competitor"
    _description = "Competitor"
    _inherit = ["mail.thread"]
    _order = "threat_level_rank desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty to share the competitor between companies.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The currency of the prices: the company's, else the current company's.",
    )
    website = fields.Char()
    color = fields.Integer()
    threat_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        required=True,
        default="medium",
        tracking=True,
    )
    threat_level_rank = fields.Integer(compute="_compute_threat_level_rank", store=True)
    product_line_ids = fields.One2many(
        "sales.competitor.product", "competitor_id", string="Products and Prices"
    )
    strategy = fields.Html(help="How they sell: pricing, channels, target customers, promotions.")
    reviews = fields.Html(help="What customers and the market say about them.")
    strengths = fields.Html()
    weaknesses = fields.Html()
    opportunities = fields.Html()
    threats = fields.Html()
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_sales_competitor_rel",
        "competitor_id",
        "lead_id",
        string="Deals",
    )
    won_count = fields.Integer(
        string="Won Against",
        compute="_compute_win_rate",
        help="Opportunities we won where this competitor was in the running.",
    )
    lost_count = fields.Integer(
        string="Lost To",
        compute="_compute_win_rate",
        help="Lost opportunities that this competitor won.",
    )
    win_rate = fields.Float(
        string="Win Rate (%)",
        compute="_compute_win_rate",
        digits=(16, 1),
        help="Won against / (won against + lost to).",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A competitor with this name exists."),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for competitor in self:
            competitor.currency_id = (competitor.company_id or self.env.company).currency_id

    @api.depends("threat_level")
    def _compute_threat_level_rank(self):
        ranks = {"low": 1, "medium": 2, "high": 3}
        for competitor in self:
            competitor.threat_level_rank = ranks.get(competitor.threat_level, 0)

    def _compute_win_rate(self):
        counts = self._won_lost_counts()
        for competitor in self:
            won, lost = counts.get(competitor.id, (0, 0))
            competitor.won_count = won
            competitor.lost_count = lost
            competitor.win_rate = deals_core.win_rate(won, lost)

    def _won_lost_counts(self):
        """``{competitor_id: (won, lost)}`` from one grouped query.

        Won: active opportunities in a won stage listing the competitor. Lost:
        opportunities marked lost (archived, probability 0) that it won. Over
        the companies the user works in, whoever may read each deal: these are
        counts, as the competitor's record shows them to everyone.
        """
        ids = [competitor_id for competitor_id in self.ids if competitor_id]
        if not ids:
            return {}
        self.env["crm.lead"].flush_model(
            ["active", "type", "stage_id", "probability", "company_id", "lost_to_competitor_id"]
        )
        self.env["crm.stage"].flush_model(["is_won"])
        self.flush_model(["lead_ids"])
        company_ids = self.env.companies.ids
        self.env.cr.execute(
            SQL(
                """
                SELECT deals.competitor_id, SUM(deals.won), SUM(deals.lost)
                  FROM (
                        SELECT rel.competitor_id, 1 AS won, 0 AS lost
                          FROM crm_lead_sales_competitor_rel rel
                          JOIN crm_lead lead ON lead.id = rel.lead_id
                          JOIN crm_stage stage ON stage.id = lead.stage_id
                         WHERE rel.competitor_id = ANY(%(ids)s)
                           AND lead.active AND stage.is_won AND lead.type = 'opportunity'
                           AND (lead.company_id IS NULL OR lead.company_id = ANY(%(companies)s))
                     UNION ALL
                        SELECT lead.lost_to_competitor_id, 0, 1
                          FROM crm_lead lead
                         WHERE lead.lost_to_competitor_id = ANY(%(ids)s)
                           AND NOT lead.active AND lead.probability = 0
                           AND (lead.company_id IS NULL OR lead.company_id = ANY(%(companies)s))
                       ) AS deals
              GROUP BY deals.competitor_id
                """,
                ids=ids,
                companies=company_ids,
            )
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in self.env.cr.fetchall()}

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [
            "|",
            ("competitor_ids", "in", self.ids),
            ("lost_to_competitor_id", "in", self.ids),
        ]
        action["context"] = {"active_test": False, "default_competitor_ids": self.ids}
        return action


class SalesCompetitorProduct(models.Model):
    """One of our products against the competitor's, with both prices."""

    _name = "sales.competitor.product"
    _description = "Competitor Product"
    _order = "competitor_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    competitor_id = fields.Many2one(
        "sales.competitor", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="competitor_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="competitor_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Our Product",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    competitor_product = fields.Char(string="Their Product", required=True)
    competitor_price = fields.Monetary(string="Their Price", currency_field="currency_id")
    our_price = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_our_price",
        store=True,
        readonly=False,
        help="Our product's sales price, editable (e.g. the price usually agreed).",
    )
    price_gap = fields.Float(
        string="Price Gap (%)",
        compute="_compute_price_gap",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="How much dearer their price is than ours, in percent (negative: cheaper).",
    )
    notes = fields.Char()

    @api.depends("product_id")
    def _compute_our_price(self):
        for line in self:
            if line.product_id:
                line.our_price = line.product_id.lst_price

    @api.depends("competitor_price", "our_price")
    def _compute_price_gap(self):
        for line in self:
            line.price_gap = deals_core.price_gap(line.competitor_price, line.our_price)

    @api.constrains("competitor_price", "our_price")
    def _check_prices(self):
        for line in self:
            if line.competitor_price < 0 or line.our_price < 0:
                raise ValidationError(
                    self.env._(
                        "Prices cannot be negative (%(product)s: theirs %(theirs)s, ours "
                        "%(ours)s). Enter zero or a positive price.",
                        product=line.competitor_product,
                        theirs=line.competitor_price,
                        ours=line.our_price,
                    )
                )
