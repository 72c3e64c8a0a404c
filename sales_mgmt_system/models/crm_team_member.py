from odoo import api, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members._check_commission_plans()
        return members

    def write(self, vals):
        result = super().write(vals)
        if {"crm_team_id", "user_id", "active"} & set(vals):
            self._check_commission_plans()
        return result

    def _check_commission_plans(self):
        """A new team member must not be paid twice by overlapping commission plans."""
        plans = (
            self.env["sales.commission.plan"]
            .sudo()
            .search([("team_ids", "in", self.crm_team_id.ids)])
        )
        plans._check_no_overlapping_plan()
