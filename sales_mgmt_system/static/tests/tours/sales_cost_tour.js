import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "@sales_mgmt_system/../tests/tours/tour_utils";

// A salesperson records a travel cost beyond what is left of their budget:
// the hard block refuses it and says what is left; a smaller cost is saved
// and charged to the budget.
registry.category("web_tour.tours").add("sales_mgmt_system_cost_block", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu("sales_mgmt_system.menu_cost_control", "sales_mgmt_system.menu_sales_cost_entry"),
        {
            content: "The salesperson's earlier cost is listed",
            trigger: ".o_list_view .o_data_row:contains('Earlier trip')",
        },
        {
            content: "Record a new cost",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Describe it",
            trigger: ".o_field_widget[name=description] input",
            run: "edit Flight to the trade show",
        },
        {
            content: "Choose the travel category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit Travel",
        },
        {
            content: "Pick Travel",
            trigger: ".o-autocomplete--dropdown-item a:contains('Travel')",
            run: "click",
        },
        {
            content: "Enter more than the budget has left",
            trigger: ".o_field_widget[name=amount] input",
            run: "edit 1500",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The block names the budget and what is left",
            trigger: ".modal .modal-body:contains('Tour Travel Budget'):contains('200.0')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Lower the amount to what is left",
            trigger: ".o_field_widget[name=amount] input",
            run: "edit 150",
        },
        {
            content: "Save again",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The cost is saved and charged to the budget",
            trigger: ".o_form_saved .o_field_widget[name=budget_line_id]:contains('Tour Travel Budget')",
        },
    ],
});
