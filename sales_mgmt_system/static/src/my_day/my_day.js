import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";

const AMOUNT_MEASURES = ["revenue"];
const COUNT_MEASURES = ["won_deals", "new_customers"];
const STATEMENT_BADGES = {
    draft: "text-bg-info",
    confirmed: "text-bg-primary",
    paid: "text-bg-success",
};
const PACE_BADGES = {
    on_track: "text-bg-success",
    caution: "text-bg-warning",
    off_track: "text-bg-danger",
};

/**
 * My day: the home of the Sales Management app. One call to
 * ``sales.mgmt.my.day.get_my_day`` gives every figure; each figure opens the
 * records behind it.
 */
export class MyDay extends Component {
    static template = "sales_mgmt_system.MyDay";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("sales.mgmt.my.day", "get_my_day", []);
    }

    get data() {
        return this.state.data;
    }

    // ------------------------------------------------------------------
    // Formatting
    // ------------------------------------------------------------------

    formatValue(measure, value) {
        if (AMOUNT_MEASURES.includes(measure)) {
            return this.formatAmount(value);
        }
        if (COUNT_MEASURES.includes(measure)) {
            return formatInteger(Math.round(value));
        }
        return formatFloat(value, { digits: [16, 1] });
    }

    formatAmount(value) {
        return formatMonetary(value, { currencyId: this.data.currency_id });
    }

    formatFloat1(value) {
        return formatFloat(value, { digits: [16, 1] });
    }

    formatCount(value) {
        return formatInteger(value);
    }

    formatPercent(value) {
        return `${formatFloat(value, { digits: [16, 0] })}%`;
    }

    formatPeriod(record) {
        return `${formatDate(deserializeDate(record.date_start))} – ${formatDate(
            deserializeDate(record.date_end)
        )}`;
    }

    achievementClass(record) {
        return record.achievement >= 100 ? "text-success fw-bold" : "";
    }

    paceBadge(record) {
        return PACE_BADGES[record.pace_status] || "text-bg-secondary";
    }

    statementBadge(statement) {
        return STATEMENT_BADGES[statement.state] || "text-bg-secondary";
    }

    barWidth(record) {
        return `width: ${Math.max(0, Math.min(100, record.achievement))}%;`;
    }

    barClass(record) {
        if (record.achievement >= 100) {
            return "bg-success";
        }
        return { caution: "bg-warning", off_track: "bg-danger" }[record.pace_status] || "bg-info";
    }

    // ------------------------------------------------------------------
    // Opening records
    // ------------------------------------------------------------------

    openList(resModel, name, domain, views = [[false, "list"], [false, "form"]]) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: resModel,
            domain,
            views,
            target: "current",
        });
    }

    openRecord(resModel, resId) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openMyTargets() {
        return this.openList("sales.target", _t("My Targets"), this.data.my_targets.domain);
    }

    openTarget(record) {
        return this.openRecord("sales.target", record.id);
    }

    openActivities(key) {
        const names = {
            overdue: _t("Overdue Activities"),
            today: _t("Today's Activities"),
            planned: _t("Planned Activities"),
        };
        return this.openList("mail.activity", names[key], this.data.activities[key].domain);
    }

    openStatement() {
        return this.openRecord("sales.commission.statement", this.data.statement.id);
    }

    openReview() {
        const review = this.data.review;
        if (review.count === 1) {
            return this.openRecord("sales.review", review.id);
        }
        return this.openList("sales.review", _t("Reviews to Acknowledge"), review.domain);
    }

    openOffTrack() {
        return this.openList(
            "sales.target",
            _t("Targets Off Track"),
            this.data.team.off_track.domain
        );
    }

    openReviewsToWrite() {
        return this.openList(
            "sales.review",
            _t("Reviews to Write"),
            this.data.team.reviews_to_write.domain
        );
    }
}

registry.category("actions").add("sales_mgmt_my_day", MyDay);
