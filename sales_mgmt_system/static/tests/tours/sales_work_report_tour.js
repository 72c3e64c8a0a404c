import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function openWorkReports() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Sales Management app",
            trigger: ".o_app[data-menu-xmlid='sales_mgmt_system.menu_root']",
            run: "click",
        },
        {
            content: "Open the Team menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system.menu_team']",
            run: "click",
        },
        {
            content: "Open the work reports",
            trigger: ".dropdown-item[data-menu-xmlid='sales_mgmt_system.menu_sales_work_report']",
            run: "click",
        },
    ];
}

// A salesperson writes this week's report and submits it to their leader.
registry.category("web_tour.tours").add("sales_mgmt_system_work_report_member", {
    url: "/odoo",
    steps: () => [
        ...openWorkReports(),
        {
            content: "Write a new report",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The week's figures are shown",
            trigger: ".o_field_widget[name=won_deals]",
        },
        {
            content: "Write the highlights",
            trigger: ".o_field_widget[name=highlights] .odoo-editor-editable",
            run: "editor Signed the Tour Customer contract",
        },
        {
            content: "Write next week's plan",
            trigger: ".o_field_widget[name=next_plan] .odoo-editor-editable",
            run: "editor Visit two prospects",
        },
        {
            content: "Submit",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "The report waits for the leader",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
            timeout: 30000,
        },
    ],
});

// The team leader opens the submitted report, comments it and marks it reviewed.
registry.category("web_tour.tours").add("sales_mgmt_system_work_report_leader", {
    url: "/odoo",
    steps: () => [
        ...openWorkReports(),
        {
            content: "Open the member's submitted report",
            trigger: ".o_data_row:contains('Tour Report Member') td:contains('Submitted')",
            run: "click",
        },
        {
            content: "Read the highlights",
            trigger: ".o_field_widget[name=highlights]:contains('Tour Customer')",
        },
        {
            content: "Open the comment tab",
            trigger: ".o_notebook .nav-link:contains(\"Leader's Comment\")",
            run: "click",
        },
        {
            content: "Write the comment",
            trigger: ".o_field_widget[name=leader_comment] .odoo-editor-editable",
            run: "editor Well done, now invoice it",
        },
        {
            content: "Save the comment",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The comment is saved",
            trigger: ".o_form_saved",
            timeout: 30000,
        },
        {
            content: "Mark as reviewed",
            trigger: "button[name=action_review]",
            run: "click",
        },
        {
            content: "The report is reviewed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Reviewed')",
            timeout: 30000,
        },
    ],
});
