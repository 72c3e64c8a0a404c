"""Row providers of the XLSX reports.

Each report reads the system's records as the current user (record rules
apply: a salesperson gets their own and their led teams' figures whatever
filters they pick), in the user's language, and describes its sheets for the
pure writer ``xlsx_writer.write_workbook``. Detail rows stream in batches of
ids read with one query per batch; summaries come from one grouped query.
"""

import pytz

from odoo import api, fields, models
from odoo.tools import split_every

from odoo.addons.sales_mgmt_system.core import feedback as feedback_core

from ..xlsx_writer import write_workbook

REPORTS = [
    ("targets", "Sales Targets"),
    ("funnel", "Sales Funnel"),
    ("commissions", "Commissions"),
    ("tickets", "After-Sales Tickets"),
    ("feedback", "Customer Feedback"),
    ("customers", "Customers"),
    ("channels", "Sales Channels"),
    ("competitors", "Competitors"),
    ("costs", "Sales Costs"),
]
BATCH_SIZE = 1000


class SalesMgmtXlsxReport(models.AbstractModel):
    _name = "sales.mgmt.xlsx.report"
    _description = "Sales Management XLSX Report Builder"

    # ------------------------------------------------------------------
    # Entry points

    @api.model
    def _write_xlsx(self, out, reports, date_from, date_to, teams=None, users=None):
        """Write the workbook of ``reports`` (codes of ``REPORTS``) on ``out``."""
        teams = teams or self.env["crm.team"]
        users = users or self.env["res.users"]
        self.env.flush_all()
        sheets = []
        for report in reports:
            sheets.extend(self._xlsx_sheets(report, date_from, date_to, teams, users))
        currency = self.env.company.currency_id
        return write_workbook(
            out,
            sheets,
            currency_symbol=currency.symbol or "",
            currency_position=currency.position or "before",
        )

    @api.model
    def _xlsx_sheets(self, report, date_from, date_to, teams, users):
        context = {
            "date_from": date_from,
            "date_to": date_to,
            "teams": teams,
            "users": users,
            "bounds": self.env["sales.mgmt.measure"]._utc_bounds((date_from, date_to)),
            "title": self._xlsx_report_label(report),
        }
        context["header_lines"] = self._xlsx_header_lines(context)
        return getattr(self, f"_xlsx_sheets_{report}")(context)

    @api.model
    def _xlsx_report_label(self, report):
        return self._xlsx_labels("sales.mgmt.xlsx.wizard", "report")[report]

    # ------------------------------------------------------------------
    # Helpers

    @api.model
    def _xlsx_header_lines(self, context):
        everything = self.env._("all you may see")
        teams = ", ".join(context["teams"].mapped("display_name")) or everything
        users = ", ".join(context["users"].mapped("display_name")) or everything
        return [
            self.env._("Company: %(company)s", company=self.env.company.name),
            self.env._(
                "Period: %(start)s to %(end)s",
                start=fields.Date.to_string(context["date_from"]),
                end=fields.Date.to_string(context["date_to"]),
            ),
            self.env._("Sales Teams: %(teams)s", teams=teams),
            self.env._("Salespeople: %(users)s", users=users),
            self.env._(
                "Prepared for %(user)s on %(date)s, from the records this user may see.",
                user=self.env.user.name,
                date=fields.Date.to_string(fields.Date.context_today(self)),
            ),
        ]

    @api.model
    def _xlsx_sheet(self, context, columns, rows, name=None, title=None, **extra):
        return {
            "name": name or context["title"],
            "title": title or context["title"],
            "header_lines": context["header_lines"],
            "columns": columns,
            "rows": rows,
            "total_label": self.env._("Total"),
            "empty_message": self.env._("No data for this period and these filters"),
            **extra,
        }

    @api.model
    def _xlsx_filter_domain(self, context, team_field="team_id", user_field="user_id"):
        domain = []
        if context["teams"] and team_field:
            domain.append((team_field, "in", context["teams"].ids))
        if context["users"] and user_field:
            domain.append((user_field, "in", context["users"].ids))
        return domain

    @api.model
    def _xlsx_team_members(self, teams):
        """The salespeople of ``teams``: members and leaders."""
        return teams.member_ids | teams.user_id

    @api.model
    def _xlsx_labels(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))

    @api.model
    def _xlsx_local(self, moment):
        """A stored UTC datetime as a naive datetime in the user's timezone."""
        if not moment:
            return None
        tz = pytz.timezone(self.env.user.tz or self.env.context.get("tz") or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).replace(tzinfo=None)

    @api.model
    def _xlsx_stream(
        self, model, domain, order, field_names, make_row, batch_size=BATCH_SIZE, prepare=None
    ):
        """Yield ``make_row(record)`` for the records of ``domain`` the user may read.

        ``_search`` applies the record rules and returns the ids in one query;
        each batch of ids is then read with one query per table (``prepare``,
        if given, is called with the batch first, for figures read per batch),
        and the cache is emptied between batches so that memory stays flat.
        """
        Model = self.env[model]
        ids = Model._search(domain, order=order).get_result_ids()
        for batch in split_every(batch_size, ids):
            records = Model.browse(batch)
            records.fetch(field_names)
            if prepare:
                prepare(records)
            for record in records:
                yield make_row(record)
            self.env.invalidate_all()

    @api.model
    def _xlsx_column_values(self, records, field_names):
        """The values of ``field_names`` for the fetched ``records``, column by
        column, as ``record[name]`` gives them (a many2one gives the id, or
        False), without the cost of reading them one record at a time."""
        columns = {}
        for name in field_names:
            field = records._fields[name]
            if field.type == "many2one":
                values = self.env.cache.get_until_miss(records, field)
                if len(values) < len(records):
                    values = [record[name].id for record in records]
                columns[name] = [value or False for value in values]
            elif field.relational:
                raise ValueError(f"{name}: only scalar and many2one fields")
            else:
                convert = field.convert_to_record
                columns[name] = [convert(value, records) for value in field.mapped(records)]
        return columns

    @staticmethod
    def _xlsx_ratio(part, whole):
        return part / whole if whole else None

    # ------------------------------------------------------------------
    # Reports

    def _xlsx_sheets_targets(self, context):
        measures = self._xlsx_labels("sales.target", "measure")
        levels = self._xlsx_labels("sales.target.line", "owner_level")
        domain = [
            ("target_id.state", "in", ("confirmed", "closed")),
            ("date_start", "<=", context["date_to"]),
            ("date_end", ">=", context["date_from"]),
            *self._xlsx_filter_domain(context, team_field="owner_team_id"),
        ]

        def row(line):
            return (
                line.target_id.name,
                line.user_id.name or line.team_id.name,
                measures.get(line.measure),
                line.date_start,
                line.date_end,
                line.target_value,
                line.actual_value,
                line.achievement / 100,
            )

        detail = self._xlsx_sheet(
            context,
            [
                {"label": self.env._("Target"), "kind": "text", "width": 30},
                {"label": self.env._("Owner"), "kind": "text"},
                {"label": self.env._("Measure"), "kind": "text", "width": 16},
                {"label": self.env._("From"), "kind": "date"},
                {"label": self.env._("To"), "kind": "date"},
                {"label": self.env._("Target Value"), "kind": "number"},
                {"label": self.env._("Actual"), "kind": "number"},
                {
                    "label": self.env._("Achievement"),
                    "kind": "percent",
                    "total": "average",
                    "rule": "attainment",
                },
            ],
            self._xlsx_stream(
                "sales.target.line",
                domain,
                "date_start, id",
                [
                    "target_id",
                    "user_id",
                    "team_id",
                    "measure",
                    "date_start",
                    "date_end",
                    "target_value",
                    "actual_value",
                    "achievement",
                ],
                row,
            ),
        )
        groups = self.env["sales.target.line"]._read_group(
            [*domain, ("measure", "=", "revenue")],
            ["date_start:month", "owner_level"],
            ["target_value:sum", "actual_value:sum"],
            order="date_start:month, owner_level",
        )
        monthly = self._xlsx_sheet(
            context,
            [
                {"label": self.env._("Month"), "kind": "text", "width": 12},
                {"label": self.env._("Level"), "kind": "text", "width": 18},
                {"label": self.env._("Target Revenue"), "kind": "money"},
                {"label": self.env._("Actual Revenue"), "kind": "money"},
                {"label": self.env._("Achievement"), "kind": "percent", "rule": "attainment"},
            ],
            [
                (
                    month.strftime("%Y-%m"),
                    levels.get(level),
                    target or 0.0,
                    actual or 0.0,
                    self._xlsx_ratio(actual, target),
                )
                for month, level, target, actual in groups
            ],
            name=self.env._("Attainment by Month"),
            title=self.env._("Revenue Attainment by Month"),
            chart={
                "type": "column",
                "title": self.env._("Revenue Attainment by Month"),
                "categories": 0,
                "values": [4],
                "percent": True,
            },
        )
        return [detail, monthly]

    def _xlsx_sheets_funnel(self, context):
        start, stop = context["bounds"]
        groups = self.env["sales.funnel.report"]._read_group(
            [("date", ">=", start), ("date", "<", stop), *self._xlsx_filter_domain(context)],
            ["stage_id"],
            ["entered_count:sum", "advanced_count:sum", "won_count:sum", "days_in_stage:avg"],
        )
        groups.sort(key=lambda group: (group[0].sequence, group[0].id))
        rows = [
            (
                stage.name,
                entered,
                advanced,
                self._xlsx_ratio(advanced, entered),
                days or 0.0,
                won,
                self._xlsx_ratio(won, entered),
            )
            for stage, entered, advanced, won, days in groups
        ]
        columns = [
            {"label": self.env._("Stage"), "kind": "text"},
            {"label": self.env._("Entered"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Moved On"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Conversion Rate"), "kind": "percent"},
            {"label": self.env._("Average Days in Stage"), "kind": "number"},
            {"label": self.env._("Won"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Win Rate"), "kind": "percent"},
        ]
        chart = {"type": "bar", "title": self.env._("Sales Funnel"), "categories": 0, "values": [1]}
        return [self._xlsx_sheet(context, columns, rows, chart=chart)]

    def _xlsx_sheets_commissions(self, context):
        states = self._xlsx_labels("sales.commission.statement", "state")
        users = context["users"]
        if context["teams"]:
            members = self._xlsx_team_members(context["teams"])
            users = (users & members) if users else members
        domain = [
            ("state", "!=", "cancelled"),
            ("date_start", "<=", context["date_to"]),
            ("date_end", ">=", context["date_from"]),
        ]
        if context["users"] or context["teams"]:
            domain.append(("user_id", "in", users.ids))

        def row(statement):
            return (
                statement.user_id.name,
                statement.plan_id.name,
                statement.date_start,
                statement.date_end,
                states.get(statement.state),
                statement.base_amount,
                statement.commission_amount,
                statement.bonus_amount,
                statement.clawback_amount,
                statement.total_amount,
                statement.attainment / 100 if statement.attainment else None,
            )

        money = {"kind": "money", "total": "sum"}
        columns = [
            {"label": self.env._("Salesperson"), "kind": "text"},
            {"label": self.env._("Commission Plan"), "kind": "text"},
            {"label": self.env._("From"), "kind": "date"},
            {"label": self.env._("To"), "kind": "date"},
            {"label": self.env._("Status"), "kind": "text", "width": 12},
            {"label": self.env._("Base"), **money},
            {"label": self.env._("Commission"), **money},
            {"label": self.env._("Bonuses"), **money},
            {"label": self.env._("Clawbacks"), **money},
            {"label": self.env._("Total"), **money},
            {"label": self.env._("Attainment"), "kind": "percent", "rule": "attainment"},
        ]
        fields_ = ["user_id", "plan_id", "date_start", "date_end", "state", "base_amount"]
        fields_ += ["commission_amount", "bonus_amount", "clawback_amount", "total_amount"]
        rows = self._xlsx_stream(
            "sales.commission.statement",
            domain,
            "date_start, id",
            [*fields_, "attainment"],
            row,
        )
        return [self._xlsx_sheet(context, columns, rows)]

    def _xlsx_sheets_tickets(self, context):
        start, stop = context["bounds"]
        priorities = self._xlsx_labels("sales.ticket", "priority")
        statuses = self._xlsx_labels("sales.ticket", "sla_status")
        domain = [
            ("date_received", ">=", start),
            ("date_received", "<", stop),
            *self._xlsx_filter_domain(context),
        ]
        local = self._xlsx_local

        def row(ticket):
            return (
                ticket.number,
                ticket.name,
                ticket.partner_id.display_name,
                ticket.team_id.name,
                ticket.user_id.name,
                priorities.get(ticket.priority),
                ticket.stage_id.name,
                local(ticket.date_received),
                local(ticket.resolution_deadline),
                local(ticket.closed_date),
                ticket.resolution_time_hours or None,
                statuses.get(ticket.sla_status),
            )

        columns = [
            {"label": self.env._("Number"), "kind": "text", "width": 14},
            {"label": self.env._("Subject"), "kind": "text", "width": 32},
            {"label": self.env._("Customer"), "kind": "text"},
            {"label": self.env._("Sales Team"), "kind": "text"},
            {"label": self.env._("Assigned To"), "kind": "text"},
            {"label": self.env._("Priority"), "kind": "text", "width": 10},
            {"label": self.env._("Stage"), "kind": "text", "width": 14},
            {"label": self.env._("Received"), "kind": "datetime"},
            {"label": self.env._("Resolution Deadline"), "kind": "datetime"},
            {"label": self.env._("Closed"), "kind": "datetime"},
            {"label": self.env._("Resolution Hours"), "kind": "number", "total": "average"},
            {
                "label": self.env._("SLA Status"),
                "kind": "text",
                "width": 14,
                "rule": {"equals": statuses["breached"], "style": "bad"},
            },
        ]
        rows = self._xlsx_stream(
            "sales.ticket",
            domain,
            "date_received, id",
            [
                "number",
                "name",
                "partner_id",
                "team_id",
                "user_id",
                "priority",
                "stage_id",
                "date_received",
                "resolution_deadline",
                "closed_date",
                "resolution_time_hours",
            ],
            row,
        )
        return [self._xlsx_sheet(context, columns, rows)]

    def _xlsx_sheets_feedback(self, context):
        labels = {
            name: self._xlsx_labels("sales.feedback", name)
            for name in ("source", "category", "sentiment", "state")
        }
        domain = [
            ("date", ">=", context["date_from"]),
            ("date", "<=", context["date_to"]),
            *self._xlsx_filter_domain(context),
        ]

        def row(feedback):
            return (
                feedback.date,
                feedback.partner_id.display_name,
                feedback.user_id.name,
                labels["source"].get(feedback.source),
                labels["category"].get(feedback.category),
                int(feedback.csat) if feedback.csat else None,
                int(feedback.nps) if feedback.nps else None,
                labels["sentiment"].get(feedback.sentiment),
                labels["state"].get(feedback.state),
            )

        columns = [
            {"label": self.env._("Date"), "kind": "date"},
            {"label": self.env._("Customer"), "kind": "text"},
            {"label": self.env._("Salesperson"), "kind": "text"},
            {"label": self.env._("Source"), "kind": "text", "width": 14},
            {"label": self.env._("Category"), "kind": "text", "width": 16},
            {"label": self.env._("CSAT"), "kind": "integer", "total": "average"},
            {"label": self.env._("NPS"), "kind": "integer", "total": "average"},
            {
                "label": self.env._("Sentiment"),
                "kind": "text",
                "width": 12,
                "rule": {"equals": labels["sentiment"]["negative"], "style": "bad"},
            },
            {"label": self.env._("Status"), "kind": "text", "width": 12},
        ]
        rows = self._xlsx_stream(
            "sales.feedback",
            domain,
            "date, id",
            [
                "date",
                "partner_id",
                "user_id",
                "source",
                "category",
                "csat",
                "nps",
                "sentiment",
                "state",
            ],
            row,
        )
        return [self._xlsx_sheet(context, columns, rows)]

    def _xlsx_sheets_customers(self, context):
        stages = self._xlsx_labels("res.partner", "lifecycle_stage")
        segments = self._xlsx_labels("res.partner", "rfm_segment")
        domain = [
            ("customer_order_count", ">", 0),
            ("last_order_date", ">=", context["date_from"]),
            ("first_order_date", "<=", context["date_to"]),
            *self._xlsx_filter_domain(context),
        ]

        field_names = [
            "name",
            "complete_name",
            "user_id",
            "lifecycle_stage",
            "rfm_segment",
            "customer_order_count",
            "customer_revenue",
            "avg_order_value",
            "first_order_date",
            "last_order_date",
        ]
        batch_rows = {}

        def prepare(partners):
            """The batch's rows, read column by column: stored names, and the
            CSAT as ``satisfaction_csat`` computes it, in one grouped query
            (the field's compute also counts visits, and runs per batch)."""
            batch_rows.clear()
            answers = {}
            for partner, score, count in self.env["sales.feedback"]._read_group(
                [("partner_id", "in", partners.ids), ("csat", "!=", False)],
                ["partner_id", "csat"],
                ["__count"],
            ):
                answers.setdefault(partner.id, {})[int(score)] = count
            csat = {
                partner_id: feedback_core.csat_pct(counts) for partner_id, counts in answers.items()
            }
            values = self._xlsx_column_values(partners, field_names)
            salespeople = {
                user.id: user.name
                for user in self.env["res.users"].browse({uid for uid in values["user_id"] if uid})
            }
            for partner, *line in zip(partners, *values.values(), strict=True):
                name, complete_name, user_id, stage, segment, *figures = line
                # ``display_name`` is the stored ``complete_name`` here (no
                # display options in the context), but computed per record:
                # take the stored one, except where the two may differ (a
                # nameless contact gets its type's label in the user's
                # language; line breaks are tidied).
                if not name or "\n" in complete_name:
                    complete_name = partner.display_name
                satisfaction = csat.get(partner.id)
                batch_rows[partner.id] = (
                    complete_name,
                    salespeople.get(user_id, False),
                    stages.get(stage),
                    segments.get(segment),
                    *figures,
                    satisfaction / 100 if satisfaction else None,
                )

        def row(partner):
            return batch_rows[partner.id]

        columns = [
            {"label": self.env._("Customer"), "kind": "text", "width": 30},
            {"label": self.env._("Salesperson"), "kind": "text"},
            {"label": self.env._("Lifecycle Stage"), "kind": "text", "width": 16},
            {"label": self.env._("RFM Segment"), "kind": "text", "width": 18},
            {"label": self.env._("Orders"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Revenue"), "kind": "money", "total": "sum"},
            {"label": self.env._("Average Order Value"), "kind": "money", "total": "average"},
            {"label": self.env._("First Order"), "kind": "date"},
            {"label": self.env._("Last Order"), "kind": "date"},
            {"label": self.env._("CSAT"), "kind": "percent", "total": "average"},
        ]
        rows = self._xlsx_stream(
            "res.partner",
            domain,
            "customer_revenue desc, id",
            field_names,
            row,
            prepare=prepare,
        )
        return [
            self._xlsx_sheet(
                context,
                columns,
                rows,
                title=self.env._("Customers who ordered in the period (lifetime figures)"),
            )
        ]

    def _xlsx_sheets_channels(self, context):
        start, stop = context["bounds"]
        types = self._xlsx_labels("sales.channel", "channel_type")
        filters = self._xlsx_filter_domain(context)
        orders = {
            channel.id: (count, amount)
            for channel, count, amount in self.env["sale.order"]._read_group(
                [
                    ("sales_channel_id", "!=", False),
                    ("state", "=", "sale"),
                    ("date_order", ">=", start),
                    ("date_order", "<", stop),
                    *filters,
                ],
                ["sales_channel_id"],
                ["__count", "amount_untaxed:sum"],
            )
        }
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = dict(
            Lead._read_group(
                [
                    ("sales_channel_id", "!=", False),
                    ("create_date", ">=", start),
                    ("create_date", "<", stop),
                    *filters,
                ],
                ["sales_channel_id"],
                ["__count"],
            )
        )
        won = dict(
            Lead._read_group(
                [
                    ("sales_channel_id", "!=", False),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", True),
                    ("date_closed", ">=", start),
                    ("date_closed", "<", stop),
                    *filters,
                ],
                ["sales_channel_id"],
                ["__count"],
            )
        )
        active_ids = set(orders) | {channel.id for channel in (*leads, *won)}
        channels = self.env["sales.channel"].search(
            [("id", "in", list(active_ids))], order="sequence, name"
        )
        rows = []
        for channel in channels:
            lead_count, won_count = leads.get(channel, 0), won.get(channel, 0)
            order_count, revenue = orders.get(channel.id, (0, 0.0))
            rows.append(
                (
                    channel.name,
                    types.get(channel.channel_type),
                    channel.user_id.name,
                    lead_count,
                    won_count,
                    self._xlsx_ratio(won_count, lead_count),
                    order_count,
                    revenue,
                    channel.rebate_rate / 100,
                )
            )
        columns = [
            {"label": self.env._("Sales Channel"), "kind": "text"},
            {"label": self.env._("Type"), "kind": "text", "width": 14},
            {"label": self.env._("Channel Manager"), "kind": "text"},
            {"label": self.env._("New Leads"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Won Deals"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Conversion Rate"), "kind": "percent"},
            {"label": self.env._("Sales Orders"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Revenue"), "kind": "money", "total": "sum"},
            {"label": self.env._("Rebate Rate"), "kind": "percent"},
        ]
        chart = {
            "type": "column",
            "title": self.env._("Revenue by Channel"),
            "categories": 0,
            "values": [7],
        }
        return [self._xlsx_sheet(context, columns, rows, chart=chart)]

    def _xlsx_sheets_competitors(self, context):
        start, stop = context["bounds"]
        levels = self._xlsx_labels("sales.competitor", "threat_level")
        filters = self._xlsx_filter_domain(context)
        closed = [("date_closed", ">=", start), ("date_closed", "<", stop), *filters]
        Lead = self.env["crm.lead"].with_context(active_test=False)
        won = dict(
            Lead._read_group(
                [
                    ("competitor_ids", "!=", False),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", True),
                    *closed,
                ],
                ["competitor_ids"],
                ["__count"],
            )
        )
        lost = dict(
            Lead._read_group(
                [("lost_to_competitor_id", "!=", False), ("active", "=", False), *closed],
                ["lost_to_competitor_id"],
                ["__count"],
            )
        )
        competitors = self.env["sales.competitor"].search(
            [("id", "in", [competitor.id for competitor in (*won, *lost)])], order="name"
        )
        rows = []
        for competitor in competitors:
            won_count, lost_count = won.get(competitor, 0), lost.get(competitor, 0)
            rows.append(
                (
                    competitor.name,
                    levels.get(competitor.threat_level),
                    won_count,
                    lost_count,
                    self._xlsx_ratio(won_count, won_count + lost_count),
                )
            )
        columns = [
            {"label": self.env._("Competitor"), "kind": "text", "width": 28},
            {
                "label": self.env._("Threat Level"),
                "kind": "text",
                "width": 14,
                "rule": {"equals": levels["high"], "style": "bad"},
            },
            {"label": self.env._("Won Against"), "kind": "integer", "total": "sum"},
            {"label": self.env._("Lost To"), "kind": "integer", "total": "sum"},
            {
                "label": self.env._("Win Rate"),
                "kind": "percent",
                "rule": "attainment",
                "amber_from": 0.5,
            },
        ]
        return [self._xlsx_sheet(context, columns, rows)]

    def _xlsx_sheets_costs(self, context):
        filters = self._xlsx_filter_domain(context)

        def entry_row(entry):
            return (
                entry.date,
                entry.description,
                entry.category_id.name,
                entry.user_id.name,
                entry.team_id.name,
                entry.amount,
            )

        entries = self._xlsx_sheet(
            context,
            [
                {"label": self.env._("Date"), "kind": "date"},
                {"label": self.env._("Description"), "kind": "text", "width": 32},
                {"label": self.env._("Cost Category"), "kind": "text", "width": 16},
                {"label": self.env._("Salesperson"), "kind": "text"},
                {"label": self.env._("Sales Team"), "kind": "text"},
                {"label": self.env._("Amount"), "kind": "money", "total": "sum"},
            ],
            self._xlsx_stream(
                "sales.cost.entry",
                [
                    ("date", ">=", context["date_from"]),
                    ("date", "<=", context["date_to"]),
                    *filters,
                ],
                "date, id",
                ["date", "description", "category_id", "user_id", "team_id", "amount"],
                entry_row,
            ),
            name=self.env._("Cost Entries"),
            title=self.env._("Cost Entries"),
        )

        def budget_row(line):
            return (
                line.budget_id.name,
                line.category_id.name,
                line.user_id.name or line.team_id.name,
                line.date_start,
                line.date_end,
                line.amount,
                line.actual_amount,
                line.variance,
                line.utilisation / 100,
            )

        budgets = self._xlsx_sheet(
            context,
            [
                {"label": self.env._("Cost Budget"), "kind": "text", "width": 28},
                {"label": self.env._("Cost Category"), "kind": "text", "width": 16},
                {"label": self.env._("Owner"), "kind": "text"},
                {"label": self.env._("From"), "kind": "date"},
                {"label": self.env._("To"), "kind": "date"},
                {"label": self.env._("Budget"), "kind": "money", "total": "sum"},
                {"label": self.env._("Actual"), "kind": "money", "total": "sum"},
                {"label": self.env._("Variance"), "kind": "money", "total": "sum"},
                {"label": self.env._("Utilisation"), "kind": "percent"},
            ],
            self._xlsx_stream(
                "sales.cost.budget.line",
                [
                    ("date_start", "<=", context["date_to"]),
                    ("date_end", ">=", context["date_from"]),
                    *filters,
                ],
                "date_start, id",
                [
                    "budget_id",
                    "category_id",
                    "user_id",
                    "team_id",
                    "date_start",
                    "date_end",
                    "amount",
                    "actual_amount",
                    "variance",
                    "utilisation",
                ],
                budget_row,
            ),
            name=self.env._("Cost Budgets"),
            title=self.env._("Cost Budgets"),
        )
        return [entries, budgets]
