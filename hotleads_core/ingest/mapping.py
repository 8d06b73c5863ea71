"""Map export headers to the canonical input fields, with presets per export language.

A launch YAML picks a preset per file: ``generic`` for English headers,
``pt_br`` for Portuguese ones, ``none`` for no preset. It may name the
header of any field in ``columns``, and may set a field to one value for
every row in ``constants`` where the export has no such column. Headers match without
regard to case, surrounding spaces, or the choice of space, ``-`` or ``_``.

Input fields of a lead export
    ``email``, ``source_lead_id`` (the export's own lead id, used when there
    is no e-mail column), ``signed_up_at``, ``utm_source`` ... ``utm_term``,
    ``landing_url`` (a URL whose query contains UTM parameters), ``score``,
    ``converted``.
Input fields of a sales export
    ``transaction_id``, ``email`` (the buyer's), ``source_lead_id``,
    ``purchased_at``, ``amount``, ``currency``, ``status``.
"""

from __future__ import annotations

import dataclasses
import re

from hotleads_core.config import UTM_FIELDS, FileSource
from hotleads_core.errors import ConfigError, DataError, Reason
from hotleads_core.ingest.excel import list_sheets, sheet_line
from hotleads_core.ingest.readers import RawTable

LEAD_FIELDS = ("email", "source_lead_id", "signed_up_at", *UTM_FIELDS, "landing_url", "score",
               "converted")
SALE_FIELDS = ("transaction_id", "email", "source_lead_id", "purchased_at", "amount", "currency",
               "status")

_UTM_ALIASES = {field: (field, field.replace("utm_", "")) for field in UTM_FIELDS}

PRESETS = {
    "generic": {
        "leads": {
            "email": ("email", "e_mail", "email_address", "lead_email", "contact_email"),
            "source_lead_id": ("lead_id", "contact_id", "subscriber_id", "prospect_id"),
            "signed_up_at": ("signed_up_at", "signup_date", "signup_at", "sign_up_date",
                             "subscribed_at", "created_at", "opt_in_date", "date"),
            **_UTM_ALIASES,
            "landing_url": ("landing_url", "landing_page_url", "page_url", "url", "referrer_url"),
            "score": ("score", "lead_score"),
            "converted": ("converted",),
        },
        "sales": {
            "transaction_id": ("transaction_id", "transaction", "order_id", "order",
                               "purchase_id", "invoice_id"),
            "email": ("buyer_email", "customer_email", "email", "e_mail"),
            "source_lead_id": ("lead_id", "contact_id"),
            "purchased_at": ("purchased_at", "purchase_date", "order_date", "paid_at",
                             "approved_at", "created_at", "date"),
            "amount": ("amount", "value", "price", "total", "order_total"),
            "currency": ("currency", "currency_code"),
            "status": ("status", "order_status", "payment_status", "transaction_status"),
        },
    },
    "pt_br": {
        "leads": {
            "email": ("email", "e_mail", "email_lead", "email_contato", "endereco_email"),
            "source_lead_id": ("id_lead", "id_contato", "codigo_lead"),
            "signed_up_at": ("data_cadastro", "data_de_cadastro", "data_inscricao",
                             "data_de_inscricao", "data_entrada", "criado_em", "data"),
            **_UTM_ALIASES,
            "landing_url": ("url", "url_pagina", "pagina_de_captura", "url_captura"),
            "score": ("pontuacao", "score", "nota"),
            "converted": ("convertido", "comprou"),
        },
        "sales": {
            "transaction_id": ("transacao", "id_transacao", "codigo_transacao", "pedido",
                               "id_pedido", "codigo_pedido"),
            "email": ("email_comprador", "email_cliente", "email_do_comprador", "email"),
            "source_lead_id": ("id_lead", "id_contato"),
            "purchased_at": ("data_compra", "data_da_compra", "data_venda", "data_aprovacao",
                             "data_pedido", "data"),
            "amount": ("valor", "valor_compra", "valor_total", "valor_pago", "preco"),
            "currency": ("moeda",),
            "status": ("status", "status_transacao", "status_pagamento", "situacao"),
        },
    },
    "none": {"leads": {}, "sales": {}},
}


