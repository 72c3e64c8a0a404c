import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function openPerformanceMenu(menuXmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Sales Management app",
            trigger: ".o_app[data-menu-xmlid='sales_mgmt_system.menu_root']",
            run: "click",
        },
        {
            content: "Open the Performance menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system.menu_performance']",
            run: "click",
        },
        {
            content: "Open the submenu",
            trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

// A team leader computes a member's draft review and submits it.
registry.category("web_tour.tours").add("sales_mgmt_system_review_leader", {
    url: "/odoo",
    steps: () => [
        ...openPerformanceMenu("sales_mgmt_system.menu_sales_review"),
        {
            content: "Open the member's review",
            trigger: ".o_data_row td:contains('Tour Review Member')",
            run: "click",
        },
        {
            content: "Compute the KPIs",
            trigger: "button[name=action_compute]",
            run: "click",
        },
        {
            content: "The KPIs are filled",
            trigger: ".o_field_widget[name=line_ids] .o_data_row",
        },
        {
            content: "Open the feedback tab",
            trigger: ".o_notebook .nav-link:contains('Feedback')",
            run: "click",
        },
        {
            content: "Write the strengths",
            trigger: ".o_field_widget[name=strengths] .odoo-editor-editable",
            run: "editor Great follow-up of every customer",
        },
        {
            content: "Submit",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The review waits for the member",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
    ],
});

// The member acknowledges the review, then looks at the honour roll.
registry.category("web_tour.tours").add("sales_mgmt_system_review_member", {
    url: "/odoo",
    steps: () => [
        ...openPerformanceMenu("sales_mgmt_system.menu_sales_review"),
        {
            content: "Open the submitted review",
            trigger: ".o_data_row td:contains('Submitted')",
            run: "click",
        },
        {
            content: "Open the self-assessment",
            trigger: ".o_notebook a.nav-link:contains('Self-Assessment')",
            run: "click",
        },
        {
            content: "Write a self-assessment before acknowledging",
            trigger: ".o_field_widget[name=self_assessment] .odoo-editor-editable",
            run: "editor Lost two deals on price; more demos next month",
        },
        {
            content: "Acknowledge it",
            trigger: "button[name=action_acknowledge]",
            run: "click",
        },
        {
            content: "The review is acknowledged",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Acknowledged')",
        },
        {
            content: "Open the Performance menu again",
            trigger: ".o_main_navbar button[data-menu-xmlid='sales_mgmt_system.menu_performance']",
            run: "click",
        },
        {
            content: "Open the honour roll",
            trigger: ".dropdown-item[data-menu-xmlid='sales_mgmt_system.menu_sales_award_honour_roll']",
            run: "click",
        },
        {
            content: "The winner is on the honour roll",
            trigger: ".o_kanban_record:contains('Tour Review Member'):contains('Revenue Attainment')",
        },
    ],
});
