from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..core.customers import RFM_SEGMENT_CODES

# Commercial entities that are not the company's own users: the customers.
CUSTOMER_DOMAIN = [
    ("partner_share", "=", True),
    "|",
    ("is_company", "=", True),
    ("parent_id", "=", False),
]


class SalesSegment(models.Model):
    """A group of customers by rule, kept up to date by the daily lifecycle action."""

    _name = "sales.segment"
    _description = "Customer Segment"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Members are customers of this company or shared by all companies.",
    )
    rule_type = fields.Selection(
        [
            ("domain", "Domain"),
            ("region", "Region"),
            ("tags", "Tags"),
            ("rfm", "RFM Segment"),
        ],
        string="Rule",
        required=True,
        default="region",
        tracking=True,
    )
    domain = fields.Char(
        default="[]",
        help="Customers matching this filter, e.g. [('country_id.code', '=', 'CN')].",
    )
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="States")
    category_ids = fields.Many2many("res.partner.category", string="Tags")
    rfm_segments = fields.Char(
        string="RFM Segments",
        help="Comma-separated RFM segment codes, e.g. champions,loyal.",
    )
    rfm_segment_help = fields.Char(compute="_compute_rfm_segment_help", string="Known Codes")
    partner_ids = fields.Many2many(
        "res.partner",
        "sales_segment_res_partner_rel",
        "segment_id",
        "partner_id",
        string="Customers",
        readonly=True,
        copy=False,
    )
    partner_count = fields.Integer(string="Customers Count", compute="_compute_partner_count")
    last_refresh = fields.Datetime(readonly=True, copy=False)
    offer_ids = fields.One2many("sales.segment.offer", "segment_id", string="Offers")
    offer_count = fields.Integer(compute="_compute_offer_count", string="Offers Count")

    def _compute_rfm_segment_help(self):
        self.rfm_segment_help = ", ".join(RFM_SEGMENT_CODES)

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        if not self.ids:
            self.partner_count = 0
            return
        self.env.cr.execute(
            SQL(
                "SELECT segment_id, count(*) FROM sales_segment_res_partner_rel"
                " WHERE segment_id = ANY(%s) GROUP BY segment_id",
                list(self.ids),
            )
        )
        counts = dict(self.env.cr.fetchall())
        for segment in self:
            segment.partner_count = counts.get(segment.id, 0)

    def _compute_offer_count(self):
        counts = dict(
            self.env["sales.segment.offer"]._read_group(
                [("segment_id", "in", self.ids)], ["segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.offer_count = counts.get(segment, 0)

    @api.constrains("rule_type", "domain")
    def _check_domain(self):
        for segment in self.filtered(lambda s: s.rule_type == "domain"):
            try:
                domain = safe_eval(segment.domain or "[]")
                if not isinstance(domain, list | tuple):
                    raise ValueError(domain)
                self.env["res.partner"].sudo()._search(list(domain))
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The domain of segment %(segment)s is not a valid customer filter "
                        "(%(error)s). Write it as a list of conditions, for example "
                        "[('country_id.code', '=', 'CN')].",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    @api.constrains("rule_type", "rfm_segments")
    def _check_rfm_segments(self):
        for segment in self.filtered(lambda s: s.rule_type == "rfm"):
            codes = segment._rfm_codes()
            unknown = [code for code in codes if code not in RFM_SEGMENT_CODES]
            if unknown or not codes:
                raise ValidationError(
                    self.env._(
                        "Segment %(segment)s needs RFM segment codes separated by commas, "
                        "among: %(codes)s. Unknown: %(unknown)s.",
                        segment=segment.name,
                        codes=", ".join(RFM_SEGMENT_CODES),
                        unknown=", ".join(unknown) or "-",
                    )
                )

    def _rfm_codes(self):
        self.ensure_one()
        return [code.strip() for code in (self.rfm_segments or "").split(",") if code.strip()]

    def _rule_domain(self):
        """The customers this segment's rule selects."""
        self.ensure_one()
        if self.rule_type == "domain":
            rule = list(safe_eval(self.domain or "[]"))
        elif self.rule_type == "region":
            conditions = []
            if self.country_ids:
                conditions.append([("country_id", "in", self.country_ids.ids)])
            if self.state_ids:
                conditions.append([("state_id", "in", self.state_ids.ids)])
            rule = (
                ["|", *conditions[0], *conditions[1]]
                if len(conditions) == 2
                else (conditions[0] if conditions else [("id", "=", 0)])
            )
        elif self.rule_type == "tags":
            rule = [("category_id", "in", self.category_ids.ids or [0])]
        else:
            rule = [("rfm_segment", "in", self._rfm_codes() or [""])]
        company = [("company_id", "in", (False, self.company_id.id))] if self.company_id else []
        return CUSTOMER_DOMAIN + company + rule

    def action_refresh(self):
        """Recompute the members of these segments now."""
        self._refresh_membership()
        return True

    def _refresh_membership(self):
        """Replace each segment's members with the customers its rule selects.

        Two statements per segment, whatever its size; the same result when run again.
        """
        if not self:
            return
        Partner = self.env["res.partner"].sudo()
        Partner.flush_model()
        self.flush_recordset()
        table = SQL.identifier("sales_segment_res_partner_rel")
        for segment in self.sudo():
            query = Partner._search(segment._rule_domain())
            self.env.cr.execute(SQL("DELETE FROM %s WHERE segment_id = %s", table, segment.id))
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (segment_id, partner_id) SELECT %s, member.id FROM (%s) member",
                    table,
                    segment.id,
                    query.select(),
                )
            )
        self.sudo().write({"last_refresh": fields.Datetime.now()})
        self.invalidate_recordset(["partner_ids", "partner_count"])
        self.env["res.partner"].invalidate_model(["segment_ids"])

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.res_partner_action_customer"
        )
        action.update(
            {
                "name": self.name,
                "domain": [("segment_ids", "in", self.ids)],
                "context": {"create": False},
            }
        )
        return action

    def action_view_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_segment_offer"
        )
        action["domain"] = [("segment_id", "=", self.id)]
        action["context"] = {"default_segment_id": self.id}
        return action
