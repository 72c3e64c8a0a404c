from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from .res_partner import LIFECYCLE_STAGES


class SalesLifecycleAction(models.Model):
    """A playbook step run once when a customer enters a lifecycle stage.

    For example a trial offer for prospects, an exclusive offer for loyal
    customers, a win-back call for customers at risk: an activity for the
    customer's salesperson and, optionally, a mail from a template.
    """

    _name = "sales.lifecycle.action"
    _description = "Customer Lifecycle Playbook Action"
    _order = "stage, sequence, id"
    _check_company_auto = True

    name = fields.Char(translate=True, help="Defaults to the stage and the activity type.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Run for the customers of this company only; empty for every company.",
    )
    stage = fields.Selection(
        LIFECYCLE_STAGES,
        required=True,
        help="Run when a customer enters this stage.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        domain="[('res_model', 'in', (False, 'res.partner'))]",
        help="Activity planned for the customer's salesperson; none if empty.",
    )
    summary = fields.Char(help="Summary of the planned activity.")
    delay_days = fields.Integer(
        string="Due After (Days)", default=0, help="Days from the transition to the due date."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Fallback Responsible",
        domain="[('share', '=', False)]",
        help="Gets the activity when the customer has no salesperson.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        domain="[('model', '=', 'res.partner')]",
        help="Mail sent to the customer on the transition; none if empty.",
    )

    _sql_constraints = [
        (
            "delay_days_not_negative",
            "CHECK(delay_days >= 0)",
            "The delay of a lifecycle action cannot be negative.",
        ),
    ]

    @api.depends("name", "stage", "activity_type_id")
    def _compute_display_name(self):
        stages = dict(self._fields["stage"]._description_selection(self.env))
        for action in self:
            action.display_name = action.name or " - ".join(
                part for part in (stages.get(action.stage), action.activity_type_id.name) if part
            )

    def _run_for_transitions(self, histories):
        """Run the active actions of the stages ``histories`` entered, in batch."""
        partners_by_stage = defaultdict(lambda: self.env["res.partner"])
        for history in histories:
            if history.stage_to:
                partners_by_stage[history.stage_to] |= history.partner_id
        if not partners_by_stage:
            return
        actions = self.sudo().search([("stage", "in", list(partners_by_stage))])
        if not actions:
            return
        today = fields.Date.context_today(self)
        activity_vals = []
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        for action in actions:
            partners = partners_by_stage[action.stage]
            if action.company_id:
                partners = partners.filtered(
                    lambda p, company=action.company_id: not p.company_id or p.company_id == company
                )
            if action.activity_type_id:
                activity_vals += [
                    {
                        "res_model_id": partner_model_id,
                        "res_id": partner.id,
                        "activity_type_id": action.activity_type_id.id,
                        "summary": action.summary or action.activity_type_id.summary,
                        "date_deadline": today + timedelta(days=action.delay_days),
                        "user_id": (partner.user_id or action.user_id or action.create_uid).id,
                    }
                    for partner in partners
                ]
            if action.mail_template_id and partners:
                action.mail_template_id.sudo().send_mail_batch(partners.ids)
        if activity_vals:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activity_vals
            )
