import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// The sales manager generates last month's commission statements, checks a
// salesperson's statement, confirms it and marks it paid.
registry.category("web_tour.tours").add("sales_mgmt_system_commission_statements", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu(
            "sales_mgmt_system.menu_incentives",
            "sales_mgmt_system.menu_commission_generate"
        ),
        {
            content: "Last month is proposed; the plans are preselected",
            trigger: ".modal .o_field_widget[name=plan_ids] .o_tag:contains('Tour Commission Plan')",
        },
        {
            content: "Generate the statements",
            trigger: ".modal button[name=action_generate]",
            run: "click",
        },
        {
            content: "Open the salesperson's draft statement",
            trigger: ".o_list_view .o_data_row:contains('Tour Commission Member') .o_data_cell",
            run: "click",
        },
        {
            content: "One line per invoice line, with its commission",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('250.00')",
        },
        {
            content: "Confirm the statement",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Mark it paid",
            trigger: ".o_form_view button[name=action_mark_paid]",
            run: "click",
        },
        {
            content: "The statement is paid",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Paid')",
        },
    ],
});
