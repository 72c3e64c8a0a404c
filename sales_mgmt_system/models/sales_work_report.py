import logging
import threading
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty, split_every

from ..core.team import attainment, is_reminder_day, report_bounds
from .sales_review import format_period

_logger = logging.getLogger(__name__)

REMINDER_BATCH_SIZE = 200
# Filled in from the data only (``_fill_figures``): never typed.
FIGURE_FIELDS = frozenset(
    {"new_leads", "activities_done", "visits_done", "won_deals", "revenue", "target_value"}
)
WORKFLOW_FIELDS = frozenset(
    {"state", "submitted_date", "reviewed_date", "reviewer_id", "reminder_date"}
)
# What the salesperson writes: fixed once submitted.
AUTHOR_FIELDS = frozenset(
    {
        "user_id",
        "team_id",
        "period",
        "date_start",
        "highlights",
        "problems",
        "help_needed",
        "next_plan",
    }
)
WORK_REPORT_KEY = "sales_work_report_workflow"
_WORK_REPORT_TOKEN = object()


class SalesWorkReport(models.Model):
    """A salesperson's weekly (or daily) work report (销售工作汇报)."""

    _name = "sales.work.report"
    _description = "Work Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, user_id, id"
    _check_company_auto = True
    _rec_names_search = ["user_id", "team_id"]
    _mail_post_access = "read"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
        domain="[('share', '=', False)]",
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
    period = fields.Selection(
        [("week", "Weekly"), ("day", "Daily")],
        required=True,
        default=lambda self: self._default_period(),
        help="Weekly or daily, as the salesperson's team chooses.",
    )
    date_start = fields.Date(
        string="From",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the period: a weekly report starts on the Monday of that week.",
    )
    date_end = fields.Date(string="To", compute="_compute_date_end", store=True)
    new_leads = fields.Integer(readonly=True, aggregator="sum")
    activities_done = fields.Integer(readonly=True, aggregator="sum")
    visits_done = fields.Integer(readonly=True, aggregator="sum")
    won_deals = fields.Integer(readonly=True, aggregator="sum")
    revenue = fields.Monetary(readonly=True, aggregator="sum")
    target_value = fields.Monetary(
        string="Revenue Target",
        readonly=True,
        aggregator="sum",
        help="The salesperson's revenue target for the period, from the lines of their "
        "confirmed sales targets.",
    )
    attainment = fields.Float(
        string="Achievement (%)", compute="_compute_attainment", digits=(16, 1)
    )
    highlights = fields.Html()
    problems = fields.Html()
    help_needed = fields.Html()
    next_plan = fields.Html(string="Next Week's Plan")
    leader_comment = fields.Html(string="Leader's Comment")
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("reviewed", "Reviewed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    figures_date = fields.Datetime(string="Figures Read On", readonly=True, copy=False)
    submitted_date = fields.Datetime(readonly=True, copy=False)
    reviewed_date = fields.Datetime(readonly=True, copy=False)
    reviewer_id = fields.Many2one("res.users", string="Commented By", readonly=True, copy=False)
    reminder_date = fields.Date(readonly=True, copy=False)
    is_author = fields.Boolean(compute="_compute_user_role")
    can_comment = fields.Boolean(compute="_compute_user_role")

    _sql_constraints = [
        (
            "report_unique",
            "unique(user_id, period, date_start)",
            "This salesperson already has a work report for this period: open it instead "
            "of writing a second one.",
        ),
    ]

    @api.depends("user_id")
    def _compute_team_id(self):
        for report in self:
            report.team_id = report.user_id.sale_team_id

    def _default_period(self):
        return self.env.user.sale_team_id.sudo().work_report_period or "week"

    @api.depends("date_start", "period")
    def _compute_date_end(self):
        for report in self:
            if report.date_start and report.period:
                report.date_end = report_bounds(report.date_start, report.period)[1]
            else:
                report.date_end = report.date_start

    @api.depends("revenue", "target_value")
    def _compute_attainment(self):
        for report in self:
            report.attainment = attainment(report.revenue, report.target_value) or 0.0

    @api.depends_context("uid")
    @api.depends("user_id", "team_id")
    def _compute_user_role(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for report in self:
            report.is_author = report.user_id == self.env.user
            report.can_comment = not report.is_author and (
                is_manager or report.sudo().team_id.user_id == self.env.user
            )

    @api.depends_context("lang")
    @api.depends("user_id.name", "date_start", "date_end")
    def _compute_display_name(self):
        for report in self:
            if not report.date_start:
                report.display_name = report.user_id.name or ""
                continue
            report.display_name = self.env._(
                "%(user)s, %(period)s",
                user=report.user_id.name or "",
                period=format_period(
                    self.env, report.date_start, report.date_end or report.date_start
                ),
            )

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------

    def _workflow(self):
        return self.with_context(**{WORK_REPORT_KEY: _WORK_REPORT_TOKEN})

    def _in_workflow(self):
        return self.env.context.get(WORK_REPORT_KEY) is _WORK_REPORT_TOKEN

    @api.model
    def _normalise_vals(self, vals):
        """A period starts on its first day: a weekly report on Monday."""
        if vals.get("date_start"):
            period = vals.get("period") or "week"
            start = fields.Date.to_date(vals["date_start"])
            vals["date_start"] = report_bounds(start, period)[0]
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self._in_workflow():
                self._check_protected(
                    fname for fname, value in vals.items() if fname != "state" or value != "draft"
                )
            if not vals.get("period"):
                user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
                team = self.env["crm.team"].browse(vals.get("team_id")) or user.sale_team_id
                vals["period"] = team.sudo().work_report_period or "week"
            self._normalise_vals(vals)
        self._check_no_duplicate(vals_list)
        reports = super().create(vals_list)
        reports._workflow()._fill_figures()
        return reports

    def write(self, vals):
        if not self._in_workflow():
            self._check_protected(vals)
            if AUTHOR_FIELDS.intersection(vals):
                self._check_author_can_edit()
            if "leader_comment" in vals:
                self._check_can_comment()
        if "date_start" in vals or "period" in vals:
            per_report = [
                self._normalise_vals(
                    dict(
                        vals,
                        period=vals.get("period") or report.period,
                        date_start=vals.get("date_start") or report.date_start,
                        user_id=vals.get("user_id") or report.user_id.id,
                    )
                )
                for report in self
            ]
            self._check_no_duplicate(per_report, exclude_ids=self.ids)
            for report, report_vals in zip(self, per_report, strict=True):
                super(SalesWorkReport, report).write(report_vals)
            self._workflow()._fill_figures()
            return True
        return super().write(vals)

    @api.model
    def _check_no_duplicate(self, vals_list, exclude_ids=()):
        """Refuse a second report of a person for a period, before the database does."""
        keys = [
            (vals.get("user_id") or self.env.uid, vals.get("period"), vals.get("date_start"))
            for vals in vals_list
        ]
        keys = [(u, p, fields.Date.to_date(d)) for u, p, d in keys if p and d]
        if not keys:
            return
        if len(set(keys)) < len(keys):
            self._raise_duplicate(keys[0][0])
        found = self.sudo().search_read(
            [
                ("user_id", "in", list({user_id for user_id, _p, _d in keys})),
                ("date_start", "in", list({day for _u, _p, day in keys})),
                ("id", "not in", list(exclude_ids)),
            ],
            ["user_id", "period", "date_start"],
        )
        existing = {(row["user_id"][0], row["period"], row["date_start"]) for row in found}
        for key in keys:
            if key in existing:
                self._raise_duplicate(key[0])

    @api.constrains("user_id", "period", "date_start")
    def _check_unique_period(self):
        for report in self:
            if self.sudo().search_count(
                [
                    ("id", "!=", report.id),
                    ("user_id", "=", report.user_id.id),
                    ("period", "=", report.period),
                    ("date_start", "=", report.date_start),
                ]
            ):
                self._raise_duplicate(report.user_id.id)

    def _raise_duplicate(self, user_id):
        raise ValidationError(
            self.env._(
                "%(user)s already has a work report for this period: open it instead of "
                "writing a second one.",
                user=self.env["res.users"].browse(user_id).sudo().name,
            )
        )

    def _check_protected(self, fnames):
        fnames = set(fnames)
        if FIGURE_FIELDS & fnames:
            if self.filtered(lambda r: r.state != "draft"):
                raise UserError(
                    self.env._(
                        "The figures of a submitted work report are those it was submitted "
                        "with: they cannot be changed."
                    )
                )
            raise UserError(
                self.env._(
                    "The figures of a work report are read from the data (leads, "
                    "activities, won deals, revenue, targets): click Refresh Figures instead "
                    "of typing them."
                )
            )
        if WORKFLOW_FIELDS & fnames:
            raise UserError(
                self.env._(
                    "The status of a work report changes only through its buttons (Submit, "
                    "Comment)."
                )
            )

    def _check_author_can_edit(self):
        locked = self.filtered(lambda r: r.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "The work report %(report)s was submitted: its period and text can no "
                    "longer be changed. Write in its chatter instead.",
                    report=locked[0].display_name,
                )
            )

    def _check_can_comment(self):
        for report in self:
            if not report.can_comment:
                raise AccessError(
                    self.env._(
                        "Only the team leader or a sales manager comments the work report "
                        "%(report)s, never its author.",
                        report=report.display_name,
                    )
                )
            if report.state == "draft":
                raise UserError(
                    self.env._(
                        "The work report %(report)s is not submitted yet: comment it once "
                        "its author has submitted it.",
                        report=report.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        submitted = self.filtered(lambda r: r.state != "draft")
        if submitted:
            raise UserError(
                self.env._(
                    "The work report %(report)s was submitted and can no longer be deleted.",
                    report=submitted[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # Figures, set-based
    # ------------------------------------------------------------------

    def action_refresh_figures(self):
        self.check_access("write")
        not_draft = self.filtered(lambda r: r.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "The figures of a submitted work report are those it was submitted "
                    "with: they cannot be changed."
                )
            )
        self._workflow()._fill_figures()
        return True

    def _fill_figures(self):
        """Read the figures of draft reports, one grouped query per figure and period."""
        groups = defaultdict(lambda: self.browse())
        for report in self.filtered(lambda r: r.state == "draft"):
            groups[report.company_id, report.date_start, report.date_end] |= report
        for (company, date_from, date_to), reports in groups.items():
            values = reports._figure_values(date_from, date_to, company)
            for report in reports:
                vals = {
                    figure: by_user.get(report.user_id.id, 0) for figure, by_user in values.items()
                }
                vals["figures_date"] = fields.Datetime.now()
                report.write(vals)

    def _figure_values(self, date_from, date_to, company):
        """``{figure: {user_id: value}}`` for the salespeople of ``self``.

        Won deals, revenue and visits done through ``sales.mgmt.measure``; the revenue
        target and the revenue read the way each target measures it through
        the sales targets (``_period_attainment_values``); new leads and done
        activities by grouped reads.
        """
        users = self.user_id
        Measure = self.env["sales.mgmt.measure"].sudo()
        won = Measure._measure_values(
            "won_deals", date_from, date_to, owner_ids=users.ids, company=company
        )
        revenue = Measure._measure_values(
            "revenue", date_from, date_to, owner_ids=users.ids, company=company
        )
        targets = (
            self.env["sales.target"]
            .sudo()
            ._period_attainment_values(date_from, date_to, owner_ids=users.ids, company=company)
        )
        visits = Measure._visits_done_values(
            date_from, date_to, owner_ids=users.ids, company=company
        )
        for user_id, (_target, actual) in targets.items():
            revenue[user_id] = actual
        activities = self.env["sales.review"]._kpi_values_activities_done(
            {"users": users, "date_from": date_from, "date_to": date_to, "company": company}
        )
        return {
            "new_leads": self._new_leads_values(date_from, date_to, users, company),
            "activities_done": {uid: int(count) for uid, count in activities.items()},
            "visits_done": {uid: int(count) for uid, count in visits.items()},
            "won_deals": {uid: int(count) for uid, count in won.items()},
            "revenue": revenue,
            "target_value": {uid: target for uid, (target, _a) in targets.items()},
        }

    def _new_leads_values(self, date_from, date_to, users, company):
        """Leads and opportunities created in the period, by salesperson (archived too)."""
        start, stop = (
            self.env["sales.mgmt.measure"].sudo()._utc_bounds((date_from, date_to), company)
        )
        rows = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("user_id", "in", users.ids),
                    ("company_id", "in", (company.id, False)),
                    ("create_date", ">=", start),
                    ("create_date", "<", stop),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return {user.id: count for user, count in rows}

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def action_submit(self):
        """The salesperson hands their report to the team leader."""
        self.check_access("write")
        for report in self:
            if report.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(user)s can submit their work report %(report)s.",
                        user=report.user_id.name,
                        report=report.display_name,
                    )
                )
            if report.state != "draft":
                raise UserError(
                    self.env._(
                        "The work report %(report)s is already submitted.",
                        report=report.display_name,
                    )
                )
        workflow = self._workflow()
        workflow._fill_figures()
        workflow.write({"state": "submitted", "submitted_date": fields.Datetime.now()})
        workflow.activity_unlink(["sales_mgmt_system.mail_activity_work_report_submit"])
        for report in self:
            leader = report.sudo().team_id.user_id
            if leader and leader != report.user_id:
                report.sudo().activity_schedule(
                    "sales_mgmt_system.mail_activity_work_report_comment", user_id=leader.id
                )
        return True

    def action_review(self):
        """The team leader (or a manager) has written their comment."""
        self.check_access("read")
        for report in self:
            if not report.can_comment:
                raise AccessError(
                    self.env._(
                        "Only the team leader or a sales manager comments the work report "
                        "%(report)s, never its author.",
                        report=report.display_name,
                    )
                )
            if report.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only submitted work reports can be commented; %(report)s is not.",
                        report=report.display_name,
                    )
                )
            if is_html_empty(report.leader_comment):
                raise UserError(
                    self.env._(
                        "Write your comment on %(report)s before marking it as reviewed.",
                        report=report.display_name,
                    )
                )
        workflow = self.sudo()._workflow()
        workflow.write(
            {
                "state": "reviewed",
                "reviewed_date": fields.Datetime.now(),
                "reviewer_id": self.env.user.id,
            }
        )
        workflow.activity_feedback(["sales_mgmt_system.mail_activity_work_report_comment"])
        for report in workflow:
            report.activity_schedule(
                "sales_mgmt_system.mail_activity_work_report_read", user_id=report.user_id.id
            )
        return True

    # ------------------------------------------------------------------
    # Friday reminder
    # ------------------------------------------------------------------

    @api.model
    def _cron_remind_work_reports(self):
        """On the company's Friday, remind who has not submitted this week's report."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        Measure = self.env["sales.mgmt.measure"]
        for company in self.env["res.company"].search([("active", "=", True)]):
            today = Measure._company_today(company)
            if is_reminder_day(today):
                self._remind_missing_reports(today, company, auto_commit=auto_commit)

    @api.model
    def _remind_missing_reports(
        self, day, company, batch_size=REMINDER_BATCH_SIZE, auto_commit=False
    ):
        """Remind the members of weekly teams who have not submitted the week of ``day``.

        Each gets their draft report (made if missing, figures filled in) with
        one activity. A report reminded once is not reminded again, so running
        it twice changes nothing. Returns the reports reminded.
        """
        date_from, _date_to = report_bounds(day, "week")
        memberships = (
            self.env["crm.team.member"]
            .sudo()
            ._read_group(
                [
                    "|",
                    ("crm_team_id.company_id", "=", company.id),
                    "&",
                    ("crm_team_id.company_id", "=", False),
                    ("user_id.company_id", "=", company.id),
                    ("crm_team_id.work_report_period", "=", "week"),
                    ("crm_team_id.active", "=", True),
                ],
                ["user_id", "crm_team_id"],
            )
        )
        team_of = {}
        for user, team in memberships:
            team_of.setdefault(user.id, team.id)
        existing = {
            report.user_id.id: report
            for report in self.sudo().search(
                [
                    ("user_id", "in", list(team_of)),
                    ("period", "=", "week"),
                    ("date_start", "=", date_from),
                ]
            )
        }
        to_remind = [
            user_id
            for user_id in team_of
            if user_id not in existing
            or (existing[user_id].state == "draft" and not existing[user_id].reminder_date)
        ]
        reminded = self.browse()
        done = 0
        for batch in split_every(batch_size, to_remind):
            missing = [user_id for user_id in batch if user_id not in existing]
            reports = (
                self.sudo()
                ._workflow()
                .create(
                    [
                        {
                            "user_id": user_id,
                            "team_id": team_of[user_id],
                            "company_id": company.id,
                            "period": "week",
                            "date_start": date_from,
                        }
                        for user_id in missing
                    ]
                )
            )
            reports |= self.sudo().union(
                *(existing[user_id] for user_id in batch if user_id in existing)
            )
            reports._workflow().write({"reminder_date": day})
            for report in reports:
                report.activity_schedule(
                    "sales_mgmt_system.mail_activity_work_report_submit",
                    date_deadline=day,
                    user_id=report.user_id.id,
                )
            reminded |= reports
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(to_remind) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return reminded
