from collections import defaultdict

from odoo import api, fields, models


class CrmLead(models.Model):
    """Competitors, sales channel, slipped close dates and risks of a deal."""

    _inherit = "crm.lead"

    competitor_ids = fields.Many2many(
        "sales.competitor",
        "crm_lead_sales_competitor_rel",
        "lead_id",
        "competitor_id",
        string="Competitors",
        help="The competitors also in the running for this deal.",
    )
    lost_to_competitor_id = fields.Many2one(
        "sales.competitor",
        string="Lost To",
        index="btree_not_null",
        tracking=True,
        help="The competitor who won the deal we lost.",
    )
    sales_channel_id = fields.Many2one(
        "sales.channel",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="How the deal reached us; its quotations inherit it.",
    )
    close_date_push_count = fields.Integer(
        string="Close Date Pushed",
        readonly=True,
        copy=False,
        help="How many times the expected closing date was moved later.",
    )
    risk_ids = fields.One2many("sales.risk", "lead_id", string="Risks")
    risk_count = fields.Integer(compute="_compute_risk_count")

    def _compute_risk_count(self):
        counts = dict(
            self.env["sales.risk"]._read_group(
                [("lead_id", "in", self.ids), ("state", "!=", "closed")],
                ["lead_id"],
                ["__count"],
            )
        )
        for lead in self:
            lead.risk_count = counts.get(lead, 0)

    def write(self, vals):
        pushed = self.browse()
        if vals.get("date_deadline") and "close_date_push_count" not in vals:
            new_deadline = fields.Date.to_date(vals["date_deadline"])
            pushed = self.filtered(
                lambda lead: lead.date_deadline and lead.date_deadline < new_deadline
            )
        result = super().write(vals)
        if pushed:
            self._count_close_date_push(pushed)
        return result

    @api.model
    def _count_close_date_push(self, leads):
        """Add one push to ``leads``, one write per current count (few in a batch)."""
        by_count = defaultdict(list)
        for lead in leads:
            by_count[lead.close_date_push_count].append(lead.id)
        for count, ids in by_count.items():
            self.browse(ids).write({"close_date_push_count": count + 1})

    @api.onchange("lost_to_competitor_id")
    def _onchange_lost_to_competitor_id(self):
        if self.lost_to_competitor_id:
            self.competitor_ids |= self.lost_to_competitor_id

    def action_view_risks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_risk"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_category": "customer",
        }
        return action

    def _set_lost_to_competitor(self, competitor):
        """Record who won the deals we lost, and that they were in the running."""
        if competitor:
            self.write(
                {
                    "lost_to_competitor_id": competitor.id,
                    "competitor_ids": [fields.Command.link(competitor.id)],
                }
            )
