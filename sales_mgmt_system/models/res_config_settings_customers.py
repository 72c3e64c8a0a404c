from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.customers import LifecycleThresholds

DEFAULTS = LifecycleThresholds()


class ResConfigSettings(models.TransientModel):
    """Lifecycle and RFM thresholds of PRODUCT.md §15 (names are public API)."""

    _inherit = "res.config.settings"

    sales_loyal_min_orders = fields.Integer(
        string="Loyal From (Orders)",
        config_parameter="sales_mgmt_system.loyal_min_orders",
        default=DEFAULTS.loyal_min_orders,
        help="A customer with at least this many orders within the loyalty window is loyal.",
    )
    sales_loyal_min_revenue = fields.Float(
        string="Loyal From (Revenue)",
        config_parameter="sales_mgmt_system.loyal_min_revenue",
        default=DEFAULTS.loyal_min_revenue,
        help="A customer who bought at least this much (untaxed) within the loyalty window "
        "is loyal.",
    )
    sales_loyal_window_days = fields.Integer(
        string="Loyalty Window (Days)",
        config_parameter="sales_mgmt_system.loyal_window_days",
        default=DEFAULTS.loyal_window_days,
    )
    sales_at_risk_days = fields.Integer(
        string="At Risk After (Days)",
        config_parameter="sales_mgmt_system.at_risk_days",
        default=DEFAULTS.at_risk_days,
        help="A customer without order for more than this many days is at risk.",
    )
    sales_churned_days = fields.Integer(
        string="Churned After (Days)",
        config_parameter="sales_mgmt_system.churned_days",
        default=DEFAULTS.churned_days,
        help="A customer without order for more than this many days has churned. "
        "Must be greater than the at-risk delay.",
    )
    sales_rfm_window_days = fields.Integer(
        string="RFM Look-back (Days)",
        config_parameter="sales_mgmt_system.rfm_window_days",
        default=DEFAULTS.rfm_window_days,
        help="RFM scores rank the customers who ordered within this many days.",
    )

    @api.constrains(
        "sales_loyal_min_orders",
        "sales_loyal_min_revenue",
        "sales_loyal_window_days",
        "sales_at_risk_days",
        "sales_churned_days",
        "sales_rfm_window_days",
    )
    def _check_lifecycle_thresholds(self):
        for settings in self:
            thresholds = LifecycleThresholds(
                loyal_min_orders=settings.sales_loyal_min_orders,
                loyal_min_revenue=settings.sales_loyal_min_revenue,
                loyal_window_days=settings.sales_loyal_window_days,
                at_risk_days=settings.sales_at_risk_days,
                churned_days=settings.sales_churned_days,
                rfm_window_days=settings.sales_rfm_window_days,
            )
            errors = thresholds.errors()
            if not errors:
                continue
            if any(name == "churned_days" for name, _value in errors) and (
                settings.sales_churned_days > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Customers churn after %(churned)s days without order, which must be "
                        "more than the %(at_risk)s days after which they are at risk. Raise "
                        "the churn delay or lower the at-risk one.",
                        churned=settings.sales_churned_days,
                        at_risk=settings.sales_at_risk_days,
                    )
                )
            labels = ", ".join(
                self._fields[f"sales_{name}"].get_description(self.env)["string"]
                for name, _value in errors
            )
            raise ValidationError(
                self.env._(
                    "Lifecycle thresholds must be greater than zero: correct %(fields)s.",
                    fields=labels,
                )
            )
