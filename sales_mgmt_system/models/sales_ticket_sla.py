from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Public codes (PRODUCT.md §8), shared by tickets and SLA policies.
TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class SalesTicketSla(models.Model):
    """Response and resolution times for the tickets of a priority (and category).

    A ticket takes the policy of its company, priority and category, else the
    policy of its company and priority without category. The hours are working
    hours of the policy's calendar, counted from the ticket's reception.
    Changing a policy applies to the tickets it is given afterwards: the
    deadlines of existing tickets do not move.
    """

    _name = "sales.ticket.sla"
    _description = "After-Sales SLA Policy"
    _order = "priority desc, category_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    priority = fields.Selection(TICKET_PRIORITIES, required=True, default="1")
    category_id = fields.Many2one(
        "sales.ticket.category",
        check_company=True,
        help="Leave empty for the policy of every category without its own policy.",
    )
    response_hours = fields.Float(
        required=True,
        default=4.0,
        help="Working hours within which the customer must get a first answer.",
    )
    resolution_hours = fields.Float(
        required=True,
        default=16.0,
        help="Working hours within which the ticket must be closed.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="The hours count only in the working time of this calendar, without its time off.",
    )

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for sla in self:
            if sla.response_hours <= 0 or sla.resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The SLA policy “%(name)s” needs response and resolution times of more "
                        "than 0 hours.",
                        name=sla.name,
                    )
                )
            if sla.response_hours > sla.resolution_hours:
                raise ValidationError(
                    self.env._(
                        "The SLA policy “%(name)s” gives more time to answer than to resolve: "
                        "make the response time at most the resolution time.",
                        name=sla.name,
                    )
                )

    @api.constrains("company_id", "priority", "category_id", "active")
    def _check_unique_scope(self):
        for sla in self.filtered("active"):
            duplicate = self.search_count(
                [
                    ("id", "!=", sla.id),
                    ("company_id", "=", sla.company_id.id),
                    ("priority", "=", sla.priority),
                    ("category_id", "=", sla.category_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Another active SLA policy already covers this priority and category "
                        "in %(company)s: change its times or archive it.",
                        company=sla.company_id.name,
                    )
                )

    def _match(self, company, priority, category):
        """The policy of ``self`` for a ticket (self: candidate policies)."""
        best = self.browse()
        for sla in self:
            if sla.company_id != company or sla.priority != priority:
                continue
            if sla.category_id == category and category:
                return sla
            if not sla.category_id and not best:
                best = sla
        return best

    def _matcher(self):
        """``_match`` for many tickets: a function ``(company, priority,
        category) -> policy`` over ``self`` indexed once (the first policy of
        each scope in ``self``'s order, as ``_match`` takes it)."""
        index = {}
        for sla in self:
            index.setdefault((sla.company_id.id, sla.priority, sla.category_id.id), sla)
        empty = self.browse()

        def match(company, priority, category):
            if category and (company.id, priority, category.id) in index:
                return index[(company.id, priority, category.id)]
            return index.get((company.id, priority, False), empty)

        return match
