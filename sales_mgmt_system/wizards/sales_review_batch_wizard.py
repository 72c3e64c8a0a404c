from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.review import previous_month


class SalesReviewBatchWizard(models.TransientModel):
    """Draft the reviews of whole teams for a period, KPIs computed."""

    _name = "sales.review.batch.wizard"
    _description = "Create Performance Reviews for Teams"

    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        required=True,
        default=lambda self: self._default_team_ids(),
    )
    template_id = fields.Many2one(
        "sales.review.template",
        required=True,
        domain="[('company_id', 'in', allowed_company_ids)]",
        default=lambda self: self.env["sales.review"]._default_template(),
    )
    date_start = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_end = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )

    def _default_period(self):
        # Last month as the company counts its days, whatever the user's timezone.
        return previous_month(self.env["sales.mgmt.measure"]._company_today())

    @api.model
    def _default_team_ids(self):
        if self._is_manager():
            return self.env["crm.team"]
        return self.env["crm.team"].search([("user_id", "=", self.env.uid)])

    def _is_manager(self):
        return self.env.user.has_group("sales_team.group_sale_manager")

    def action_create_reviews(self):
        self.ensure_one()
        if not self._is_manager():
            not_led = self.team_ids.filtered(lambda team: team.user_id != self.env.user)
            if not_led:
                raise AccessError(
                    self.env._(
                        "You can create reviews only for the teams you lead; %(team)s is led "
                        "by someone else. Ask your sales manager.",
                        team=not_led[0].name,
                    )
                )
        reviews = self.env["sales.review"]._draft_team_reviews(
            self.date_start,
            self.date_end,
            teams=self.team_ids,
            template=self.template_id,
            skip_users=self.env["res.users"] if self._is_manager() else self.env.user,
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_review"
        )
        action["domain"] = [
            ("team_id", "in", self.team_ids.ids),
            ("template_id", "=", self.template_id.id),
            ("date_start", "=", self.date_start),
            ("date_end", "=", self.date_end),
        ]
        action["context"] = {"created_review_count": len(reviews)}
        return action
