from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sales_risk import DEFAULT_CONCENTRATION_PCT, DEFAULT_STALE_DAYS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_risk_stale_days = fields.Integer(
        string="Stale After (days)",
        config_parameter="sales_mgmt_system.risk_stale_days",
        default=DEFAULT_STALE_DAYS,
        help="An open opportunity with no message, mail, done activity or stage change "
        "for this many days becomes a stale-deal risk.",
    )
    sales_risk_concentration_pct = fields.Float(
        string="Customer Concentration Over (%)",
        config_parameter="sales_mgmt_system.risk_concentration_pct",
        default=DEFAULT_CONCENTRATION_PCT,
        help="A customer above this share of the last 12 months' confirmed revenue "
        "becomes a concentration risk.",
    )

    @api.constrains("sales_risk_stale_days", "sales_risk_concentration_pct")
    def _check_risk_thresholds(self):
        for settings in self:
            if settings.sales_risk_stale_days < 1:
                raise ValidationError(
                    self.env._("A deal goes stale after at least 1 day without activity.")
                )
            if not 0 < settings.sales_risk_concentration_pct < 100:
                raise ValidationError(
                    self.env._(
                        "The customer concentration threshold is a share of revenue: "
                        "enter a percentage between 0 and 100."
                    )
                )
