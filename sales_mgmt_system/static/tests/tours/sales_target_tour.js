import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// The sales manager sets the year's target of a team, splits it by month,
// allocates it to the members and confirms it.
registry.category("web_tour.tours").add("sales_mgmt_system_team_target", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu("sales_mgmt_system.menu_targets", "sales_mgmt_system.menu_sales_targets"),
        {
            content: "Create a target",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Team: yearly revenue",
        },
        {
            content: "Choose the team",
            trigger: ".o_field_widget[name=team_id] input",
            run: "edit Tour Target Team",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Target Team')",
            run: "click",
        },
        {
            content: "The period is this calendar year by default; set the value",
            trigger: ".o_field_widget[name=target_value] input",
            run: "edit 120000",
        },
        {
            content: "Monthly split by default",
            trigger: ".o_field_widget[name=granularity] select",
            run: "select \"month\"",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Decompose the target",
            trigger: "button[name=action_generate_lines]",
            run: "click",
        },
        {
            content: "Twelve monthly lines",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:nth-child(12)",
        },
        {
            content: "Allocate it to the team's members",
            trigger: "button[name=action_allocate_members]",
            run: "click",
        },
        {
            content: "The allocation says what it did",
            trigger: ".o_notification:contains('member targets')",
        },
        {
            content: "Look at the members' shares",
            trigger: ".o_notebook a.nav-link:contains('Members')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=child_ids] .o_data_row:contains('Tour Target Member')",
        },
        {
            trigger: ".o_field_widget[name=allocation_mismatch]:contains('0.00')",
        },
        {
            content: "Confirm",
            trigger: "button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The target is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
    ],
});
