from odoo import api, fields, models

# Codes are public API (PRODUCT.md §15); the daily lifecycle action writes them.
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("first_purchase", "First Purchase"),
    ("repeat", "Repeat"),
    ("loyal", "Loyal"),
    ("at_risk", "At Risk"),
    ("churned", "Churned"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        index=True,
        copy=False,
        help="Where the customer stands in its lifecycle, set from its order history by "
        "the daily customer lifecycle action. Empty until a first run finds it.",
    )


# Codes are public API (PRODUCT.md §15), computed by core.customers.rfm_segment.
RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential Loyalist"),
    ("new", "New Customer"),
    ("promising", "Promising"),
    ("need_attention", "Needs Attention"),
    ("about_to_sleep", "About to Sleep"),
    ("at_risk", "At Risk"),
    ("cant_lose", "Can't Lose Them"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]

# Figures the daily customer lifecycle action writes in batches (never computed
# fields: see STYLE.md on recompute storms). Only on commercial entities.
PROFILE_FIELDS = (
    "customer_order_count",
    "customer_revenue",
    "first_order_date",
    "last_order_date",
    "avg_order_value",
    "lifecycle_stage",
    "rfm_recency",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_segment",
)


class ResPartnerCustomerProfile(models.Model):
    """The customer profile of PRODUCT.md §4, kept on the commercial entity."""

    _inherit = "res.partner"

    customer_order_count = fields.Integer(
        string="Orders",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="Confirmed sales orders of the customer and its contacts.",
    )
    customer_revenue = fields.Monetary(
        string="Revenue",
        readonly=True,
        copy=False,
        currency_field="customer_currency_id",
        groups="sales_team.group_sale_salesman",
        help="Untaxed amount of the confirmed sales orders, in the company currency.",
    )
    first_order_date = fields.Date(
        string="First Order", readonly=True, copy=False, groups="sales_team.group_sale_salesman"
    )
    last_order_date = fields.Date(
        string="Last Order",
        readonly=True,
        copy=False,
        index=True,
        groups="sales_team.group_sale_salesman",
    )
    avg_order_value = fields.Monetary(
        string="Average Order Value",
        readonly=True,
        copy=False,
        currency_field="customer_currency_id",
        groups="sales_team.group_sale_salesman",
    )
    customer_needs = fields.Text(
        string="Needs",
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="What the customer is looking for: problems to solve, projects, budget.",
    )
    customer_preferences = fields.Text(
        string="Preferences",
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="How the customer likes to be served: channel, contact hours, products.",
    )
    rfm_recency = fields.Integer(
        string="Recency Score",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="1 to 5 by quintile of the days since the last order among the customers who "
        "ordered in the RFM window (5: most recent). 0 without order in the window.",
    )
    rfm_frequency = fields.Integer(
        string="Frequency Score",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="1 to 5 by quintile of the number of orders in the RFM window (5: most).",
    )
    rfm_monetary = fields.Integer(
        string="Monetary Score",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        help="1 to 5 by quintile of the revenue in the RFM window (5: most).",
    )
    rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        readonly=True,
        copy=False,
        index=True,
        groups="sales_team.group_sale_salesman",
    )
    segment_ids = fields.Many2many(
        "sales.segment",
        "sales_segment_res_partner_rel",
        "partner_id",
        "segment_id",
        string="Segments",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
    )
    lifecycle_history_ids = fields.One2many(
        "sales.lifecycle.history",
        "partner_id",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    recommendation_ids = fields.One2many(
        "sales.customer.recommendation",
        "partner_id",
        string="Recommended Products",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    customer_currency_id = fields.Many2one(
        "res.currency",
        string="Profile Currency",
        compute="_compute_customer_currency_id",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends_context("company")
    def _compute_customer_currency_id(self):
        self.customer_currency_id = self.env.company.currency_id

    def action_view_customer_orders(self):
        """The confirmed orders of the commercial entity and its contacts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("state", "=", "sale"),
        ]
        action["context"] = {"create": False}
        return action

    def action_open_commercial_profile(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
        }

    def action_refresh_customer_profile(self):
        """Refresh the profile and lifecycle of these customers now."""
        self.env["sales.customer.lifecycle"]._refresh_partners(self.commercial_partner_id.ids)
        return True
