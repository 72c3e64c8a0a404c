"""My day: the home of the Sales Management app.

One server method gathers everything the home page shows, as the logged-in
user (record rules apply), with a fixed number of grouped queries whatever
the number of targets, activities, statements or reviews.
"""

from odoo import api, fields, models

# How many records a card lists; the card's count and link give the rest.
CARD_LIMIT = 8

TARGET_FIELDS = [
    "name",
    "user_id",
    "team_id",
    "measure",
    "date_start",
    "date_end",
    "target_value",
    "actual_value",
    "achievement",
    "expected_value",
    "forecast_value",
    "pace_status",
]


class SalesMgmtMyDay(models.AbstractModel):
    _name = "sales.mgmt.my.day"
    _description = "My Day (home of the Sales Management app)"

    # ------------------------------------------------------------------
    # Domains (one place, reused by the counts and by the links)
    # ------------------------------------------------------------------

    @api.model
    def _current_target_domain(self, today):
        return [
            ("state", "=", "confirmed"),
            ("date_start", "<=", today),
            ("date_end", ">=", today),
        ]

    @api.model
    def _activity_model_domain(self):
        """Activities on this system's documents and on leads/opportunities."""
        return ["|", ("res_model", "=", "crm.lead"), ("res_model", "=like", "sales.%")]

    @api.model
    def _activity_domains(self, today):
        base = [("user_id", "=", self.env.uid), *self._activity_model_domain()]
        return {
            "overdue": [*base, ("date_deadline", "<", today)],
            "today": [*base, ("date_deadline", "=", today)],
            "planned": [*base, ("date_deadline", ">", today)],
        }

    @api.model
    def _team_scope(self):
        """``(scope, member user ids, led team ids)`` of the team section.

        ``all`` for sales managers (every team), ``team`` for a team leader
        (the teams they lead and their members), ``False`` otherwise.
        """
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return "all", [], []
        teams = self.env["crm.team"].search([("user_id", "=", self.env.uid)])
        if not teams:
            return False, [], []
        member_ids = self.env["crm.team.member"].search([("crm_team_id", "in", teams.ids)])
        return "team", member_ids.user_id.ids, teams.ids

    @api.model
    def _team_target_domain(self, today, scope, member_ids, team_ids):
        domain = [*self._current_target_domain(today), ("pace_status", "=", "off_track")]
        if scope == "team":
            domain += ["|", ("team_id", "in", team_ids), ("user_id", "in", member_ids)]
        return domain

    @api.model
    def _reviews_to_write_domain(self, scope, member_ids):
        domain = [("state", "=", "draft"), ("user_id", "!=", self.env.uid)]
        if scope == "team":
            domain += ["|", ("user_id", "in", member_ids), ("reviewer_id", "=", self.env.uid)]
        return domain

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @api.model
    def _read_targets(self, domain, limit=CARD_LIMIT):
        Target = self.env["sales.target"]
        pace_labels = dict(Target._fields["pace_status"]._description_selection(self.env))
        measure_labels = dict(Target._fields["measure"]._description_selection(self.env))
        rows = Target.search_read(domain, TARGET_FIELDS, limit=limit, order="achievement, id")
        for row in rows:
            row["pace_label"] = pace_labels.get(row["pace_status"], "")
            row["measure_label"] = measure_labels.get(row["measure"], "")
            row["owner"] = (row["user_id"] or row["team_id"] or [False, ""])[1]
            for key in ("date_start", "date_end"):
                row[key] = fields.Date.to_string(row[key])
        return rows

    @api.model
    def _read_last_statement(self):
        Statement = self.env["sales.commission.statement"]
        states = dict(Statement._fields["state"]._description_selection(self.env))
        statement = Statement.search(
            [("user_id", "=", self.env.uid), ("state", "!=", "cancelled")],
            order="date_end desc, id desc",
            limit=1,
        )
        if not statement:
            return False
        return {
            "id": statement.id,
            "name": statement.display_name,
            "date_start": fields.Date.to_string(statement.date_start),
            "date_end": fields.Date.to_string(statement.date_end),
            "total_amount": statement.total_amount,
            "state": statement.state,
            "state_label": states.get(statement.state, ""),
        }

    @api.model
    def _read_review_to_acknowledge(self):
        reviews = self.env["sales.review"].search(
            [("user_id", "=", self.env.uid), ("state", "=", "submitted")],
            order="date_end desc, id desc",
        )
        if not reviews:
            return False
        review = reviews[0]
        return {
            "id": review.id,
            "name": review.display_name,
            "grade": review.grade or "",
            "total_score": review.total_score,
            "count": len(reviews),
            "domain": [("id", "in", reviews.ids)],
        }

    @api.model
    def get_my_day(self):
        """Everything the My day home shows, for the logged-in user.

        Plain values only: figures, labels already translated, and for each
        card the model and domain that its click opens.
        """
        # Periods follow the company's days (as the targets' own pace does);
        # activities fall due on the user's days (as Odoo's activity states do).
        today_str = fields.Date.to_string(self.env["sales.mgmt.measure"]._company_today())
        user_today_str = fields.Date.to_string(fields.Date.context_today(self))
        company = self.env.company
        Activity = self.env["mail.activity"]

        my_targets_domain = [
            *self._current_target_domain(today_str),
            ("user_id", "=", self.env.uid),
        ]
        activity_domains = self._activity_domains(user_today_str)
        activities = {
            key: {"count": Activity.search_count(domain), "domain": domain}
            for key, domain in activity_domains.items()
        }

        result = {
            "today": today_str,
            "user_name": self.env.user.name,
            "currency_id": company.currency_id.id,
            "my_targets": {
                "records": self._read_targets(my_targets_domain),
                "count": self.env["sales.target"].search_count(my_targets_domain),
                "domain": my_targets_domain,
            },
            "activities": activities,
            "statement": self._read_last_statement(),
            "review": self._read_review_to_acknowledge(),
            "team": False,
        }

        scope, member_ids, team_ids = self._team_scope()
        if scope:
            off_track_domain = self._team_target_domain(today_str, scope, member_ids, team_ids)
            reviews_domain = self._reviews_to_write_domain(scope, member_ids)
            result["team"] = {
                "scope": scope,
                "off_track": {
                    "records": self._read_targets(off_track_domain),
                    "count": self.env["sales.target"].search_count(off_track_domain),
                    "domain": off_track_domain,
                },
                "reviews_to_write": {
                    "count": self.env["sales.review"].search_count(reviews_domain),
                    "domain": reviews_domain,
                },
            }
        return result
