from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import deals as deals_core

CHANNEL_TYPES = [
    ("direct", "Direct"),
    ("agent", "Agent"),
    ("distributor", "Distributor"),
    ("online", "Online"),
    ("retail", "Retail"),
]


class SalesChannel(models.Model):
    """A sales channel (销售渠道): how deals reach us, and its partners.

    Shared reference data: every salesperson reads it and picks it on leads
    and orders, managers keep it.
    """

    _name = "sales.channel"
    _description = "Sales Channel"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel_type = fields.Selection(
        CHANNEL_TYPES, string="Type", required=True, default="direct", tracking=True
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "sales_channel_partner_rel",
        "channel_id",
        "partner_id",
        string="Channel Partners",
        check_company=True,
        help="The agents, distributors or shops that sell through this channel.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Channel Manager",
        check_company=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    tier = fields.Selection(
        [("strategic", "Strategic"), ("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze")],
        tracking=True,
    )
    rebate_rate = fields.Float(
        string="Rebate (%)",
        digits=(16, 2),
        tracking=True,
        help="Share of the channel's revenue paid back to its partners, in percent.",
    )
    region = fields.Char(tracking=True)
    description = fields.Html()
    lead_ids = fields.One2many("crm.lead", "sales_channel_id", string="Leads")
    order_ids = fields.One2many("sale.order", "sales_channel_id", string="Sales Orders")
    revenue = fields.Monetary(
        compute="_compute_figures",
        currency_field="currency_id",
        help="Confirmed sales orders of the channel, untaxed, in the company's currency.",
    )
    deal_count = fields.Integer(
        string="Won Deals",
        compute="_compute_figures",
        help="Won opportunities of the channel.",
    )
    lead_count = fields.Integer(
        string="Leads and Opportunities",
        compute="_compute_figures",
        help="Leads and opportunities of the channel, open, won or lost.",
    )
    conversion_rate = fields.Float(
        string="Conversion (%)",
        compute="_compute_figures",
        digits=(16, 1),
        help="Won deals / leads and opportunities of the channel.",
    )

    @api.constrains("rebate_rate")
    def _check_rebate_rate(self):
        for channel in self:
            if not 0 <= channel.rebate_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "The rebate of %(channel)s must be between 0 and 100%% (it is %(rate)s%%).",
                        channel=channel.name,
                        rate=channel.rebate_rate,
                    )
                )

    @api.constrains("partner_ids")
    def _check_partners_are_not_salespeople(self):
        for channel in self:
            ours = channel.partner_ids.sudo().filtered(
                lambda partner: partner.user_ids.filtered(lambda user: not user.share)
            )
            if ours:
                raise ValidationError(
                    self.env._(
                        "%(partners)s work for us: a channel partner is an outside agent, "
                        "distributor or shop. Remove them from %(channel)s's partners.",
                        partners=", ".join(ours.mapped("display_name")),
                        channel=channel.name,
                    )
                )

    def _compute_figures(self):
        """One grouped read per figure for all the channels shown, over the
        orders and opportunities the reader may see (a salesperson: their own)."""
        revenue = self._revenue_by_channel()
        won, total = self._deal_counts_by_channel()
        for channel in self:
            channel.revenue = revenue.get(channel.id, 0.0)
            channel.deal_count = won.get(channel.id, 0)
            channel.lead_count = total.get(channel.id, 0)
            channel.conversion_rate = deals_core.rate(channel.deal_count, channel.lead_count)

    def _revenue_by_channel(self, date_from=None, date_to=None):
        """``{channel_id: revenue}``: confirmed orders, untaxed, in each channel's
        company currency, converted at the order's date; over the whole history
        or, given dates, over those days (company days, as targets read them)."""
        ids = [channel_id for channel_id in self.ids if channel_id]
        if not ids:
            return {}
        domain = [("state", "=", "sale"), ("sales_channel_id", "in", ids)]
        measure = self.env["sales.mgmt.measure"]
        if date_from and date_to:
            domain += measure._datetime_domain("date_order", (date_from, date_to), self.env.company)
        values = defaultdict(float)
        currencies = {channel.id: channel.company_id for channel in self}
        for channel, company, currency, day, amount in self.env["sale.order"]._read_group(
            domain,
            ["sales_channel_id", "company_id", "currency_id", "date_order:day"],
            ["amount_untaxed:sum"],
        ):
            target = currencies.get(channel.id) or company
            if currency != target.currency_id:
                amount = currency._convert(amount, target.currency_id, company, day)
            values[channel.id] += amount
        return dict(values)

    def _deal_counts_by_channel(self):
        """``({channel_id: won}, {channel_id: leads})`` in one grouped read: won
        deals are active ones in a won stage; lost ones (archived) count as leads."""
        ids = [channel_id for channel_id in self.ids if channel_id]
        if not ids:
            return {}, {}
        won, total = defaultdict(int), defaultdict(int)
        for channel, stage, active, count in (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("sales_channel_id", "in", ids),
                    "|",
                    ("active", "=", True),
                    ("probability", "=", 0),
                ],
                ["sales_channel_id", "stage_id", "active"],
                ["__count"],
            )
        ):
            total[channel.id] += count
            if stage.is_won and active:
                won[channel.id] += count
        return dict(won), dict(total)

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("sales_channel_id", "=", self.id)]
        action["context"] = {"default_sales_channel_id": self.id}
        return action

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("sales_channel_id", "=", self.id)]
        action["context"] = {"default_sales_channel_id": self.id}
        return action
