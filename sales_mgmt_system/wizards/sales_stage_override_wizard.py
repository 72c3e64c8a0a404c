from odoo import fields, models


class SalesStageOverrideWizard(models.TransientModel):
    _name = "sales.stage.override.wizard"
    _description = "Override Stage Gate"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    stage_id = fields.Many2one("crm.stage", string="Move To", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.lead_ids.action_override_stage(self.stage_id.id, self.reason)
        return {"type": "ir.actions.act_window_close"}
