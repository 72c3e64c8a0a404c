import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, split_every

from ..core import feedback as feedback_core
from .res_config_settings_feedback import DEFAULT_VISIT_INTERVAL, VISIT_INTERVAL_PARAM
from .res_partner import LIFECYCLE_STAGES

PLAN_BATCH_SIZE = 1000
SATISFACTION = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
# Changed only by the action methods (internal context flag sales_visit_internal).
WORKFLOW_FIELDS = {"state"}
# What a done visit recorded: fixed once done.
DONE_FIELDS = {"date_done", "satisfaction", "needs_changed", "partner_id"}


class SalesVisit(models.Model):
    """A follow-up visit of a customer (客户回访): planned, then done or cancelled.

    A customer has at most one planned visit at a time. The daily scheduled
    action plans one for every customer that is due (see
    ``core.feedback.next_visit_due``), other areas plan one with
    ``_plan_follow_up_visits``.
    """

    _name = "sales.visit"
    _description = "Follow-up Visit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_planned desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Who visits: the customer's salesperson unless you choose someone else.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_planned = fields.Date(
        string="Planned Date",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env["sales.mgmt.measure"]._company_today(),
    )
    date_done = fields.Date(string="Visit Date", copy=False, tracking=True)
    visit_type = fields.Selection(
        [("phone", "Phone"), ("onsite", "On-site"), ("online", "Online"), ("wechat", "WeChat")],
        string="Visit Type",
        required=True,
        default="phone",
    )
    purpose = fields.Char(help="What the visit is for: satisfaction check, renewal, new needs...")
    outcome = fields.Text(copy=False, help="What came out of the visit.")
    satisfaction = fields.Selection(
        SATISFACTION, copy=False, help="How satisfied the customer said they are."
    )
    needs_changed = fields.Text(
        string="Changed Needs",
        copy=False,
        help="The customer's needs and preferences as they stand now, when they changed. "
        "Marking the visit done writes them on the customer's profile.",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Planned for a day that has passed and not done yet.",
    )
    next_visit_date = fields.Date(
        string="Next Visit",
        copy=False,
        help="When to visit again. Empty: the visit interval of the customer's lifecycle "
        "stage from the visit date. The daily planning uses it.",
    )
    feedback_id = fields.Many2one(
        "sales.feedback", string="Feedback", copy=False, readonly=True, index="btree_not_null"
    )

    @api.depends("partner_id")
    def _compute_user_id(self):
        for visit in self:
            visit.user_id = visit.partner_id.commercial_partner_id.user_id or visit.user_id

    @api.depends("user_id")
    def _compute_team_id(self):
        for visit in self:
            visit.team_id = visit.user_id.sale_team_id

    @api.depends("state", "date_planned")
    @api.depends_context("uid")
    def _compute_is_overdue(self):
        today = self.env["sales.mgmt.measure"]._company_today()
        for visit in self:
            visit.is_overdue = visit.state == "planned" and visit.date_planned < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Filter overdue visits with 'is set' or 'is not set'."))
        today = self.env["sales.mgmt.measure"]._company_today()
        overdue = [("state", "=", "planned"), ("date_planned", "<", today)]
        return overdue if (operator == "=") == value else ["!", *overdue]

    @api.depends("partner_id", "date_planned", "date_done", "state")
    def _compute_display_name(self):
        for visit in self:
            day = visit.date_done if visit.state == "done" else visit.date_planned
            visit.display_name = self.env._(
                "%(customer)s, %(date)s",
                customer=visit.partner_id.display_name or "",
                date=fields.Date.to_string(day) if day else "",
            )

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    def init(self):
        # The guarantee behind "never two open planned visits per customer",
        # whoever writes (the ORM check below gives the readable message).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS sales_visit_one_planned_per_partner "
                "ON sales_visit (partner_id) WHERE state = 'planned'"
            )
        )

    def _refuse_second_planned_visit(self, partner_ids):
        """Refuse planning a visit for customers that already have one planned
        (other than ``self``). Checked before writing, with one query: the
        unique index behind it would only give a database error."""
        partner_ids = [pid for pid in partner_ids if pid]
        if not partner_ids:
            return
        if len(set(partner_ids)) < len(partner_ids):
            duplicate = next(pid for pid in partner_ids if partner_ids.count(pid) > 1)
            other = self.env["res.partner"].browse(duplicate)
        else:
            other = (
                self.sudo()
                .search(
                    [
                        ("partner_id", "in", partner_ids),
                        ("state", "=", "planned"),
                        ("id", "not in", self.ids),
                    ],
                    limit=1,
                )
                .partner_id
            )
        if other:
            raise ValidationError(
                self.env._(
                    "%(customer)s already has a planned visit: reschedule that one "
                    "instead of planning another.",
                    customer=other.display_name,
                )
            )

    @api.constrains("date_done", "state")
    def _check_date_done(self):
        Measure = self.env["sales.mgmt.measure"]
        for visit in self.filtered("date_done"):
            today = Measure._company_today(visit.company_id)
            if visit.date_done > today:
                raise ValidationError(
                    self.env._(
                        "The visit of %(customer)s is dated %(date)s, in the future: a visit "
                        "is marked done on or after the day it took place.",
                        customer=visit.partner_id.display_name,
                        date=visit.date_done,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("sales_visit_internal"):
            for vals in vals_list:
                if vals.get("state", "planned") != "planned":
                    raise UserError(
                        self.env._("A visit is created planned: mark it done with the Done button.")
                    )
        self._refuse_second_planned_visit(
            [
                vals.get("partner_id")
                for vals in vals_list
                if vals.get("state", "planned") == "planned"
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("sales_visit_internal"):
            if WORKFLOW_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "A visit's status changes only with its buttons: Done, Cancel or "
                        "Plan Again."
                    )
                )
            if DONE_FIELDS & set(vals) and self.filtered(lambda v: v.state == "done"):
                raise UserError(
                    self.env._(
                        "A done visit keeps what it recorded (customer, visit date, "
                        "satisfaction, changed needs): plan a new visit instead."
                    )
                )
        if vals.get("partner_id") or vals.get("state") == "planned":
            planned = (
                self
                if vals.get("state") == "planned"
                else self.filtered(lambda v: v.state == "planned")
            )
            planned._refuse_second_planned_visit(
                [vals.get("partner_id") or visit.partner_id.id for visit in planned]
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        """Record the visit as done today (or on its visit date), close its
        activities, write the changed needs on the customer and record the
        satisfaction as feedback from the visit."""
        if self.filtered(lambda v: v.state != "planned"):
            raise UserError(self.env._("Only planned visits can be marked done."))
        self.check_access("write")
        Measure = self.env["sales.mgmt.measure"]
        for visit in self:
            vals = {"state": "done"}
            if not visit.date_done:
                vals["date_done"] = Measure._company_today(visit.company_id)
            visit.with_context(sales_visit_internal=True).write(vals)
        self._apply_changed_needs()
        self._create_visit_feedback()
        self.activity_ids.action_feedback(feedback=self.env._("Visit done"))
        return True

    def action_cancel(self):
        if self.filtered(lambda v: v.state != "planned"):
            raise UserError(self.env._("Only planned visits can be cancelled."))
        self.check_access("write")
        self.with_context(sales_visit_internal=True).write({"state": "cancelled"})
        self.activity_ids.unlink()
        return True

    def action_plan_again(self):
        """Put a cancelled visit back in the plan."""
        if self.filtered(lambda v: v.state != "cancelled"):
            raise UserError(self.env._("Only cancelled visits can be planned again."))
        self.check_access("write")
        self.with_context(sales_visit_internal=True).write({"state": "planned"})
        return True

    def _apply_changed_needs(self):
        """Write the changed needs on the customers' profiles and their chatter."""
        for visit in self.filtered("needs_changed"):
            partner = visit.partner_id.commercial_partner_id
            partner.sudo().sales_needs = visit.needs_changed
            partner.sudo().message_post(
                body=self.env._(
                    "Needs and preferences updated at the visit of %(date)s by %(user)s: %(needs)s",
                    date=visit.date_done,
                    user=self.env.user.name,
                    needs=visit.needs_changed,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _create_visit_feedback(self):
        """The satisfaction given at a visit is a CSAT answer (source: visit)."""
        vals_list = [visit._prepare_feedback_vals() for visit in self.filtered("satisfaction")]
        feedback = self.env["sales.feedback"].sudo().create(vals_list)
        for visit, answer in zip(self.filtered("satisfaction"), feedback, strict=True):
            visit.with_context(sales_visit_internal=True).feedback_id = answer
        return feedback

    def _prepare_feedback_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "date": self.date_done,
            "source": "visit",
            "category": "service",
            "csat": self.satisfaction,
            "comment": self.outcome,
            "visit_id": self.id,
        }

    # ------------------------------------------------------------------
    # Planning: the daily scheduled action and other areas
    # ------------------------------------------------------------------

    @api.model
    def _visit_intervals(self):
        """``(intervals by lifecycle stage, default interval)`` in days, from Settings."""
        params = self.env["ir.config_parameter"].sudo()
        default = int(params.get_param(VISIT_INTERVAL_PARAM % "default") or 0)
        intervals = {
            stage: int(params.get_param(VISIT_INTERVAL_PARAM % stage) or 0)
            for stage, _label in LIFECYCLE_STAGES
        }
        return intervals, default if default > 0 else DEFAULT_VISIT_INTERVAL

    @api.model
    def _plan_follow_up_visits(self, partners, date_planned=None, purpose=None, user=None):
        """Plan one follow-up visit for each of ``partners`` that has none planned.

        For other areas (e.g. a visit after a ticket is resolved) and the daily
        planning. Customers are taken as their commercial entity; a customer
        that already has a planned visit keeps it (never two). Each new visit
        goes to ``user`` or the customer's salesperson (customers without
        either are skipped) on ``date_planned`` (default: today), with an
        activity for that salesperson. Returns the planned visits of
        ``partners``, new and existing. Runs as superuser: the caller decides
        which customers to plan for.
        """
        Visit = self.sudo().with_context(
            sales_visit_internal=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            tracking_disable=True,
        )
        partners = partners.commercial_partner_id
        existing = Visit.search([("partner_id", "in", partners.ids), ("state", "=", "planned")])
        todo = partners - existing.partner_id
        Measure = self.env["sales.mgmt.measure"]
        vals_list = []
        for partner in todo:
            owner = user or partner.user_id
            if not owner:
                continue
            company = partner.company_id or owner.company_id
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "user_id": owner.id,
                    "company_id": company.id,
                    "date_planned": date_planned or Measure._company_today(company),
                    "purpose": purpose or self.env._("Follow-up visit"),
                }
            )
        visits = Visit.create(vals_list)
        visits._create_planning_activities()
        return (existing | visits).with_env(self.env)

    def _create_planning_activities(self):
        """One activity per visit for its salesperson, created at once (no
        per-activity notification: the salesperson sees them in Activities)."""
        if not self:
            return self.env["mail.activity"]
        activity_type = self.env.ref(
            "sales_mgmt_system.mail_activity_type_visit", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        res_model_id = self.env["ir.model"]._get_id(self._name)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": res_model_id,
                        "res_id": visit.id,
                        "activity_type_id": activity_type.id,
                        "automated": True,
                        "user_id": visit.user_id.id,
                        "date_deadline": visit.date_planned,
                        "summary": visit.purpose,
                    }
                    for visit in self
                ]
            )
        )
        activities.user_id._bus_send("mail.activity/updated", {"activity_created": True})
        return activities

    @api.model
    def _cron_plan_visits(self):
        self._plan_due_visits()

    @api.model
    def _plan_due_visits(self, today=None, batch_size=PLAN_BATCH_SIZE):
        """Plan a visit for every customer that is due on ``today`` (default:
        the company's today) and has no planned visit. Returns the count.

        One query finds the candidates (customers with a salesperson and no
        planned visit, whose earliest possible due day has come); the due rule
        of ``core.feedback`` decides; visits and activities are created per
        batch, committed per batch outside tests. Running it again plans
        nothing more.
        """
        today = today or self.env["sales.mgmt.measure"]._company_today()
        intervals, default = self._visit_intervals()
        due_ids = [
            partner_id
            for partner_id, stage, last_done, scheduled, since in self._visit_candidates(
                today, min([default, *(d for d in intervals.values() if d > 0)])
            )
            if feedback_core.is_due(
                today,
                feedback_core.interval_for_stage(stage, intervals, default),
                last_done,
                scheduled,
                since,
            )
        ]
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        Partner = self.env["res.partner"].sudo()
        done = 0
        for batch in split_every(batch_size, due_ids):
            self._plan_follow_up_visits(Partner.browse(batch), date_planned=today)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(due_ids) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return done

    @api.model
    def _visit_candidates(self, today, min_interval):
        """``[(partner_id, lifecycle_stage, last done date, next visit date, since)]``.

        Active customers (commercial entities with a customer rank and an
        active salesperson) without a planned visit, whose earliest possible
        due day (the shortest interval from their last visit, or from their
        creation) is today or before. One query.
        """
        self.flush_model(["partner_id", "state", "date_done", "next_visit_date"])
        self.env["res.partner"].flush_model(
            ["active", "customer_rank", "commercial_partner_id", "user_id", "lifecycle_stage"]
        )
        query = SQL(
            """
            SELECT partner.id, partner.lifecycle_stage, last.date_done, last.next_visit_date,
                   (partner.create_date AT TIME ZONE 'UTC')::date
              FROM res_partner partner
              JOIN res_users owner ON owner.id = partner.user_id AND owner.active
         LEFT JOIN LATERAL (
                    SELECT visit.date_done, visit.next_visit_date
                      FROM sales_visit visit
                     WHERE visit.partner_id = partner.id AND visit.state = 'done'
                  ORDER BY visit.date_done DESC, visit.id DESC
                     LIMIT 1
                   ) last ON TRUE
             WHERE partner.active
               AND partner.customer_rank > 0
               AND partner.id = partner.commercial_partner_id
               AND NOT EXISTS (
                    SELECT 1 FROM sales_visit planned
                     WHERE planned.partner_id = partner.id AND planned.state = 'planned'
                   )
               AND (last.next_visit_date <= %(today)s
                    OR (last.next_visit_date IS NULL
                        AND COALESCE(last.date_done, (partner.create_date AT TIME ZONE 'UTC')::date)
                            <= %(earliest)s))
          ORDER BY partner.id
            """,
            today=today,
            earliest=today - timedelta(days=min_interval),
        )
        self.env.cr.execute(query)
        return self.env.cr.fetchall()