@dataclasses.dataclass(frozen=True)
class ColumnMap:
    """Column mapping of one export: the source of each input field.

    Attributes
    ----------
    headers : dict
        Input field to the export header of its column.
    constants : dict
        Input field to the text value that every row gets.
    """

    headers: dict[str, str]
    constants: dict[str, str]

    def has(self, field: str) -> bool:
        """Return whether the export provides ``field`` through a column or a constant."""
        return field in self.headers or field in self.constants


def resolve_columns(source: FileSource, table: RawTable, kind: str, *, yaml_section: str) -> ColumnMap:
    """Match the headers of an export to the input fields of ``kind`` (``leads`` or ``sales``).

    Explicit ``columns`` win over the preset, and constants replace a column
    that the preset would match.

    Raises
    ------
    ConfigError
        When ``columns`` or ``constants`` names an unknown input field.
    DataError
        When a header named in ``columns`` is not in the file.
    """
    fields = LEAD_FIELDS if kind == "leads" else SALE_FIELDS
    _check_field_names(source, fields, yaml_section)
    by_key = {header_key(header): header for header in table.frame.columns}

    matched = {}
    for field, aliases in PRESETS[source.preset][kind].items():
        found = next((by_key[alias] for alias in aliases if alias in by_key), None)
        if found is not None:
            matched[field] = found
    for field, header in source.columns.items():
        if header_key(header) not in by_key:
            raise missing_columns_error(source, [header], table, yaml_section)
        matched[field] = by_key[header_key(header)]

    constants = {field: str(value) for field, value in source.constants.items()}
    for field in constants:
        matched.pop(field, None)
    return ColumnMap(matched, constants)


def header_key(header: str) -> str:
    """Return the form of a header used for matching: case-folded, with spaces and ``-`` as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(header).strip().casefold())


def require_fields(column_map: ColumnMap, source: FileSource, table: RawTable, required,
                   yaml_section: str) -> None:
    """Raise :class:`DataError` unless every field in ``required`` has a column or a constant.

    An item of ``required`` may be a tuple of alternatives, such as
    ``("email", "source_lead_id")``.
    """
    missing = []
    for item in required:
        alternatives = item if isinstance(item, tuple) else (item,)
        if not any(column_map.has(field) for field in alternatives):
            missing.append(" or ".join(alternatives))
    if missing:
        raise missing_columns_error(source, missing, table, yaml_section)


def missing_columns_error(source: FileSource, missing, table: RawTable,
                          yaml_section: str) -> DataError:
    """Build the error for columns that an export lacks, listing the headers it has.

    For a workbook of several sheets, the message also lists the sheets,
    because the columns are often on a sheet other than the one read.
    """
    found = ", ".join(repr(str(h)) for h in table.frame.columns) or "none"
    message = f"Export {source.path.name} has no column for {', '.join(missing)}. Headers found: {found}."
    fix = (f"Name the header of each missing field under '{yaml_section}.columns' "
           f"(for example 'email: E-mail do lead'), or set a value for every row under "
           f"'{yaml_section}.constants'.")
    others = [name for name in table.sheet_names if name != table.sheet]
    if others:
        section = yaml_section.split(".")[0]
        message += (f" Sheet {table.sheet!r} was read, and the workbook has the sheets "
                    f"{list_sheets(table.sheet_names)}.")
        fix = (f"If the data is on another sheet, add the line {sheet_line(others[0])} under "
               f"'{section}' in the launch YAML, with the name of that sheet. Otherwise: {fix}")
    return DataError(message, file=source.path, column=missing[0], reason=Reason.MISSING_COLUMN,
                     fix=fix)


def _check_field_names(source: FileSource, fields, yaml_section: str) -> None:
    for section, names in (("columns", source.columns), ("constants", source.constants)):
        unknown = sorted(set(names) - set(fields))
        if unknown:
            raise ConfigError(
                f"Unknown input field(s) {', '.join(map(repr, unknown))} under "
                f"'{yaml_section}.{section}'.",
                field=f"{yaml_section}.{section}", value=unknown,
                fix=f"Use the fields {', '.join(fields)}; feature columns go under "
                    f"'{yaml_section}.features'.",
            )
