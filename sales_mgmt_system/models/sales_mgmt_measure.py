from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

MEASURES = ("revenue", "won_deals", "lost_deals", "new_customers")
REVENUE_SOURCES = ("order", "invoice", "opportunity")
OWNER_FIELDS = ("user_id", "team_id")


class SalesMgmtMeasure(models.AbstractModel):
    """What the salespeople and teams achieved, measured from Odoo's documents.

    One grouped query per call, whatever the number of owners: targets,
    commissions, reviews and awards all read their actuals here.
    """

    _name = "sales.mgmt.measure"
    _description = "Sales Management Measures"

    @api.model
    def _measure_values(
        self,
        measure,
        date_from,
        date_to,
        owner_field="user_id",
        owner_ids=None,
        revenue_source="order",
        company=None,
    ):
        """``{owner_id: value}`` of ``measure`` over ``[date_from, date_to]``.

        Owners with nothing are absent. See ``_measure_daily_values``.
        """
        totals = defaultdict(float)
        daily = self._measure_daily_values(
            measure, date_from, date_to, owner_field, owner_ids, revenue_source, company
        )
        for (owner_id, _day), value in daily.items():
            totals[owner_id] += value
        return dict(totals)

    @api.model
    def _measure_daily_values(
        self,
        measure,
        date_from,
        date_to,
        owner_field="user_id",
        owner_ids=None,
        revenue_source="order",
        company=None,
    ):
        """``{(owner_id, day): value}`` of ``measure`` per day of the period.

        * ``revenue``: untaxed, in the company's currency; by ``revenue_source``
          ``order`` (confirmed sales orders, by order date), ``invoice`` (posted
          customer invoices net of credit notes, by invoice date) or
          ``opportunity`` (won opportunities' expected revenue, by closing date);
        * ``won_deals`` / ``lost_deals``: opportunities won (active ones, the same
          as the ``opportunity`` revenue reads) / lost (archived with probability
          0, as Odoo marks them), by closing date;
        * ``new_customers``: customers whose first confirmed order falls in the
          period, counted for that order's salesperson or team.

        Days are the company's (its partner's ``tz``, else UTC), whoever reads:
        a user in another timezone, a wizard or the scheduled action.
        ``owner_field`` is ``user_id`` or ``team_id``; ``owner_ids`` restricts
        the owners (None: all). Documents without an owner are left out.
        """
        if measure not in MEASURES:
            raise ValueError(f"Unknown measure {measure!r}")
        if owner_field not in OWNER_FIELDS:
            raise ValueError(f"Unknown owner field {owner_field!r}")
        if measure == "revenue" and revenue_source not in REVENUE_SOURCES:
            raise ValueError(f"Unknown revenue source {revenue_source!r}")
        company = company or self.env.company
        period = (date_from, date_to)
        if measure == "new_customers":
            return self._new_customers_daily(period, owner_field, owner_ids, company)
        if measure in ("won_deals", "lost_deals"):
            won = measure == "won_deals"
            return self._deals_daily(won, period, owner_field, owner_ids, company)
        method = {
            "order": self._order_revenue_daily,
            "invoice": self._invoice_revenue_daily,
            "opportunity": self._opportunity_revenue_daily,
        }[revenue_source]
        return method(period, owner_field, owner_ids, company)

    # ------------------------------------------------------------------

    @api.model
    def _timezone(self, company):
        """The timezone that cuts ``company``'s days: its partner's, else UTC."""
        return pytz.timezone(company.sudo().partner_id.tz or "UTC")

    @api.model
    def _utc_bounds(self, period, company=None):
        """``(start, stop)``: the first instant of ``period[0]`` and the first
        instant after ``period[1]`` in the company's timezone (default: the
        current company), as naive UTC datetimes to compare with stored ones."""
        tz = self._timezone(company or self.env.company)
        start = tz.localize(datetime.combine(period[0], time.min))
        stop = tz.localize(datetime.combine(period[1] + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _company_today(self, company=None):
        """Today's date in the company's timezone (default: the current company)."""
        tz = self._timezone(company or self.env.company)
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _datetime_domain(self, field, period, company):
        start, stop = self._utc_bounds(period, company)
        return [(field, ">=", start), (field, "<", stop)]

    @staticmethod
    def _owner_domain(field, owner_ids):
        return [(field, "!=", False)] + ([(field, "in", list(owner_ids))] if owner_ids else [])

    def _grouped_daily(self, model, domain, owner_field, day_field, aggregate, company):
        """Run one ``_read_group`` by owner and company day; sum ``aggregate``."""
        values = {}
        for owner, day, total in (
            self.env[model]
            .with_context(tz=self._timezone(company).zone)
            ._read_group(domain, [owner_field, f"{day_field}:day"], [aggregate])
        ):
            values[(owner.id, day.date() if isinstance(day, datetime) else day)] = total
        return values

    def _order_revenue_daily(self, period, owner_field, owner_ids, company):
        domain = [
            ("state", "=", "sale"),
            ("company_id", "=", company.id),
            *self._datetime_domain("date_order", period, company),
            *self._owner_domain(owner_field, owner_ids),
        ]
        values = defaultdict(float)
        rows = (
            self.env["sale.order"]
            .with_context(tz=self._timezone(company).zone)
            ._read_group(
                domain, [owner_field, "date_order:day", "currency_id"], ["amount_untaxed:sum"]
            )
        )
        for owner, day, currency, amount in rows:
            if currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, day)
            values[(owner.id, day.date() if isinstance(day, datetime) else day)] += amount
        return dict(values)

    def _invoice_revenue_daily(self, period, owner_field, owner_ids, company):
        move_owner = "invoice_user_id" if owner_field == "user_id" else "team_id"
        domain = [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("company_id", "=", company.id),
            ("invoice_date", ">=", period[0]),
            ("invoice_date", "<=", period[1]),
            *self._owner_domain(move_owner, owner_ids),
        ]
        # amount_untaxed_signed is in company currency, negative on credit notes.
        return self._grouped_daily(
            "account.move",
            domain,
            move_owner,
            "invoice_date",
            "amount_untaxed_signed:sum",
            company,
        )

    def _won_domain(self, period, owner_field, owner_ids, company):
        """Active won opportunities: won deals and their revenue read the same set
        (an archived won opportunity was set aside, whoever reads)."""
        return [
            ("type", "=", "opportunity"),
            ("active", "=", True),
            ("stage_id.is_won", "=", True),
            ("company_id", "in", (company.id, False)),
            *self._datetime_domain("date_closed", period, company),
            *self._owner_domain(owner_field, owner_ids),
        ]

    def _opportunity_revenue_daily(self, period, owner_field, owner_ids, company):
        domain = self._won_domain(period, owner_field, owner_ids, company)
        return self._grouped_daily(
            "crm.lead", domain, owner_field, "date_closed", "expected_revenue:sum", company
        )

    def _deals_daily(self, won, period, owner_field, owner_ids, company):
        if won:
            domain = self._won_domain(period, owner_field, owner_ids, company)
        else:
            # Odoo archives the opportunities it marks lost (probability 0).
            domain = [
                ("type", "=", "opportunity"),
                ("active", "=", False),
                ("probability", "=", 0),
                ("company_id", "in", (company.id, False)),
                *self._datetime_domain("date_closed", period, company),
                *self._owner_domain(owner_field, owner_ids),
            ]
        counts = self.with_context(active_test=False)._grouped_daily(
            "crm.lead", domain, owner_field, "date_closed", "__count", company
        )
        return {key: float(count) for key, count in counts.items()}

    def _new_customers_daily(self, period, owner_field, owner_ids, company):
        """One query: each customer's first confirmed order, kept when it falls in the period."""
        self.env["sale.order"].flush_model(
            ["state", "company_id", "date_order", "partner_id", owner_field]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        start, stop = self._utc_bounds(period, company)
        owner_filter = SQL("TRUE")
        if owner_ids:
            owner_filter = SQL("firsts.owner_id = ANY(%s)", list(owner_ids))
        query = SQL(
            """
            SELECT firsts.owner_id,
                   (firsts.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                   COUNT(*)
              FROM (
                    SELECT DISTINCT ON (partner.commercial_partner_id)
                           sale_order.%(owner)s AS owner_id, sale_order.date_order
                      FROM sale_order
                      JOIN res_partner partner ON partner.id = sale_order.partner_id
                     WHERE sale_order.state = 'sale' AND sale_order.company_id = %(company)s
                  ORDER BY partner.commercial_partner_id, sale_order.date_order, sale_order.id
                   ) AS firsts
             WHERE firsts.date_order >= %(start)s AND firsts.date_order < %(stop)s
               AND firsts.owner_id IS NOT NULL AND %(owner_filter)s
          GROUP BY 1, 2
            """,
            tz=self._timezone(company).zone,
            owner=SQL.identifier(owner_field),
            company=company.id,
            start=start,
            stop=stop,
            owner_filter=owner_filter,
        )
        self.env.cr.execute(query)
        return {(owner_id, day): float(count) for owner_id, day, count in self.env.cr.fetchall()}
