from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..core.team import report_bounds

# Set while an item and its activity mark each other done, so neither loops.
SYNC_CONTEXT_KEY = "sales_meeting_action_sync"


class SalesMeeting(models.Model):
    """A team's sales meeting: agenda, minutes, decisions and action items."""

    _name = "sales.meeting"
    _description = "Sales Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Organiser",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    duration = fields.Float(default=1.0, help="Length of the meeting, in hours.")
    attendee_ids = fields.Many2many(
        "res.users",
        "sales_meeting_attendee_rel",
        "meeting_id",
        "user_id",
        string="Attendees",
        compute="_compute_attendee_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    agenda = fields.Html()
    minutes = fields.Html()
    decisions = fields.Html()
    action_item_ids = fields.One2many("sales.meeting.action", "meeting_id", string="Action Items")
    open_action_count = fields.Integer(compute="_compute_open_action_count")
    calendar_event_id = fields.Many2one("calendar.event", copy=False, readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.constrains("duration")
    def _check_duration(self):
        if any(meeting.duration < 0 for meeting in self):
            raise ValidationError(
                self.env._("A meeting cannot last less than zero hours: enter its length.")
            )

    @api.depends("team_id")
    def _compute_attendee_ids(self):
        for meeting in self:
            if not meeting.attendee_ids:
                meeting.attendee_ids = meeting.team_id.member_ids | meeting.team_id.user_id

    @api.depends("action_item_ids.done")
    def _compute_open_action_count(self):
        for meeting in self:
            meeting.open_action_count = len(meeting.action_item_ids.filtered(lambda a: not a.done))

    def action_create_activities(self):
        """Schedule an activity for the owner of each open action item that has none."""
        self.check_access("write")
        items = self.action_item_ids.filtered(lambda a: not a.done and not a.activity_id)
        if not items:
            raise UserError(
                self.env._(
                    "Every open action item already has its activity: add an item with an "
                    "owner first."
                )
            )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": item.meeting_id.id,
                        "activity_type_id": todo.id,
                        "summary": item.name,
                        "user_id": item.user_id.id,
                        "date_deadline": item.date_deadline or fields.Date.context_today(self),
                    }
                    for item in items
                ]
            )
        )
        for item, activity in zip(items, activities, strict=True):
            item.activity_id = activity
        return True

    def action_create_calendar_event(self):
        """Put the meeting in the attendees' calendars."""
        self.ensure_one()
        self.check_access("write")
        if not self.calendar_event_id:
            event = self.env["calendar.event"].create(
                {
                    "name": self.name,
                    "start": self.date,
                    "stop": self.date + timedelta(hours=self.duration or 1.0),
                    "duration": self.duration or 1.0,
                    "user_id": self.user_id.id,
                    "partner_ids": [fields.Command.set(self.attendee_ids.partner_id.ids)],
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                }
            )
            self.calendar_event_id = event
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    def action_mark_done(self):
        self.check_access("write")
        self.filtered(lambda m: m.state == "planned").state = "done"
        return True

    def action_cancel(self):
        self.check_access("write")
        self.state = "cancelled"
        return True

    def action_reset_planned(self):
        self.check_access("write")
        self.state = "planned"
        return True

    def action_open_rollup(self):
        """The team roll-up of the work reports of the week before the meeting."""
        self.ensure_one()
        day = fields.Date.context_today(self, self.date)
        rollup = self.env["sales.work.report.rollup"].create(
            {"team_id": self.team_id.id, "date": report_bounds(day, "week")[0] - timedelta(days=1)}
        )
        return rollup._action_open()


class SalesMeetingAction(models.Model):
    """An action item of a meeting, followed as an activity of its owner."""

    _name = "sales.meeting.action"
    _description = "Sales Meeting Action Item"
    _order = "meeting_id, done, date_deadline, id"

    meeting_id = fields.Many2one("sales.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    name = fields.Char(string="Action Item", required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, index=True, domain="[('share', '=', False)]"
    )
    date_deadline = fields.Date(string="Deadline")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null", copy=False)
    done = fields.Boolean(copy=False)

    def write(self, vals):
        if set(vals) - {"done"}:
            self._check_can_edit()
        result = super().write(vals)
        if vals.get("done") and not self.env.context.get(SYNC_CONTEXT_KEY):
            self._mark_activities_done()
        return result

    def _check_can_edit(self):
        """Owners tick their items done; the leader or organiser words and assigns them."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for item in self:
            meeting = item.meeting_id.sudo()
            if self.env.user not in meeting.team_id.user_id | meeting.user_id:
                raise AccessError(
                    self.env._(
                        "You can only mark your action item %(item)s done: the team leader "
                        "or the organiser of the meeting changes it.",
                        item=item.name,
                    )
                )

    def _mark_activities_done(self):
        """The item is done: so is its activity (done as its owner would)."""
        activities = self.sudo().activity_id.exists()
        if activities:
            activities.with_context(**{SYNC_CONTEXT_KEY: True})._action_done()


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        if not self.env.context.get(SYNC_CONTEXT_KEY):
            items = (
                self.env["sales.meeting.action"].sudo().search([("activity_id", "in", self.ids)])
            )
            items.with_context(**{SYNC_CONTEXT_KEY: True}).write({"done": True})
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
