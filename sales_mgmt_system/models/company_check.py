"""Odoo's company consistency check (``_check_company``), set-based.

``BaseModel._check_company`` evaluates a domain per record and field: for a
batch of thousands of records (risk detection, ticket imports) it is the
largest part of ``create``. The check only depends on the pair (company,
linked record), so this one runs one search per field and company over all
linked records at once. When it finds an inconsistency (or cannot
decide), the caller runs Odoo's own check, which raises its usual error.
"""

from collections import defaultdict


def company_check_needed(records, fnames):
    """Whether Odoo's ``_check_company`` must run on ``records`` for ``fnames``.

    False when every linked record of a checked field is allowed for the
    company of its record (one search per field and company); True when one
    is not (Odoo's check then raises) or when the set-based check does not
    apply (company-dependent fields, no ``company_id``).
    """
    if fnames is None or {"company_id", "company_ids"} & set(fnames):
        fnames = records._fields
    names = [
        name
        for name in fnames
        if records._fields[name].relational and records._fields[name].check_company
    ]
    if not names or not records:
        return False
    if any(records._fields[name].company_dependent for name in names) or (
        "company_id" not in records._fields
    ):
        return True
    sudo_records = records.sudo()
    for name in names:
        by_company = defaultdict(set)
        for record in sudo_records:
            by_company[record.company_id].update(record[name]._ids)
        Comodel = records.env[records._fields[name].comodel_name].sudo()
        for company, corecord_ids in by_company.items():
            domain = Comodel._check_company_domain(company)
            if not domain or not corecord_ids:
                continue
            allowed = Comodel.with_context(active_test=False).search(
                [("id", "in", list(corecord_ids)), *domain]
            )
            if len(allowed) != len(corecord_ids):
                return True
    return False
