from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..core.team import hours_by_user

# Written only by the action methods: the status and who approved it when.
TRAINING_WORKFLOW_FIELDS = frozenset({"state", "approved_by_id", "approved_date", "submitted_date"})
TRAINING_WORKFLOW_KEY = "sales_training_workflow"
_TRAINING_TOKEN = object()
# States whose attended hours count in performance reviews.
COUNTED_STATES = ("approved", "done")


class SalesTraining(models.Model):
    """A training session (internal or external) or a salesperson's self-study."""

    _name = "sales.training"
    _description = "Sales Training"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    training_type = fields.Selection(
        [("internal", "Internal"), ("external", "External"), ("self_study", "Self-Study")],
        string="Type",
        required=True,
        default="internal",
        tracking=True,
    )
    topic = fields.Selection(
        [
            ("product", "Product Knowledge"),
            ("skills", "Sales Skills"),
            ("market", "Market Analysis"),
            ("crm", "CRM"),
            ("after_sales", "After-Sales Service"),
        ],
        required=True,
        default="product",
        tracking=True,
    )
    trainer = fields.Char(
        help="Who gives the session: a colleague, an outside trainer or a course."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Organiser",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Who organises the session; for self-study, the salesperson who studied.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    hours = fields.Float(required=True, default=1.0, tracking=True, aggregator="sum")
    description = fields.Html(string="Content")
    attendee_ids = fields.One2many("sales.training.attendee", "training_id", string="Attendees")
    attendee_count = fields.Integer(compute="_compute_attendee_count")
    material_ids = fields.Many2many(
        "ir.attachment",
        "sales_training_material_rel",
        "training_id",
        "attachment_id",
        string="Materials",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    submitted_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("attendee_ids")
    def _compute_attendee_count(self):
        for training in self:
            training.attendee_count = len(training.attendee_ids)

    @api.constrains("hours")
    def _check_hours(self):
        for training in self:
            if training.hours < 0:
                raise ValidationError(
                    self.env._(
                        "Training hours cannot be negative (%(training)s): enter the length "
                        "of the session in hours, zero or more.",
                        training=training.name,
                    )
                )

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------

    def _workflow(self):
        return self.with_context(**{TRAINING_WORKFLOW_KEY: _TRAINING_TOKEN})

    def _in_workflow(self):
        return self.env.context.get(TRAINING_WORKFLOW_KEY) is _TRAINING_TOKEN

    def _check_workflow_fields(self, fnames):
        if self._in_workflow() or not TRAINING_WORKFLOW_FIELDS.intersection(fnames):
            return
        raise UserError(
            self.env._(
                "The status of a training and its approval change only through its buttons "
                "(Submit, Approve, Mark as Done, Cancel, Back to Draft)."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(
                fname for fname, value in vals.items() if fname != "state" or value != "draft"
            )
        trainings = super().create(vals_list)
        # Self-study: the salesperson who studied attends it.
        missing = trainings.filtered(
            lambda t: t.training_type == "self_study" and t.user_id not in t.attendee_ids.user_id
        )
        self.env["sales.training.attendee"].create(
            [{"training_id": t.id, "user_id": t.user_id.id, "attended": True} for t in missing]
        )
        return trainings

    def write(self, vals):
        self._check_workflow_fields(vals)
        if not self._in_workflow() and set(vals) - {"message_main_attachment_id"}:
            self._check_editable()
        return super().write(vals)

    def _check_editable(self):
        """Approved self-study and done sessions are records of what happened."""
        locked = self.filtered(lambda t: t.state in ("approved", "done"))
        if locked and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(
                self.env._(
                    "The training %(training)s is %(state)s: only a sales manager can still "
                    "change it.",
                    training=locked[0].name,
                    state=locked[0]._state_label(),
                )
            )
        submitted = self.filtered(lambda t: t.state == "submitted" and t.user_id == self.env.user)
        if submitted and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(
                self.env._(
                    "Your self-study %(training)s waits for a manager's approval: it can no "
                    "longer be changed.",
                    training=submitted[0].name,
                )
            )

    def _check_attendees_editable(self):
        """Attendance and results of approved or done trainings: managers only."""
        if not self._in_workflow():
            self._check_editable()

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        recorded = self.filtered(lambda t: t.state in ("submitted", "approved", "done"))
        if recorded:
            raise UserError(
                self.env._(
                    "The training %(training)s is %(state)s and can no longer be deleted: "
                    "cancel it instead.",
                    training=recorded[0].name,
                    state=recorded[0]._state_label(),
                )
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _check_manager(self, message):
        """Refuse with ``message`` unless the user is a sales manager."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(message)

    def action_submit(self):
        """The salesperson sends their self-study to a manager for approval."""
        self.check_access("write")
        for training in self:
            if training.training_type != "self_study":
                raise UserError(
                    self.env._(
                        "Only self-study is submitted for approval; %(training)s is a session: "
                        "mark it as done once it took place.",
                        training=training.name,
                    )
                )
            if training.state != "draft":
                raise UserError(
                    self.env._(
                        "Only draft self-study can be submitted; %(training)s is %(state)s.",
                        training=training.name,
                        state=training._state_label(),
                    )
                )
            if training.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(user)s can submit their self-study %(training)s.",
                        user=training.user_id.name,
                        training=training.name,
                    )
                )
            if training.hours <= 0:
                raise UserError(
                    self.env._(
                        "Enter the hours you studied before submitting %(training)s.",
                        training=training.name,
                    )
                )
        self._workflow().write({"state": "submitted", "submitted_date": fields.Datetime.now()})
        return True

    def action_approve(self):
        """A sales manager approves submitted self-study, never their own."""
        self._check_manager(self.env._("Only a sales manager can approve self-study."))
        for training in self:
            if training.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only submitted self-study can be approved; %(training)s is %(state)s.",
                        training=training.name,
                        state=training._state_label(),
                    )
                )
            if training.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "You cannot approve your own self-study %(training)s: another sales "
                        "manager does.",
                        training=training.name,
                    )
                )
        self._workflow().write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )
        return True

    def action_done(self):
        """The session took place: its attended hours now count."""
        self._check_manager(self.env._("Only a sales manager can mark a training session as done."))
        for training in self:
            if training.training_type == "self_study" or training.state != "draft":
                raise UserError(
                    self.env._(
                        "Only draft internal or external sessions can be marked as done; "
                        "self-study is approved instead (%(training)s).",
                        training=training.name,
                    )
                )
        self._workflow().write({"state": "done"})
        return True

    def action_cancel(self):
        self.check_access("write")
        if self.filtered(lambda t: t.state in COUNTED_STATES):
            self._check_manager(
                self.env._("Only a sales manager can cancel an approved or done training.")
            )
        self._workflow().write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        self.check_access("write")
        if self.filtered(lambda t: t.state in COUNTED_STATES):
            self._check_manager(
                self.env._("Only a sales manager can reopen an approved or done training.")
            )
        self._workflow().write({"state": "draft", "approved_by_id": False, "approved_date": False})
        return True

    # ------------------------------------------------------------------
    # What performance reviews read
    # ------------------------------------------------------------------

    @api.model
    def _training_hours_values(self, date_from, date_to, user_ids, company=None):
        """``{user_id: hours}`` attended in approved or done trainings of the period.

        One grouped query, whatever the number of users. Reads as superuser:
        the caller decides whom it shows the figures to.
        """
        company = company or self.env.company
        rows = (
            self.env["sales.training.attendee"]
            .sudo()
            ._read_group(
                [
                    ("user_id", "in", list(user_ids)),
                    ("training_id.company_id", "=", company.id),
                    ("training_id.state", "in", COUNTED_STATES),
                    ("training_id.date", ">=", date_from),
                    ("training_id.date", "<=", date_to),
                ],
                ["user_id", "attended"],
                ["hours:sum"],
            )
        )
        return hours_by_user((user.id, hours, attended) for user, attended, hours in rows)


class SalesTrainingAttendee(models.Model):
    _name = "sales.training.attendee"
    _description = "Sales Training Attendee"
    _order = "training_id, user_id"

    training_id = fields.Many2one("sales.training", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="training_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Attendee",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    attended = fields.Boolean(default=True)
    score = fields.Float(digits=(5, 1), aggregator="avg")
    passed = fields.Boolean()
    hours = fields.Float(related="training_id.hours", store=True)
    date = fields.Date(related="training_id.date", store=True)
    training_type = fields.Selection(related="training_id.training_type")
    topic = fields.Selection(related="training_id.topic", store=True)
    state = fields.Selection(related="training_id.state", store=True, string="Status")

    _sql_constraints = [
        (
            "attendee_unique",
            "unique(training_id, user_id)",
            "This person is already on the attendee list of the training.",
        ),
    ]

    @api.constrains("score")
    def _check_score(self):
        for attendee in self:
            if not 0 <= attendee.score <= 100:
                raise ValidationError(
                    self.env._(
                        "The score of %(user)s must be between 0 and 100.",
                        user=attendee.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees.training_id._check_attendees_editable()
        return attendees

    def write(self, vals):
        self.training_id._check_attendees_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        self.training_id._check_attendees_editable()
