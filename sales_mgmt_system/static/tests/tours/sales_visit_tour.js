import { registry } from "@web/core/registry";
import { openAppMenu, openSalesManagementApp } from "./tour_utils";

// A salesperson plans a follow-up visit, does it, and finds its outcome on the customer.
registry.category("web_tour.tours").add("sales_mgmt_system_visit", {
    url: "/odoo",
    steps: () => [
        ...openSalesManagementApp(),
        ...openAppMenu("sales_mgmt_system.menu_after_sales", "sales_mgmt_system.menu_sales_visit"),
        {
            content: "Plan a new visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Visit Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Visit Customer')",
            run: "click",
        },
        {
            content: "Say what the visit is for",
            trigger: ".o_field_widget[name=purpose] input",
            run: "edit Check the first delivery",
        },
        {
            content: "Visit it on site",
            trigger: ".o_field_widget[name=visit_type] select",
            run: 'select "onsite"',
        },
        {
            content: "Save the planned visit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The visit is planned",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Planned')",
        },
        {
            content: "Record the outcome",
            trigger: ".o_field_widget[name=outcome] textarea",
            run: "edit Happy with the first delivery",
        },
        {
            content: "The customer is satisfied",
            trigger: ".o_field_widget[name=satisfaction] .o_priority_star:eq(3)",
            run: "click",
        },
        {
            content: "Open the changed needs",
            trigger: ".o_notebook .nav-link:contains('Changed Needs')",
            run: "click",
        },
        {
            content: "Write the new needs",
            trigger: ".o_field_widget[name=needs_changed] textarea",
            run: "edit Monthly deliveries",
        },
        {
            content: "Mark the visit done",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Open the customer",
            trigger: ".o_field_widget[name=partner_id] a",
            run: "click",
        },
        {
            content: "Open the needs and satisfaction of the customer",
            trigger: ".o_notebook .nav-link:contains('Needs and Satisfaction')",
            run: "click",
        },
        {
            content: "The changed needs are on the profile",
            trigger: ".o_field_widget[name=sales_needs] textarea:value(\"Monthly deliveries\")",
        },
    ],
});
