import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

/**
 * A figure of a target or a KPI, shown the way its measure reads: an amount
 * in the company currency, a count as a whole number, anything else with
 * two decimals, and "No data" when there was nothing to measure.
 *
 * Options: ``kind_field`` (the field naming the measure, ``measure`` by
 * default), ``amount_kinds`` (measures that are amounts, ``["revenue"]`` by
 * default), ``count_kinds`` (whole measures, ``["won_deals",
 * "new_customers"]`` by default), ``has_data_field`` (a boolean field, false
 * when there is no data).
 */
export class MeasureValueField extends FloatField {
    static props = {
        ...FloatField.props,
        kindField: { type: String, optional: true },
        amountKinds: { type: Array, optional: true },
        countKinds: { type: Array, optional: true },
        hasDataField: { type: String, optional: true },
    };
    static defaultProps = {
        ...FloatField.defaultProps,
        kindField: "measure",
        amountKinds: ["revenue"],
        countKinds: ["won_deals", "new_customers"],
    };

    get formattedValue() {
        if (!this.props.readonly) {
            return super.formattedValue;
        }
        const data = this.props.record.data;
        if (this.props.hasDataField && !data[this.props.hasDataField]) {
            return _t("No data");
        }
        const kind = data[this.props.kindField];
        if (this.props.amountKinds.includes(kind)) {
            return formatMonetary(this.value, { data });
        }
        if (this.props.countKinds.includes(kind)) {
            return formatFloat(Math.round(this.value), { digits: [16, 0] });
        }
        return super.formattedValue;
    }
}

export const measureValueField = {
    ...floatField,
    component: MeasureValueField,
    extractProps: (fieldInfo, dynamicInfo) => {
        const options = fieldInfo.options;
        return {
            ...floatField.extractProps(fieldInfo, dynamicInfo),
            kindField: options.kind_field,
            amountKinds: options.amount_kinds,
            countKinds: options.count_kinds,
            hasDataField: options.has_data_field,
        };
    },
};

registry.category("fields").add("sales_mgmt_measure_value", measureValueField);
