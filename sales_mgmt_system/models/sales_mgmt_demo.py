import logging
from collections import defaultdict
from datetime import datetime, time

from odoo import api, fields, models
from odoo.tools import SQL

from ..core.demo_plan import build_demo_plan

_logger = logging.getLogger(__name__)

DEMO_XMLID_PREFIX = "demo_"
# Demo records are made quietly: no tracking messages or welcome mails.
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


class SalesMgmtDemo(models.AbstractModel):
    """Loads the demo company planned by ``core.demo_plan``.

    Every record it makes gets the external id ``sales_mgmt_system.demo_<key>``
    so that running the loader again (an upgrade with demo data, a second
    call) finds what exists and only adds what is missing.
    """

    _name = "sales.mgmt.demo"
    _description = "Sales Management Demo Data Loader"

    @api.model
    def _load_demo_data(self):
        self = self.with_context(**QUIET_CONTEXT)
        open_stages = self._demo_open_stages()
        plan = build_demo_plan(fields.Date.context_today(self), len(open_stages))
        existing = self._demo_existing_records()
        users = self._demo_load_salespeople(plan, existing)
        teams = self._demo_load_teams(plan, users, existing)
        products = self._demo_load_products(plan, existing)
        customers = self._demo_load_customers(plan, users, existing)
        refs = {
            "users": users,
            "teams": teams,
            "products": products,
            "customers": customers,
            "open_stages": open_stages,
        }
        refs["opportunities"] = self._demo_load_opportunities(plan, refs, existing)
        self._demo_load_orders(plan, refs, existing)
        self._demo_load_areas(plan, refs, existing)
        _logger.info(
            "Sales Management demo: %s customers, %s opportunities, %s orders",
            len(plan.customers),
            len(plan.opportunities),
            len(plan.orders),
        )

    def _demo_load_areas(self, plan, refs, existing):
        """Extension point: each area loads its demo records here.

        Override in ``models/sales_mgmt_demo_<area>.py`` and call super()
        first, so that areas load in the order their files are imported.
        ``refs`` maps plan sections to the records made for them.
        """

    # ------------------------------------------------------------------
    # Bookkeeping of the demo's external ids
    # ------------------------------------------------------------------

    def _demo_existing_records(self):
        """Map plan keys to the records the loader made before and that still exist."""
        rows = (
            self.env["ir.model.data"]
            .sudo()
            .search_read(
                [
                    ("module", "=", "sales_mgmt_system"),
                    ("name", "=like", DEMO_XMLID_PREFIX + "%"),
                ],
                ["name", "model", "res_id"],
            )
        )
        ids_by_model = defaultdict(set)
        for row in rows:
            ids_by_model[row["model"]].add(row["res_id"])
        alive = {
            model: set(self.env[model].browse(ids).exists().ids)
            for model, ids in ids_by_model.items()
        }
        prefix = len(DEMO_XMLID_PREFIX)
        return {
            row["name"][prefix:]: self.env[row["model"]].browse(row["res_id"])
            for row in rows
            if row["res_id"] in alive[row["model"]]
        }

    def _demo_register(self, records_by_key):
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"sales_mgmt_system.{DEMO_XMLID_PREFIX}{key}",
                    "record": record,
                    "noupdate": True,
                }
                for key, record in records_by_key.items()
            ]
        )

    def _demo_create(self, model, vals_by_key, existing):
        """Create the records whose key has no record yet; return all by key."""
        missing = {key: vals for key, vals in vals_by_key.items() if key not in existing}
        created = self.env[model].create(list(missing.values())) if missing else []
        new_records = dict(zip(missing, created, strict=True))
        self._demo_register(new_records)
        return {key: new_records.get(key) or existing[key] for key in vals_by_key}

    # ------------------------------------------------------------------
    # Loader steps, one per section of the plan
    # ------------------------------------------------------------------

    def _demo_open_stages(self):
        return self.env["crm.stage"].search(
            [("is_won", "=", False), ("team_id", "=", False)], order="sequence, id"
        )

    def _demo_load_salespeople(self, plan, existing):
        salesman_group = self.env.ref("sales_team.group_sale_salesman")
        company = self.env.company
        return self._demo_create(
            "res.users",
            {
                person.key: {
                    "name": person.name,
                    "login": person.login,
                    "password": person.login,
                    "email": f"{person.login}@example.com",
                    "company_id": company.id,
                    "company_ids": [fields.Command.set(company.ids)],
                    "groups_id": [fields.Command.set(salesman_group.ids)],
                }
                for person in plan.salespeople
            },
            existing,
        )

    def _demo_load_teams(self, plan, users, existing):
        return self._demo_create(
            "crm.team",
            {
                team.key: {
                    "name": team.name,
                    "company_id": self.env.company.id,
                    "user_id": next(
                        users[p.key].id
                        for p in plan.salespeople
                        if p.team_key == team.key and p.leads_team
                    ),
                    "member_ids": [
                        fields.Command.set(
                            [users[p.key].id for p in plan.salespeople if p.team_key == team.key]
                        )
                    ],
                }
                for team in plan.teams
            },
            existing,
        )

    def _demo_load_products(self, plan, existing):
        return self._demo_create(
            "product.product",
            {
                product.key: {
                    "name": product.name,
                    "list_price": product.list_price,
                    "type": "service",
                    "invoice_policy": "order",
                    "sale_ok": True,
                }
                for product in plan.products
            },
            existing,
        )

    def _demo_load_customers(self, plan, users, existing):
        country = self.env.ref("base.cn", raise_if_not_found=False)
        payment_term = self.env.ref("account.account_payment_term_30days", raise_if_not_found=False)
        return self._demo_create(
            "res.partner",
            {
                customer.key: {
                    "name": customer.name,
                    "is_company": True,
                    "city": customer.city,
                    "country_id": country.id if country else False,
                    "email": customer.email,
                    "user_id": users[customer.salesperson_key].id,
                    "property_payment_term_id": payment_term.id if payment_term else False,
                }
                for customer in plan.customers
            },
            existing,
        )

    def _demo_load_opportunities(self, plan, refs, existing):
        users, customers = refs["users"], refs["customers"]
        team_of = {person.key: person.team_key for person in plan.salespeople}
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        new_opportunities = [o for o in plan.opportunities if o.key not in existing]
        opportunities = self._demo_create(
            "crm.lead",
            {
                opportunity.key: {
                    "name": opportunity.name,
                    "type": "opportunity",
                    "partner_id": customers[opportunity.customer_key].id,
                    "user_id": users[opportunity.salesperson_key].id,
                    "team_id": refs["teams"][team_of[opportunity.salesperson_key]].id,
                    "expected_revenue": plan.amount(opportunity.lines),
                    "date_deadline": opportunity.deadline,
                    "stage_id": (
                        refs["open_stages"][opportunity.stage_index].id
                        if opportunity.outcome == "open"
                        else refs["open_stages"][:1].id
                    ),
                }
                for opportunity in plan.opportunities
            },
            existing,
        )
        lost_reasons = self.env["crm.lost.reason"].search([], order="id", limit=10)
        for index, opportunity in enumerate(new_opportunities):
            lead = opportunities[opportunity.key]
            if opportunity.outcome == "won" and won_stage:
                lead.action_set_won()
            elif opportunity.outcome == "lost":
                reason = lost_reasons[index % len(lost_reasons)] if lost_reasons else False
                lead.action_set_lost(lost_reason_id=reason.id if reason else False)
            if opportunity.closed:
                lead.date_closed = datetime.combine(opportunity.closed, time(10))
        self.env["crm.lead"].flush_model()
        self._demo_backdate(
            "crm_lead",
            {
                opportunities[o.key].id: datetime.combine(o.created, time(9))
                for o in new_opportunities
            },
        )
        self.env["crm.lead"].invalidate_model(["create_date"])
        return opportunities

    def _demo_load_orders(self, plan, refs, existing):
        team_of = {person.key: person.team_key for person in plan.salespeople}
        quotations = [o for o in plan.opportunities if o.has_quotation]
        new_orders = [o for o in plan.orders if o.key not in existing]

        def order_vals(customer_key, salesperson_key, lines, opportunity_key):
            return {
                "partner_id": refs["customers"][customer_key].id,
                "user_id": refs["users"][salesperson_key].id,
                "team_id": refs["teams"][team_of[salesperson_key]].id,
                "opportunity_id": (
                    refs["opportunities"][opportunity_key].id if opportunity_key else False
                ),
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": refs["products"][line.product_key].id,
                            "product_uom_qty": line.quantity,
                        }
                    )
                    for line in lines
                ],
            }

        self._demo_create(
            "sale.order",
            {
                f"quotation_{o.key}": order_vals(o.customer_key, o.salesperson_key, o.lines, o.key)
                for o in quotations
            },
            existing,
        )
        orders = self._demo_create(
            "sale.order",
            {
                o.key: order_vals(o.customer_key, o.salesperson_key, o.lines, o.opportunity_key)
                for o in new_orders
            },
            existing,
        )
        if not new_orders:
            return
        confirmed = self.env["sale.order"].union(*(orders[o.key] for o in new_orders))
        confirmed.action_confirm()
        for order in new_orders:
            orders[order.key].date_order = datetime.combine(order.order_date, time(11))
        self._demo_invoice_orders([o for o in new_orders if o.invoice_date], orders)

    def _demo_invoice_orders(self, planned_orders, orders):
        """Invoice and post in one batch, then pay by payment date."""
        if not planned_orders:
            return
        to_invoice = self.env["sale.order"].union(*(orders[o.key] for o in planned_orders))
        to_invoice._create_invoices(grouped=True)
        invoices = {planned.key: orders[planned.key].invoice_ids for planned in planned_orders}
        for planned in planned_orders:
            invoices[planned.key].invoice_date = planned.invoice_date
        # Posting the batch numbers the invoices in date order.
        self.env["account.move"].union(*invoices.values()).action_post()
        self._demo_register({f"invoice_{key}": invoice for key, invoice in invoices.items()})
        by_payment_date = defaultdict(list)
        for planned in planned_orders:
            if planned.payment_date:
                by_payment_date[planned.payment_date].append(invoices[planned.key].id)
        for payment_date, invoice_ids in sorted(by_payment_date.items()):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice_ids
            ).create({"payment_date": payment_date, "group_payment": False})._create_payments()

    def _demo_backdate(self, table, create_dates):
        """Give demo records the creation date the plan says they have."""
        if not create_dates:
            return
        values = SQL(", ").join(
            SQL("(%s, %s::timestamp)", record_id, create_date)
            for record_id, create_date in create_dates.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE %s AS t SET create_date = v.create_date"
                " FROM (VALUES %s) AS v(id, create_date) WHERE t.id = v.id",
                SQL.identifier(table),
                values,
            )
        )
