from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import LIFECYCLE_STAGES

DEFAULT_VISIT_INTERVAL = 90
VISIT_INTERVAL_PARAM = "sales_mgmt_system.visit_interval_%s"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_visit_interval_default = fields.Integer(
        string="Default Visit Interval (days)",
        config_parameter=VISIT_INTERVAL_PARAM % "default",
        default=DEFAULT_VISIT_INTERVAL,
        help="Days between two follow-up visits of a customer whose lifecycle stage has no "
        "interval of its own, or that has no lifecycle stage yet.",
    )
    sales_visit_interval_prospect = fields.Integer(
        string="Prospects (days)", config_parameter=VISIT_INTERVAL_PARAM % "prospect"
    )
    sales_visit_interval_first_purchase = fields.Integer(
        string="First Purchase (days)", config_parameter=VISIT_INTERVAL_PARAM % "first_purchase"
    )
    sales_visit_interval_repeat = fields.Integer(
        string="Repeat (days)", config_parameter=VISIT_INTERVAL_PARAM % "repeat"
    )
    sales_visit_interval_loyal = fields.Integer(
        string="Loyal (days)", config_parameter=VISIT_INTERVAL_PARAM % "loyal"
    )
    sales_visit_interval_at_risk = fields.Integer(
        string="At Risk (days)", config_parameter=VISIT_INTERVAL_PARAM % "at_risk"
    )
    sales_visit_interval_churned = fields.Integer(
        string="Churned (days)", config_parameter=VISIT_INTERVAL_PARAM % "churned"
    )

    @api.constrains(
        "sales_visit_interval_default",
        *(f"sales_visit_interval_{stage}" for stage, _label in LIFECYCLE_STAGES),
    )
    def _check_visit_intervals(self):
        for settings in self:
            if settings.sales_visit_interval_default <= 0:
                raise ValidationError(
                    self.env._(
                        "The default visit interval must be at least one day: enter the "
                        "number of days between two follow-up visits."
                    )
                )
            for stage, _label in LIFECYCLE_STAGES:
                if settings[f"sales_visit_interval_{stage}"] < 0:
                    raise ValidationError(
                        self.env._(
                            "A visit interval cannot be negative: enter a number of days, "
                            "or 0 to use the default interval."
                        )
                    )
