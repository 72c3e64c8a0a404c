import threading
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import split_every

from ..core.playbook import (
    days_between,
    is_overdue,
    missing_required_steps,
    percent,
    stages_passed,
)

# The override action passes the gate with this object in the context. It is
# not JSON: no RPC call can send it, so only server code of this module can.
_GATE_OVERRIDE = object()
_GATE_OVERRIDE_KEY = "sales_stage_gate_override"
# How many leads a refusal names before it says "and N more".
REFUSAL_LEADS_SHOWN = 10
REMINDER_BATCH_SIZE = 200


class CrmLead(models.Model):
    _inherit = "crm.lead"

    lead_step_ids = fields.One2many("sales.lead.step", "lead_id", string="Checklist")
    stage_history_ids = fields.One2many("sales.lead.stage.history", "lead_id")
    playbook_progress = fields.Float(
        compute="_compute_playbook_progress",
        help="Share of the current stage's standard work steps that are done.",
    )
    days_in_stage = fields.Float(
        string="Days in Stage",
        compute="_compute_days_in_stage",
        digits=(16, 1),
        help="Days since the lead entered its current stage.",
    )
    stage_overdue = fields.Boolean(
        string="Overdue in Stage",
        compute="_compute_days_in_stage",
        search="_search_stage_overdue",
        help="The lead stayed longer in its stage than the stage's maximum number of days.",
    )
    stage_max_days = fields.Integer(related="stage_id.max_days", string="Maximum Days")
    pain_points = fields.Text(tracking=True, help="The problems the customer wants solved.")
    budget_amount = fields.Monetary(
        string="Budget", currency_field="company_currency", tracking=True
    )
    decision_process = fields.Text(
        help="Who decides, who influences and the steps to a signature.",
    )
    decision_maker_id = fields.Many2one("res.partner", tracking=True, check_company=True)
    purchase_timeline = fields.Char(
        help="When the customer plans to buy, e.g. 'Q3, after budget approval'.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("stage_id", "lead_step_ids.done", "lead_step_ids.stage_id")
    def _compute_playbook_progress(self):
        for lead in self:
            steps = lead.lead_step_ids.filtered(lambda s, lead=lead: s.stage_id == lead.stage_id)
            lead.playbook_progress = percent(len(steps.filtered("done")), len(steps))

    @api.depends("date_last_stage_update", "stage_id.max_days")
    def _compute_days_in_stage(self):
        now = fields.Datetime.now()
        for lead in self:
            days = days_between(lead.date_last_stage_update, now)
            lead.days_in_stage = days
            lead.stage_overdue = lead.active and is_overdue(days, lead.stage_id.max_days)

    def _search_stage_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue leads with 'is set' or 'is not set'."))
        now = fields.Datetime.now()
        stages = self.env["crm.stage"].sudo().search([("max_days", ">", 0)])
        overdue = [
            [
                ("stage_id", "=", stage.id),
                ("date_last_stage_update", "<", now - timedelta(days=stage.max_days)),
            ]
            for stage in stages
        ]
        domain = expression.OR(overdue) if overdue else [(0, "=", 1)]
        if (operator == "=") != value:
            return ["!", *domain] if overdue else []
        return domain

    # ------------------------------------------------------------------
    # Create and write: the gate, the history and the checklists
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        entered = leads.filtered("stage_id")
        if entered:
            now = self.env.cr.now()
            entered._sales_log_stage_changes(
                [(lead, lead.stage_id.browse(), lead.stage_id, 0.0) for lead in entered], now
            )
            entered._sales_add_stage_steps()
        return leads

    def write(self, vals):
        if "stage_id" not in vals or not self:
            return super().write(vals)
        vals = dict(vals)
        # Steps ticked in the same save (the form sends them with the stage)
        # count for the gate: write them first.
        step_commands = vals.pop("lead_step_ids", None)
        if step_commands is not None:
            super().write({"lead_step_ids": step_commands})
        new_stage = self.env["crm.stage"].browse(vals["stage_id"] or [])
        moving = self.filtered(lambda lead: lead.stage_id != new_stage)
        if not moving:
            return super().write(vals)
        override = self.env.context.get(_GATE_OVERRIDE_KEY)
        overridden = override is _GATE_OVERRIDE
        if not overridden:
            moving._sales_check_stage_gate(new_stage)
        # The transaction's time, as Odoo stamps date_last_stage_update.
        now = self.env.cr.now()
        changes = [
            (lead, lead.stage_id, new_stage, days_between(lead.date_last_stage_update, now))
            for lead in moving
        ]
        result = super().write(vals)
        reason = self.env.context.get("sales_stage_override_reason") if overridden else False
        moving._sales_log_stage_changes(changes, now, overridden=overridden, reason=reason)
        if new_stage:
            moving._sales_add_stage_steps()
        moving._sales_close_overdue_reminders()
        return result

    def _sales_gate_enabled(self):
        """The gate applies to the users' moves, in the companies that keep it on.

        Code running as superuser (data files, the demo loader, sudo'ed server
        code) is not gated: it is not a salesperson moving a deal.
        """
        if self.env.su:
            return self.browse()
        return self.filtered(lambda lead: (lead.company_id or self.env.company).sales_stage_gate)

    def _sales_check_stage_gate(self, new_stage):
        """Refuse, for all the leads at once, a forward move past undone required steps.

        Three queries whatever the number of leads: the stages, the required
        steps of the stages passed and the steps the leads have done.
        """
        gated = self._sales_gate_enabled()
        if not gated or not new_stage:
            return
        Stage = self.env["crm.stage"].sudo().with_context(active_test=False)
        stages = Stage.search_fetch([], ["sequence", "team_id"])
        passed_by_lead = {}
        for lead in gated:
            pipeline = [
                (stage.id, stage.sequence)
                for stage in stages
                if not stage.team_id
                or stage.team_id == lead.team_id
                or stage
                in (
                    lead.stage_id,
                    new_stage,
                )
            ]
            passed = stages_passed(pipeline, lead.stage_id.id, new_stage.id)
            if passed:
                passed_by_lead[lead] = passed
        if not passed_by_lead:
            return
        passed_ids = {stage_id for passed in passed_by_lead.values() for stage_id in passed}
        steps = (
            self.env["sales.stage.step"]
            .sudo()
            .search_fetch(
                [("stage_id", "in", list(passed_ids)), ("required", "=", True)],
                ["stage_id", "name", "sequence"],
            )
        )
        if not steps:
            return
        required = defaultdict(list)
        for step in steps:
            required[step.stage_id.id].append(step.id)
        done_rows = (
            self.env["sales.lead.step"]
            .sudo()
            ._read_group(
                [
                    ("lead_id", "in", [lead.id for lead in passed_by_lead]),
                    ("step_id", "in", steps.ids),
                    ("done", "=", True),
                ],
                ["lead_id"],
                ["step_id:array_agg"],
            )
        )
        done_by_lead = {lead.id: set(step_ids) for lead, step_ids in done_rows}
        refusals = []
        for lead, passed in passed_by_lead.items():
            missing = missing_required_steps(passed, required, done_by_lead.get(lead.id, ()))
            if missing:
                refusals.append((lead, steps.browse(missing)))
        if refusals:
            raise UserError(self._sales_gate_message(new_stage, refusals))

    def _sales_gate_message(self, new_stage, refusals):
        lines = [
            self.env._(
                "%(lead)s (%(stage)s): %(steps)s",
                lead=lead.display_name,
                stage=", ".join(missing.stage_id.mapped("name")),
                steps=", ".join(missing.mapped("name")),
            )
            for lead, missing in refusals[:REFUSAL_LEADS_SHOWN]
        ]
        if len(refusals) > REFUSAL_LEADS_SHOWN:
            lines.append(
                self.env._(
                    "... and %(count)s more leads.", count=len(refusals) - REFUSAL_LEADS_SHOWN
                )
            )
        return self.env._(
            "Stage gate: these leads cannot move forward to %(stage)s until the required "
            "steps are done. Tick them on the checklist, or ask a sales manager to "
            "override the gate.\n%(leads)s",
            stage=new_stage.display_name,
            leads="\n".join(lines),
        )

    def _sales_log_stage_changes(self, changes, date, overridden=False, reason=False):
        """One history row per change, created in one batch."""
        if not changes:
            return self.env["sales.lead.stage.history"]
        return (
            self.env["sales.lead.stage.history"]
            .sudo()
            .create(
                [
                    {
                        "lead_id": lead.id,
                        "stage_from_id": stage_from.id,
                        "stage_to_id": stage_to.id,
                        "date": date,
                        "user_id": self.env.uid,
                        "days_in_stage": round(days, 2),
                        "overridden": overridden,
                        "override_reason": reason or False,
                    }
                    for lead, stage_from, stage_to, days in changes
                ]
            )
        )

    def _sales_add_stage_steps(self):
        """Give the leads the checklist of their current stage, without duplicates.

        Steps done before (the lead was in this stage already) are kept.
        """
        stage_ids = self.stage_id.ids
        if not stage_ids:
            return
        steps = (
            self.env["sales.stage.step"]
            .sudo()
            .search_fetch([("stage_id", "in", stage_ids)], ["stage_id"])
        )
        if not steps:
            return
        existing = set(
            self.env["sales.lead.step"]
            .sudo()
            ._read_group(
                [("lead_id", "in", self.ids), ("step_id", "in", steps.ids)],
                ["lead_id", "step_id"],
            )
        )
        steps_by_stage = defaultdict(list)
        for step in steps:
            steps_by_stage[step.stage_id].append(step)
        vals_list = [
            {"lead_id": lead.id, "step_id": step.id, "stage_id": step.stage_id.id}
            for lead in self
            for step in steps_by_stage[lead.stage_id]
            if (lead, step) not in existing
        ]
        if vals_list:
            self.env["sales.lead.step"].sudo().create(vals_list)

    # ------------------------------------------------------------------
    # Override by a sales manager
    # ------------------------------------------------------------------

    def action_override_stage(self, stage_id, reason):
        """Move the leads to ``stage_id`` past the stage gate (sales managers only).

        The reason is posted in each lead's chatter and the history rows are
        marked as overridden.
        """
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales manager can override the stage gate."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give a reason to override the stage gate: it is logged on the lead.")
            )
        stage = self.env["crm.stage"].browse(stage_id).exists()
        if not stage:
            raise UserError(self.env._("Choose the stage to move the leads to."))
        self.check_access("write")
        moved_from = {lead: lead.stage_id for lead in self}
        self.with_context(
            **{_GATE_OVERRIDE_KEY: _GATE_OVERRIDE, "sales_stage_override_reason": reason}
        ).write({"stage_id": stage.id})
        for lead in self:
            lead.message_post(
                body=self.env._(
                    "Stage gate overridden by %(user)s: moved from %(from)s to %(to)s. "
                    "Reason: %(reason)s",
                    user=self.env.user.name,
                    to=stage.name,
                    reason=reason,
                    **{"from": moved_from[lead].name or "-"},
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_open_stage_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Stage Gate"),
            "res_model": "sales.stage.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Daily reminder of overdue leads
    # ------------------------------------------------------------------

    def _sales_close_overdue_reminders(self):
        """A lead that leaves its stage no longer needs the overdue reminder."""
        activity_type = self.env.ref(
            "sales_mgmt_system.mail_activity_stage_overdue", raise_if_not_found=False
        )
        if not activity_type:
            return
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).unlink()

    @api.model
    def _cron_stage_overdue(self):
        overdue = self.search([("stage_overdue", "=", True), ("user_id", "!=", False)])
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        done = 0
        for batch_ids in split_every(REMINDER_BATCH_SIZE, overdue.ids):
            self.browse(batch_ids)._sales_remind_overdue()
            done += len(batch_ids)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(overdue) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _sales_remind_overdue(self):
        """One activity per overdue lead: leads that have one already get none."""
        activity_type = self.env.ref("sales_mgmt_system.mail_activity_stage_overdue")
        reminded = set(
            self.env["mail.activity"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
            .mapped("res_id")
        )
        res_model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = [
            lead._prepare_overdue_activity_vals(activity_type, res_model_id, today)
            for lead in self
            if lead.id not in reminded and lead.user_id
        ]
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        if activities:
            activities.user_id._bus_send("mail.activity/updated", {"activity_created": True})
        return activities

    def _prepare_overdue_activity_vals(self, activity_type, res_model_id, today):
        self.ensure_one()
        return {
            "res_model_id": res_model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "user_id": self.user_id.id,
            "date_deadline": today,
            "summary": self.env._("Overdue in stage %(stage)s", stage=self.stage_id.name),
        }
