from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    """Odoo's "Mark as Lost" dialog also asks which competitor won."""

    _inherit = "crm.lead.lost"

    lost_to_competitor_id = fields.Many2one(
        "sales.competitor",
        string="Lost To",
        help="The competitor who won the deal, to count in their win/loss record.",
    )

    def action_lost_reason_apply(self):
        self.ensure_one()
        self.lead_ids._set_lost_to_competitor(self.lost_to_competitor_id)
        return super().action_lost_reason_apply()
