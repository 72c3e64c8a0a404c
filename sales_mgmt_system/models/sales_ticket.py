import logging
import threading
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import Command, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, split_every

from ..core.tickets import (
    AT_RISK_SHARE,
    LEVEL_ASSIGNEE,
    LEVEL_MANAGER,
    LEVEL_TEAM_LEADER,
    MANAGER_SHARE,
    ticket_status,
    window_days,
    working_hours_between,
)
from ..core.tickets import (
    plan_working_hours as core_plan_working_hours,
)
from .company_check import company_check_needed
from .sales_ticket_sla import TICKET_PRIORITIES

_logger = logging.getLogger(__name__)

TICKET_CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("wechat", "WeChat"),
    ("visit", "Visit"),
]
SLA_STATUS_SELECTION = [
    ("on_track", "On Track"),
    ("at_risk", "Due Soon"),
    ("breached", "Breached"),
    ("met", "Met"),
]
ESCALATION_LEVELS = [
    (str(LEVEL_ASSIGNEE), "Assignee"),
    (str(LEVEL_TEAM_LEADER), "Team Leader"),
    (str(LEVEL_MANAGER), "Sales Manager"),
]
# A follow-up visit is planned this many days after a ticket is resolved.
FOLLOW_UP_VISIT_DAYS = 3
# Tickets the escalation action handles and commits at a time.
ESCALATION_BATCH_SIZE = 1000
# Written only by the workflow (action_respond, closing, escalation).
WORKFLOW_FIELDS = frozenset(
    {"first_response_date", "closed_date", "escalation_level", "escalated_date"}
)
WORKFLOW_CONTEXT_KEY = "sales_ticket_workflow"
# Plain fields the computes of a new ticket read (see create).
PRECOMPUTE_READ_FIELDS = ("category_id", "first_response_date", "closed_date")
_WORKFLOW_TOKEN = object()


def _to_utc_naive(moment):
    return moment.astimezone(pytz.utc).replace(tzinfo=None)


