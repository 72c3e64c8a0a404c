from odoo import api, fields, models

from ..core import feedback as feedback_core


class ResPartner(models.Model):
    """Follow-up visits and feedback on the customer profile."""

    _inherit = "res.partner"

    # Written by done visits whose needs changed (sales.visit.needs_changed).
    sales_needs = fields.Text(
        string="Needs and Preferences",
        help="What the customer needs and prefers, as last recorded at a follow-up visit.",
    )
    visit_ids = fields.One2many("sales.visit", "partner_id", string="Visits")
    feedback_ids = fields.One2many("sales.feedback", "partner_id", string="Feedback")
    visit_count = fields.Integer(compute="_compute_visit_figures", string="Visit Count")
    feedback_count = fields.Integer(compute="_compute_visit_figures", string="Feedback Count")
    satisfaction_csat = fields.Float(
        string="CSAT (%)",
        compute="_compute_visit_figures",
        help="Share of satisfied answers (4 or 5) among the customer's CSAT answers.",
    )

    @api.depends("visit_ids", "feedback_ids.csat")
    def _compute_visit_figures(self):
        """Two grouped queries for all the partners shown."""
        partners = self.filtered("id")
        visits = dict(
            self.env["sales.visit"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        )
        answers = {}
        for partner, csat, count in self.env["sales.feedback"]._read_group(
            [("partner_id", "in", partners.ids)], ["partner_id", "csat"], ["__count"]
        ):
            counts = answers.setdefault(partner, {})
            if csat:
                counts[int(csat)] = counts.get(int(csat), 0) + count
            counts.setdefault("all", 0)
            counts["all"] += count
        for partner in self:
            partner_answers = dict(answers.get(partner, {}))
            partner.feedback_count = partner_answers.pop("all", 0)
            partner.visit_count = visits.get(partner, 0)
            partner.satisfaction_csat = feedback_core.csat_pct(partner_answers) or 0.0

    def action_open_sales_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_visit"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_open_sales_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_feedback"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
