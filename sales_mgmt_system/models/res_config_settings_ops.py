from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_cost_warning_pct = fields.Float(
        string="Warn At (%)",
        config_parameter="sales_mgmt_system.cost_warning_pct",
        default=90.0,
        help="When a budget line's actual costs reach this share of its amount, the budget "
        "manager gets an activity, once per line.",
    )
    sales_cost_hard_block = fields.Boolean(
        string="Block Costs Beyond Budget",
        config_parameter="sales_mgmt_system.cost_hard_block",
        help="Refuse a cost entry that would take its budget line beyond 100%.",
    )

    @api.constrains("sales_cost_warning_pct")
    def _check_cost_warning_pct(self):
        for settings in self:
            if not 0 < settings.sales_cost_warning_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The cost warning threshold (%(pct)s%%) must be above 0 and at most 100.",
                        pct=settings.sales_cost_warning_pct,
                    )
                )
