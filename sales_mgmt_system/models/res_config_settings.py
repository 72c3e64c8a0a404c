from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_target_caution_threshold = fields.Float(
        string="Caution Below (%)",
        config_parameter="sales_mgmt_system.target_caution_threshold",
        default=90.0,
        help="A target needs attention when its actual is under this share of what its "
        "decomposition expects by today.",
    )
    sales_target_off_track_threshold = fields.Float(
        string="Off Track Below (%)",
        config_parameter="sales_mgmt_system.target_off_track_threshold",
        default=75.0,
        help="A target is off track when its actual is under this share of what its "
        "decomposition expects by today; its owner then gets an activity.",
    )

    @api.constrains("sales_target_caution_threshold", "sales_target_off_track_threshold")
    def _check_target_pace_thresholds(self):
        for settings in self:
            off_track = settings.sales_target_off_track_threshold
            caution = settings.sales_target_caution_threshold
            if not 0 < off_track < caution <= 100:
                raise ValidationError(
                    self.env._(
                        "Pace thresholds must satisfy 0 < off track (%(off_track)s%%) < "
                        "caution (%(caution)s%%) <= 100. Lower the off-track threshold or "
                        "raise the caution one.",
                        off_track=off_track,
                        caution=caution,
                    )
                )
