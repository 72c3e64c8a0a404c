from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_stage_gate = fields.Boolean(
        related="company_id.sales_stage_gate",
        readonly=False,
        string="Stage Gate",
        help="Refuse to move a lead forward past a stage whose required steps are not done; "
        "sales managers can still override it with a reason.",
    )

    def action_open_sales_process_setup(self):
        return self.env["sales.process.setup.wizard"]._action_open()
