import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "./tour_utils";

// A salesperson logs a customer's request, answers it and closes it, with the SLA status in view.
registry.category("web_tour.tours").add("sales_mgmt_system_ticket", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu("sales_mgmt_system.menu_after_sales", "sales_mgmt_system.menu_sales_ticket"),
        {
            content: "Log a new ticket",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Write the subject",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour printer jams",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Ticket Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Ticket Customer')",
            run: "click",
        },
        {
            content: "It is urgent",
            trigger: ".o_field_widget[name=priority] .o_priority_star:eq(2)",
            run: "click",
        },
        {
            content: "Save the ticket",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The SLA is on track",
            trigger: ".o_field_widget[name=sla_status]:contains('On Track')",
        },
        {
            content: "Answer the customer",
            trigger: "button[name=action_respond]",
            run: "click",
        },
        {
            content: "The response is recorded",
            trigger: ".o_form_view:not(:has(button[name=action_respond]))",
        },
        {
            content: "Close the ticket",
            trigger: "button[name=action_close]",
            run: "click",
        },
        {
            content: "The ticket is solved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Solved')",
        },
        {
            content: "The SLA is met",
            trigger: ".o_field_widget[name=sla_status]:contains('Met')",
        },
    ],
});
