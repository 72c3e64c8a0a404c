from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesCommissionGenerate(models.TransientModel):
    _name = "sales.commission.generate"
    _description = "Generate Commission Statements"

    @api.model
    def _default_date_start(self):
        return self._default_date_end().replace(day=1)

    @api.model
    def _default_date_end(self):
        today = self.env["sales.mgmt.measure"]._company_today()
        return today.replace(day=1) - timedelta(days=1)

    plan_ids = fields.Many2many(
        "sales.commission.plan",
        string="Plans",
        required=True,
        domain="[('company_id', 'in', allowed_company_ids)]",
        default=lambda self: self.env["sales.commission.plan"].search(
            [("company_id", "in", self.env.companies.ids)]
        ),
    )
    date_start = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_start()
    )
    date_end = fields.Date(
        string="To", required=True, default=lambda self: self._default_date_end()
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_end < wizard.date_start:
                raise ValidationError(
                    self.env._(
                        "The period ends before it starts: choose an end date on or after "
                        "%(start)s.",
                        start=wizard.date_start,
                    )
                )

    def action_generate(self):
        self.ensure_one()
        statements = self.plan_ids.generate_statements(self.date_start, self.date_end)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_commission_statement"
        )
        action["domain"] = [("id", "in", statements.ids)]
        action["context"] = {}
        return action