class SalesTicket(models.Model):
    """An after-sales request of a customer, measured against an SLA policy.

    SLA status. The deadlines (and the moments at which 75 % and 150 % of
    the working time are used) are stored when the ticket gets its policy:
    they are working time of the policy's calendar, computed for a whole
    batch of tickets with one ``_work_intervals_batch`` call per calendar.
    ``sla_status`` is not stored: it compares those stored moments with the
    current time when read, and searching it turns into a domain on them, so
    that it is always right without any job running. ``sla_status_checked``
    keeps the status of the last check (the escalation action refreshes it
    every 15 minutes) for grouping and reporting.
    """

    _name = "sales.ticket"
    _description = "After-Sales Ticket"
    _inherit = ["rating.mixin", "mail.activity.mixin"]
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"
    _rec_names_search = ["name", "number"]
    _mail_post_access = "read"

    number = fields.Char(
        required=True, readonly=True, copy=False, index="trigram", default="/", tracking=True
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, tracking=True, check_company=True
    )
    email_from = fields.Char(
        string="Email",
        compute="_compute_email_from",
        store=True,
        precompute=True,
        readonly=False,
        help="Where the customer writes from; the customer's email by default.",
    )
    date_received = fields.Datetime(
        string="Received",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the request came in: the SLA deadlines count from here. The creation "
        "by default, the message's date for mail; change it when a request is logged late.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    product_id = fields.Many2one("product.product", check_company=True)
    channel = fields.Selection(TICKET_CHANNELS, required=True, default="phone")
    category_id = fields.Many2one("sales.ticket.category", tracking=True, check_company=True)
    priority = fields.Selection(TICKET_PRIORITIES, required=True, default="1", tracking=True)
    stage_id = fields.Many2one(
        "sales.ticket.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage(),
        group_expand="_read_group_stage_ids",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, precompute=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    solution = fields.Html()
    follow_up = fields.Html(
        string="Follow-up", help="What was agreed with the customer after the solution."
    )
    visit_id = fields.Many2one(
        "sales.visit",
        string="Follow-up Visit",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The visit planned with the customer after the ticket was resolved.",
    )
    feedback_ids = fields.One2many("sales.feedback", "ticket_id")
    sla_id = fields.Many2one(
        "sales.ticket.sla",
        string="SLA Policy",
        compute="_compute_sla_id",
        store=True,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The policy of the ticket's priority and category (else of its priority alone).",
    )
    response_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, precompute=True, index=True, copy=False
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, precompute=True, index=True, copy=False
    )
    response_risk_date = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        copy=False,
        help="When 75% of the working time to answer is used.",
    )
    resolution_risk_date = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        copy=False,
        help="When 75% of the working time to resolve is used.",
    )
    manager_escalation_date = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        copy=False,
        help="When 150% of the working time to resolve is used: an open ticket goes to the "
        "sales manager.",
    )
    first_response_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    closed_date = fields.Datetime(readonly=True, copy=False, tracking=True, index=True)
    first_response_hours = fields.Float(
        string="Response Time (Working Hours)",
        compute="_compute_working_hours",
        store=True,
        precompute=True,
        aggregator="avg",
    )
    resolution_time_hours = fields.Float(
        string="Resolution Time (Working Hours)",
        compute="_compute_working_hours",
        store=True,
        precompute=True,
        aggregator="avg",
    )
    sla_late = fields.Boolean(
        string="SLA Missed",
        compute="_compute_sla_late",
        store=True,
        precompute=True,
        help="A stopped clock ran past its deadline: answered or closed late.",
    )
    sla_status = fields.Selection(
        SLA_STATUS_SELECTION,
        string="SLA Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
        help="On track; at risk once 75% of a running clock's working time is used; "
        "breached once a deadline is missed; met when closed in time. Always the status "
        "of the current moment.",
    )
    sla_status_checked = fields.Selection(
        SLA_STATUS_SELECTION,
        string="SLA Status (Last Check)",
        compute="_compute_sla_status_checked",
        store=True,
        precompute=True,
        index=True,
        help="The SLA status at the last check of the escalation action (every 15 "
        "minutes), for grouping and reports.",
    )
    escalation_level = fields.Selection(
        ESCALATION_LEVELS,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Who was alerted last: the assignee when the SLA got at risk, the team leader "
        "when it was breached, the sales manager when it ran 50% past its deadline.",
    )
    escalated_date = fields.Datetime(readonly=True, copy=False)
    # Every stored computed field is computed before the INSERT of a create
    # (for the whole batch): no UPDATE of the new tickets at the flush. A
    # new ticket has no rating yet (rating.mixin's compute gives 0).
    rating_last_value = fields.Float(
        compute="_compute_rating_last_value", store=True, precompute=True
    )

    _sql_constraints = [
        (
            "number_company_unique",
            "unique(number, company_id)",
            "A ticket number is used once per company.",
        )
    ]

    # ------------------------------------------------------------------
    # Defaults and simple computes
    # ------------------------------------------------------------------

    @api.model
    def _default_stage(self):
        return self.env["sales.ticket.stage"].search([("is_closed", "=", False)], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([("active", "=", True)], order=stages._order)

    @api.depends("partner_id")
    def _compute_email_from(self):
        for ticket in self:
            if ticket.partner_id.email:
                ticket.email_from = ticket.partner_id.email

    @api.depends("user_id")
    def _compute_team_id(self):
        for ticket in self:
            if ticket.user_id and (
                not ticket.team_id or ticket.user_id not in ticket.team_id.member_ids
            ):
                ticket.team_id = ticket.user_id.sale_team_id or ticket.team_id

    @api.depends("company_id", "priority", "category_id")
    def _compute_sla_id(self):
        policies = self.env["sales.ticket.sla"].search([("company_id", "in", self.company_id.ids)])
        match = policies._matcher()
        for ticket in self:
            ticket.sla_id = match(ticket.company_id, ticket.priority, ticket.category_id)

    # ------------------------------------------------------------------
    # Working time
    # ------------------------------------------------------------------

    def _sla_calendar(self):
        self.ensure_one()
        return self.sla_id.calendar_id or self.company_id.resource_calendar_id

    @api.model
    def _work_intervals(self, calendar, start, end):
        """Working intervals of ``calendar`` between two naive UTC datetimes.

        One call of Odoo's ``_work_intervals_batch`` (attendances minus the
        calendar's time off), as naive UTC ``(start, stop)`` pairs.
        """
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end)
        )[False]
        return [(_to_utc_naive(begin), _to_utc_naive(stop)) for begin, stop, _meta in intervals]

    @api.model
    def _plan_working_hours(self, calendar, requests):
        """Plan ``hours`` after ``start`` for many ``(key, start, hours)`` requests.

        Fetches the calendar's intervals once for the whole batch; requests
        falling beyond them (very long times) are planned by Odoo's
        ``plan_hours`` one by one. Returns ``{key: datetime}``.
        """
        if not requests:
            return {}
        first = min(start for _key, start, _hours in requests)
        last = max(start for _key, start, _hours in requests)
        most = max(hours for _key, _start, hours in requests)
        end = last + timedelta(days=window_days(most, calendar.hours_per_day))
        intervals = self._work_intervals(calendar, first, end)
        result = {}
        for key, start, hours in requests:
            moment = core_plan_working_hours(intervals, start, hours)
            if moment is None:
                planned = calendar.plan_hours(hours, pytz.utc.localize(start), compute_leaves=True)
                moment = _to_utc_naive(planned) if planned else False
            result[key] = moment
        return result

    @api.depends("sla_id", "date_received")
    def _compute_deadlines(self):
        by_calendar = defaultdict(list)
        for ticket in self:
            if ticket.sla_id and ticket.date_received:
                by_calendar[ticket.sla_id.calendar_id].append(ticket)
            else:
                ticket.update(
                    {
                        "response_deadline": False,
                        "resolution_deadline": False,
                        "response_risk_date": False,
                        "resolution_risk_date": False,
                        "manager_escalation_date": False,
                    }
                )
        for calendar, tickets in by_calendar.items():
            shares = {
                "response_deadline": ("response_hours", 1.0),
                "response_risk_date": ("response_hours", AT_RISK_SHARE),
                "resolution_deadline": ("resolution_hours", 1.0),
                "resolution_risk_date": ("resolution_hours", AT_RISK_SHARE),
                "manager_escalation_date": ("resolution_hours", MANAGER_SHARE),
            }
            hours_of = {
                sla.id: {
                    "response_hours": sla.response_hours,
                    "resolution_hours": sla.resolution_hours,
                }
                for sla in self.env["sales.ticket.sla"].union(
                    *(ticket.sla_id for ticket in tickets)
                )
            }
            requests = []
            for ticket in tickets:
                hours = hours_of[ticket.sla_id.id]
                start = ticket.date_received
                requests.extend(
                    ((ticket.id, field), start, hours[hours_field] * share)
                    for field, (hours_field, share) in shares.items()
                )
            planned = self._plan_working_hours(calendar, requests)
            for ticket in tickets:
                ticket.update({field: planned[(ticket.id, field)] for field in shares})

    @api.depends("date_received", "first_response_date", "closed_date", "sla_id")
    def _compute_working_hours(self):
        by_calendar = defaultdict(list)
        for ticket in self:
            ticket.first_response_hours = 0.0
            ticket.resolution_time_hours = 0.0
            if ticket.date_received and (ticket.first_response_date or ticket.closed_date):
                calendar = ticket._sla_calendar()
                if calendar:
                    by_calendar[calendar].append(ticket)
        for calendar, tickets in by_calendar.items():
            start = min(ticket.date_received for ticket in tickets)
            end = max(
                max(ticket.first_response_date or start, ticket.closed_date or start)
                for ticket in tickets
            )
            intervals = self._work_intervals(calendar, start, end + timedelta(seconds=1))
            for ticket in tickets:
                if ticket.first_response_date:
                    ticket.first_response_hours = working_hours_between(
                        intervals, ticket.date_received, ticket.first_response_date
                    )
                if ticket.closed_date:
                    ticket.resolution_time_hours = working_hours_between(
                        intervals, ticket.date_received, ticket.closed_date
                    )

    @api.depends("first_response_date", "closed_date", "response_deadline", "resolution_deadline")
    def _compute_sla_late(self):
        for ticket in self:
            response_late = bool(
                ticket.response_deadline
                and ticket.first_response_date
                and ticket.first_response_date > ticket.response_deadline
            )
            resolution_late = bool(
                ticket.resolution_deadline
                and ticket.closed_date
                and ticket.closed_date > ticket.resolution_deadline
            )
            ticket.sla_late = response_late or resolution_late

    def _sla_status_at(self, now):
        self.ensure_one()
        if not self.sla_id or not self.resolution_deadline:
            return False
        return ticket_status(
            now,
            {
                "response_risk": self.response_risk_date or None,
                "response_deadline": self.response_deadline or None,
                "first_response": self.first_response_date or None,
                "resolution_risk": self.resolution_risk_date or None,
                "resolution_deadline": self.resolution_deadline or None,
                "closed": self.closed_date or None,
            },
        )

    @api.depends(
        "sla_id",
        "response_deadline",
        "resolution_deadline",
        "response_risk_date",
        "resolution_risk_date",
        "first_response_date",
        "closed_date",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.sla_status = ticket._sla_status_at(now)

    @api.depends(
        "sla_id",
        "response_deadline",
        "resolution_deadline",
        "response_risk_date",
        "resolution_risk_date",
        "first_response_date",
        "closed_date",
    )
    def _compute_sla_status_checked(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.sla_status_checked = ticket._sla_status_at(now)

    @api.model
    def _sla_status_domain(self, status, now):
        """The tickets whose SLA status is ``status`` at ``now``, as a domain.

        The same rules as ``core.tickets.ticket_status``, on stored moments.
        """
        has_sla = [("sla_id", "!=", False), ("resolution_deadline", "!=", False)]
        running_breach = [
            "|",
            "&",
            ("first_response_date", "=", False),
            ("response_deadline", "<=", now),
            "&",
            ("closed_date", "=", False),
            ("resolution_deadline", "<=", now),
        ]
        breached = expression.AND([has_sla, ["|", ("sla_late", "=", True), *running_breach]])
        if status == "breached":
            return breached
        if status == "met":
            return expression.AND(
                [has_sla, [("closed_date", "!=", False), ("sla_late", "=", False)]]
            )
        open_in_time = expression.AND(
            [
                has_sla,
                [
                    ("closed_date", "=", False),
                    ("sla_late", "=", False),
                    ("resolution_deadline", ">", now),
                    "|",
                    ("first_response_date", "!=", False),
                    ("response_deadline", ">", now),
                ],
            ]
        )
        at_risk_moment = [
            "|",
            ("resolution_risk_date", "<=", now),
            "&",
            ("first_response_date", "=", False),
            ("response_risk_date", "<=", now),
        ]
        if status == "at_risk":
            return expression.AND([open_in_time, at_risk_moment])
        if status == "on_track":
            return expression.AND(
                [
                    open_in_time,
                    [("resolution_risk_date", ">", now)],
                    ["|", ("first_response_date", "!=", False), ("response_risk_date", ">", now)],
                ]
            )
        return expression.FALSE_DOMAIN

    def _search_sla_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("The SLA status can only be searched by value."))
        values = [value] if isinstance(value, str | bool) else list(value)
        now = fields.Datetime.now()
        domains = []
        for item in values:
            if item:
                domains.append(self._sla_status_domain(item, now))
            else:
                domains.append(["|", ("sla_id", "=", False), ("resolution_deadline", "=", False)])
        domain = expression.OR(domains) if domains else expression.FALSE_DOMAIN
        if operator in ("!=", "not in"):
            return ["!", *expression.normalize_domain(domain)]
        return domain

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def _check_workflow_fields(self, vals):
        if self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN:
            return
        forbidden = WORKFLOW_FIELDS & set(vals)
        if forbidden:
            raise UserError(
                self.env._(
                    "The response, closing and escalation of a ticket are recorded by its "
                    "buttons (Respond, Close) and by the escalation action, not edited: "
                    "%(fields)s.",
                    fields=", ".join(sorted(self._fields[name].string for name in forbidden)),
                )
            )

    def _workflow(self):
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _check_company(self, fnames=None):
        # One search per field and company; Odoo's check (one domain per
        # record) only runs to raise its error when something is wrong.
        if company_check_needed(self, fnames):
            return super()._check_company(fnames)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals)
        deferred = None
        if len(vals_list) > 1:
            # A batch (import, mail gateway run, migration) does not mail every
            # assignee once per ticket; they find them in their list. Its
            # followers are added per group of tickets with the same
            # assignee (see _message_auto_subscribe), not ticket by ticket.
            deferred = []
            self = self.with_context(
                mail_auto_subscribe_no_notify=True,
                sales_ticket_deferred_subscribe=deferred,
                # The creation message is the same text for every ticket.
                sales_ticket_creation_message={},
            )
        if "default_stage_id" not in self.env.context:
            # The default stage is one search, not one per ticket.
            stage = self._default_stage()
            for vals in vals_list:
                if stage and "stage_id" not in vals:
                    vals["stage_id"] = stage.id
        # The computes of the new tickets (precomputed before the INSERT)
        # read these fields: their defaults are looked up once for the batch,
        # not once per new record and field (same values: plain fields).
        defaults = self.default_get(list(PRECOMPUTE_READ_FIELDS))
        for vals in vals_list:
            for fname in PRECOMPUTE_READ_FIELDS:
                vals.setdefault(fname, defaults.get(fname, False))
        by_company = defaultdict(list)
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                company_id = vals.get("company_id") or self.env.company.id
                by_company[company_id].append(vals)
        for company_id, company_vals in by_company.items():
            numbers = self._next_numbers(company_id, len(company_vals))
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["number"] = number
        tickets = super().create(vals_list)
        if deferred is not None:
            tickets = tickets.with_context(
                sales_ticket_deferred_subscribe=None, sales_ticket_creation_message=None
            )
            tickets._subscribe_deferred(deferred)
        closing = tickets.filtered(lambda ticket: ticket.stage_id.is_closed)
        if closing:
            closing._close()
        return tickets

    def _creation_message(self):
        memo = self.env.context.get("sales_ticket_creation_message")
        if memo is None:
            return super()._creation_message()
        if self.env.lang not in memo:
            memo[self.env.lang] = super()._creation_message()
        return memo[self.env.lang]

    def _message_log_batch(
        self,
        bodies,
        subject=False,
        author_id=None,
        email_from=None,
        message_type="notification",
        partner_ids=False,
        attachment_ids=False,
        tracking_value_ids=False,
    ):
        """Log one note on many tickets; the same note on all of them (the
        creation message of a batch) is created once by Odoo and copied to
        the others in one INSERT: Odoo gives all the messages of a batch the
        same values but the document (author, date, subtype, message id and
        the body, sanitized once instead of twice per ticket)."""
        options = {
            "subject": subject,
            "author_id": author_id,
            "email_from": email_from,
            "message_type": message_type,
            "partner_ids": partner_ids,
            "attachment_ids": attachment_ids,
            "tracking_value_ids": tracking_value_ids,
        }
        same_body = len({str(bodies.get(ticket_id, "")) for ticket_id in self.ids}) == 1
        if len(self) < 2 or not same_body or partner_ids or attachment_ids or tracking_value_ids:
            return super()._message_log_batch(bodies, **options)
        first = super(SalesTicket, self[:1])._message_log_batch(bodies, **options)
        copies = self[1:]._copy_logged_message(first) if len(first) == 1 else None
        if copies is None:
            return first + super(SalesTicket, self[1:])._message_log_batch(bodies, **options)
        return first + copies

    def _copy_logged_message(self, message):
        """Copies of ``message`` (as created by ``_message_log_batch``) on the
        tickets ``self``, in one INSERT; None when ``message`` has links to
        other records (recipients, attachments, tracking values: not copied)."""
        message = message.sudo()
        Message = message.browse()
        linked = [
            name
            for name, field in Message._fields.items()
            if field.type in ("one2many", "many2many") and (field.store or field.type == "one2many")
        ]
        message.flush_recordset()
        if any(message[name] for name in linked):
            return None
        columns = [
            name
            for name, field in Message._fields.items()
            if field.store and field.column_type and name not in ("id", "res_id")
        ]
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_message (%(columns)s, res_id)
                   SELECT %(values)s, document.res_id
                     FROM mail_message message,
                          unnest(%(res_ids)s::int[]) WITH ORDINALITY AS document(res_id, n)
                    WHERE message.id = %(message_id)s
                 ORDER BY document.n
                RETURNING id""",
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                values=SQL(", ").join(SQL.identifier("message", name) for name in columns),
                res_ids=self.ids,
                message_id=message.id,
            )
        )
        copies = Message.browse([message_id for (message_id,) in self.env.cr.fetchall()])
        # As mail.message's _invalidate_documents does for each message.
        self.invalidate_recordset(
            ["message_ids", "message_needaction", "message_needaction_counter"]
        )
        return copies

    def _message_auto_subscribe(self, updated_values, followers_existing_policy="skip"):
        deferred = self.env.context.get("sales_ticket_deferred_subscribe")
        if deferred is not None and followers_existing_policy == "update":
            deferred.append((self.id, updated_values))
            return True
        return super()._message_auto_subscribe(
            updated_values, followers_existing_policy=followers_existing_policy
        )

    def _subscribe_deferred(self, deferred):
        """Auto-subscribe the tickets of a batch create, one call per group of
        tickets whose subscription-deciding values (assignee, parent
        relations) are the same: the followers are those of one by one."""
        _child, _defaults, _internal, _parent, relation = self.env[
            "mail.message.subtype"
        ]._get_auto_subscription_subtypes(self._name)
        keys = ["user_id", *sorted({name for names in relation.values() for name in names})]
        groups = defaultdict(list)
        for ticket_id, values in deferred:
            key = tuple(values.get(name) for name in keys)
            groups[key].append((ticket_id, values))
        if relation:
            for items in groups.values():
                self.browse([ticket_id for ticket_id, _values in items])._message_auto_subscribe(
                    items[0][1], followers_existing_policy="update"
                )
            return
        # Without parent relations, auto-subscription is the assignee alone:
        # the followers of all groups are read once and inserted at once.
        plan = {}
        for items in groups.values():
            tickets = self.browse([ticket_id for ticket_id, _values in items])
            for partner_id, subtype_ids, _template in tickets._message_auto_subscribe_followers(
                items[0][1], _defaults
            ):
                for ticket_id in tickets.ids:
                    plan.setdefault((ticket_id, partner_id), set(subtype_ids))
        self._insert_planned_followers(plan)

    def _insert_planned_followers(self, plan):
        """Subscribe ``{(ticket_id, partner_id): subtype_ids}`` with the policy
        "update" of ``mail.followers._add_followers`` (a follower already there
        gets the missing subtypes): one read, one create."""
        if not plan:
            return
        Followers = self.env["mail.followers"].sudo().with_context(default_partner_id=False)
        existing = {
            (res_id, partner_id): (follower_id, set(subtype_ids or []))
            for follower_id, res_id, partner_id, subtype_ids in Followers._get_subscription_data(
                [(self._name, sorted({ticket_id for ticket_id, _partner in plan}))],
                sorted({partner_id for _ticket, partner_id in plan}),
            )
        }
        new_vals, updates = [], {}
        for (ticket_id, partner_id), subtype_ids in plan.items():
            follower = existing.get((ticket_id, partner_id))
            if not follower:
                new_vals.append(
                    {
                        "res_model": self._name,
                        "res_id": ticket_id,
                        "partner_id": partner_id,
                        "subtype_ids": [Command.set(list(subtype_ids))],
                    }
                )
            elif subtype_ids - follower[1]:
                updates[follower[0]] = subtype_ids - follower[1]
        if new_vals:
            self._insert_followers(new_vals)
        for follower_id, subtype_ids in updates.items():
            Followers.browse(follower_id).write(
                {"subtype_ids": [Command.link(subtype_id) for subtype_id in subtype_ids]}
            )

    def _insert_followers(self, vals_list):
        """Create the followers ``vals_list`` (``res_model``, ``res_id``,
        ``partner_id``, ``subtype_ids`` as one set command) of the tickets
        ``self`` in two INSERTs: ``mail.followers`` stores nothing else (no
        defaults, no computed or log fields), and its ``create`` adds nothing
        but the documents' cache invalidation done here."""
        Followers = self.env["mail.followers"].sudo()
        Followers.flush_model()
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_followers (res_model, res_id, partner_id)
                   SELECT follower.res_model, follower.res_id, follower.partner_id
                     FROM unnest(%s::varchar[], %s::int[], %s::int[])
                          WITH ORDINALITY AS follower(res_model, res_id, partner_id, n)
                 ORDER BY follower.n
                RETURNING id""",
                [vals["res_model"] for vals in vals_list],
                [vals["res_id"] for vals in vals_list],
                [vals["partner_id"] for vals in vals_list],
            )
        )
        follower_ids = [follower_id for (follower_id,) in self.env.cr.fetchall()]
        pairs = [
            (follower_id, subtype_id)
            for follower_id, vals in zip(follower_ids, vals_list, strict=True)
            for command in vals["subtype_ids"]
            for subtype_id in command[2]
        ]
        if pairs:
            field = Followers._fields["subtype_ids"]
            self.env.cr.execute(
                SQL(
                    """INSERT INTO %s (%s, %s)
                       SELECT pair.follower_id, pair.subtype_id
                         FROM unnest(%s::int[], %s::int[]) AS pair(follower_id, subtype_id)""",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    [follower_id for follower_id, _subtype in pairs],
                    [subtype_id for _follower, subtype_id in pairs],
                )
            )
        self.browse(sorted({vals["res_id"] for vals in vals_list})).invalidate_recordset(
            ["message_follower_ids", "message_partner_ids", "message_is_follower"]
        )
        return Followers.browse(follower_ids)

    @api.model
    def _next_numbers(self, company_id, count):
        """``count`` numbers of the ticket sequence of a company, drawn at once.

        A plain PostgreSQL sequence (the "standard" implementation without
        date ranges) gives all its numbers in one query; other sequences are
        drawn one by one as ``next_by_code`` does.
        """
        Sequence = self.env["ir.sequence"].with_company(company_id).sudo()
        sequence = Sequence.search(
            [("code", "=", "sales.ticket"), ("company_id", "in", [company_id, False])],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return ["/"] * count
        if sequence.implementation != "standard" or sequence.use_date_range or count == 1:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        # get_next_char's formatting, with the prefix and suffix interpolated once.
        prefix, suffix = sequence._get_prefix_suffix()
        pattern = f"%0{sequence.padding}d"
        return [prefix + pattern % number + suffix for (number,) in self.env.cr.fetchall()]

    def write(self, vals):
        self._check_workflow_fields(vals)
        if "number" in vals and self.env.context.get(WORKFLOW_CONTEXT_KEY) is not _WORKFLOW_TOKEN:
            raise UserError(self.env._("A ticket's number is given by its sequence."))
        result = super().write(vals)
        if "stage_id" in vals:
            self.filtered(lambda t: t.stage_id.is_closed and not t.closed_date)._close()
            self.filtered(lambda t: not t.stage_id.is_closed and t.closed_date)._reopen()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_respond(self):
        """Record the first response to the customer (once; later calls keep it)."""
        unanswered = self.filtered(lambda t: not t.first_response_date)
        if unanswered:
            unanswered._workflow().write({"first_response_date": fields.Datetime.now()})
        return True

    def action_close(self):
        """Close the tickets: first closing stage, clocks stopped, rating asked."""
        stage = self.env["sales.ticket.stage"].search([("is_closed", "=", True)], limit=1)
        if not stage:
            raise UserError(
                self.env._(
                    "No ticket stage is marked as closing: mark one in Configuration > Ticket "
                    "Stages."
                )
            )
        to_close = self.filtered(lambda t: not t.stage_id.is_closed)
        if to_close:
            to_close.write({"stage_id": stage.id})
        return True

    def _close(self):
        now = fields.Datetime.now()
        workflow = self._workflow()
        workflow.filtered(lambda t: not t.first_response_date).write({"first_response_date": now})
        workflow.write({"closed_date": now})
        self._send_rating_request()
        if not self.env.context.get("sales_ticket_defer_visits"):
            self._plan_follow_up_visits()

    def _plan_follow_up_visits(self):
        """Plan a follow-up visit with each resolved ticket's customer.

        Through ``sales.visit._plan_follow_up_visits``: a customer that already
        has a planned visit keeps it (never two), which the ticket then refers to.
        """
        tickets = self.filtered(lambda t: t.partner_id and not t.visit_id)
        if not tickets:
            return
        Measure = self.env["sales.mgmt.measure"]
        date_planned = Measure._company_today(tickets.company_id[:1]) + timedelta(
            days=FOLLOW_UP_VISIT_DAYS
        )
        visits = self.env["sales.visit"]._plan_follow_up_visits(
            tickets.partner_id,
            date_planned=date_planned,
            purpose=self.env._("Follow-up after an after-sales ticket"),
        )
        visit_of = {visit.partner_id: visit for visit in visits.sudo()}
        for ticket in tickets:
            visit = visit_of.get(ticket.partner_id.commercial_partner_id)
            if visit:
                ticket.sudo().visit_id = visit

    def _reopen(self):
        self._workflow().write({"closed_date": False})

    def _send_rating_request(self):
        template = self.env.ref(
            "sales_mgmt_system.mail_template_ticket_rating", raise_if_not_found=False
        )
        if not template:
            return
        for ticket in self.filtered("partner_id"):
            ticket.rating_send_request(template, force_send=False)

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """The customer's rating becomes their feedback on the ticket (source: ticket)."""
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        ticket = self.browse(rating.res_id) if rating.res_model == self._name else self
        ticket._rating_to_feedback(rating)
        return rating

    def _rating_to_feedback(self, rating):
        """Create (or, when the customer changes their rating, update) the feedback."""
        self.ensure_one()
        if not rating.rating or not self.partner_id:
            return self.env["sales.feedback"]
        Feedback = self.env["sales.feedback"].sudo()
        vals = {
            "csat": str(min(5, max(1, round(rating.rating)))),
            "comment": rating.feedback or False,
        }
        existing = Feedback.search(
            [("ticket_id", "=", self.id), ("source", "=", "ticket")], limit=1
        )
        if existing:
            existing.write(vals)
            return existing
        vals.update(
            {
                "ticket_id": self.id,
                "source": "ticket",
                "category": "after_sales",
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "date": self.env["sales.mgmt.measure"]._company_today(self.company_id),
            }
        )
        if self.user_id:
            vals["user_id"] = self.user_id.id
        return Feedback.create(vals)

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an incoming mail: subject, sender, the message's date."""
        values = {
            "name": msg_dict.get("subject") or self.env._("No Subject"),
            "email_from": msg_dict.get("from"),
            "partner_id": msg_dict.get("author_id") or False,
            "channel": "email",
            "user_id": False,
        }
        if msg_dict.get("date"):
            values["date_received"] = msg_dict["date"]
        values.update(custom_values or {})
        if not values.get("partner_id") and values.get("email_from"):
            partners = self._mail_find_partner_from_emails(
                [values["email_from"]], force_create=True
            )
            if partners and partners[0]:
                values["partner_id"] = partners[0].id
        return super(SalesTicket, self.with_context(default_user_id=False)).message_new(
            msg_dict, custom_values=values
        )

    def _message_post_after_hook(self, message, msg_vals):
        """A message to the customer (not a note) by an employee is a first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        comment = self.env.ref("mail.mt_comment")
        author = message.author_id
        if (
            message.message_type == "comment"
            and message.subtype_id == comment
            and author
            and author != self.partner_id
            and any(not user.share for user in author.user_ids)
        ):
            self.action_respond()
        return result

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=self.env._("Customer")
            )
        elif self.email_from:
            self._message_add_suggested_recipient(
                recipients, email=self.email_from, reason=self.env._("Customer Email")
            )
        return recipients

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    @api.model
    def _cron_escalate(self):
        """Scheduled action (every 15 minutes): escalate and refresh the SLA status."""
        self._escalate(fields.Datetime.now(), commit=True)

    @api.model
    def _escalation_manager(self, company):
        manager = company.sales_ticket_manager_id
        if manager:
            return manager
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("sales_team.group_sale_manager").id),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
                limit=1,
            )
        )

    def _escalation_recipient(self, level, manager):
        """Who is alerted at ``level``; ``manager``: the company's escalation manager."""
        self.ensure_one()
        leader = self.team_id.user_id
        if level == LEVEL_ASSIGNEE:
            return self.user_id or leader or manager
        if level == LEVEL_TEAM_LEADER:
            return leader or manager
        return manager

    @api.model
    def _escalation_due_domain(self, level, now):
        """Open tickets due for ``level`` and not yet escalated to it or above."""
        below = [str(lower) for lower in range(level)]
        not_reached = ["|", ("escalation_level", "=", False), ("escalation_level", "in", below)]
        if level == LEVEL_MANAGER:
            due = [("manager_escalation_date", "<=", now)]
        elif level == LEVEL_TEAM_LEADER:
            due = self._sla_status_domain("breached", now)
        else:
            due = self._sla_status_domain("at_risk", now)
        return expression.AND([[("closed_date", "=", False)], not_reached, due])

    @api.model
    def _escalate(self, now, batch_size=ESCALATION_BATCH_SIZE, commit=False):
        """Escalate the open tickets due for a higher level, then refresh the statuses.

        Highest level first, so that a ticket due for the manager is not also
        sent to its team leader in the same run. Each level is notified once
        (``escalation_level`` only rises), so a second run changes nothing.
        ``commit``: commit after each batch (the scheduled action, never in tests).
        """
        self = self.sudo()
        todo = [
            (level, self.search(self._escalation_due_domain(level, now), order="id").ids)
            for level in (LEVEL_MANAGER, LEVEL_TEAM_LEADER, LEVEL_ASSIGNEE)
        ]
        stale = self._sla_status_stale_ids(now)
        total = sum(len(ids) for _level, ids in todo) + len(stale)
        done = 0
        seen = set()
        for level, ids in todo:
            ids = [ticket_id for ticket_id in ids if ticket_id not in seen]
            seen.update(ids)
            for batch in split_every(batch_size, ids, self.browse):
                batch._escalate_to(level, now)
                done += len(batch)
                self._escalation_commit(done, total - done, commit)
        for status, ids in stale.items():
            for batch in split_every(batch_size, ids, self.browse):
                batch.write({"sla_status_checked": status})
                done += len(batch)
                self._escalation_commit(done, total - done, commit)
        return done

    @api.model
    def _sla_status_stale_ids(self, now):
        """``{status: ids}`` of the tickets whose last checked status is no longer right."""
        return {
            status: self.search(
                expression.AND(
                    [
                        self._sla_status_domain(status, now),
                        [("sla_status_checked", "!=", status)],
                    ]
                ),
                order="id",
            ).ids
            for status in ("at_risk", "breached")
        }

    @api.model
    def _escalation_commit(self, done, remaining, commit):
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if commit and not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _escalate_to(self, level, now):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        level_label = dict(self._fields["escalation_level"]._description_selection(self.env))[
            str(level)
        ]
        managers = {company: self._escalation_manager(company) for company in self.company_id}
        activities, bodies = [], {}
        for ticket in self:
            recipient = ticket._escalation_recipient(level, managers[ticket.company_id])
            if level == LEVEL_ASSIGNEE:
                summary = self.env._("SLA at risk: %(number)s", number=ticket.number)
            else:
                summary = self.env._("SLA breached: %(number)s", number=ticket.number)
            if recipient:
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "user_id": recipient.id,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
            bodies[ticket.id] = tools.html_escape(
                self.env._(
                    "%(summary)s, escalated to %(level)s: %(person)s.",
                    summary=summary,
                    level=level_label,
                    person=recipient.name or self.env._("nobody"),
                )
            )
        if activities:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activities
            )
        self._message_log_batch(bodies=bodies)
        # The chatter line above says it: no tracking message on top.
        self._workflow().with_context(tracking_disable=True).write(
            {
                "escalation_level": str(level),
                "escalated_date": now,
                "sla_status_checked": "at_risk" if level == LEVEL_ASSIGNEE else "breached",
            }
        )

    @api.constrains("date_received")
    def _check_date_received(self):
        now = fields.Datetime.now() + timedelta(minutes=5)
        for ticket in self:
            if ticket.date_received > now:
                raise ValidationError(
                    self.env._(
                        "Ticket %(number)s is received in the future: set the date the "
                        "request came in.",
                        number=ticket.number,
                    )
                )
