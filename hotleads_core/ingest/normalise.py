"""Normalise e-mails and UTM values, read UTMs from landing-page URLs, merge duplicate leads.

The functions work on distinct values where the work is Python code (UTM
placeholders, URL parsing), then map the results back to the rows, so a
launch with millions of leads but a few hundred UTM spellings stays fast.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus, urlsplit

import numpy as np
import pandas as pd

from hotleads_core.config import UTM_FIELDS
from hotleads_core.schema import NOT_SET

# Python's str.strip() already removes Unicode spaces such as U+00A0. These
# invisible characters are not spaces for Python but appear in pasted e-mails.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SPELLING_COLUMNS = ("field", "value", "raw_spelling", "rows")


def normalise_emails(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Trim and lower-case e-mail addresses.

    The whole address is lower-cased, local part included. RFC 5321 lets a
    mail server treat the local part as case-sensitive, but mail providers do
    not, and exports write the same address in different cases, so
    ``Lead1@Example.com`` and ``lead1@example.com`` are one lead.

    Returns
    -------
    emails : Series of str
        Normalised addresses, NaN where the cell is empty.
    invalid : Series of bool
        True where the cell contains text that is not an e-mail address.
    """
    codes, distinct = pd.factorize(values.fillna(""), sort=False)
    cleaned = [value.strip().strip(_INVISIBLE).lower() for value in distinct.tolist()]
    broken = [text != "" and _EMAIL_PATTERN.fullmatch(text) is None for text in cleaned]
    emails = pd.Series(np.array(cleaned, dtype=object)[codes] if len(codes) else [],
                       index=values.index, dtype="str")
    invalid = pd.Series(np.array(broken, dtype=bool)[codes] if len(codes) else [],
                        index=values.index, dtype=bool)
    return emails.where(emails != ""), invalid


def placeholder_set(*lists) -> frozenset[str]:
    """Return the placeholder spellings of several lists, case-folded and trimmed."""
    return frozenset(value.strip().casefold() for values in lists for value in values)


def normalise_utm(values: pd.Series, placeholders: frozenset[str]) -> tuple[pd.Series, pd.DataFrame]:
    """Trim and case-fold UTM values, and map placeholders and empty cells to ``(not set)``.

    Inner spaces are kept (``curso python`` stays as it is).

    Returns
    -------
    normalised : Series of str
        One value per row, never missing.
    spellings : DataFrame
        Columns ``value``, ``raw_spelling``, ``rows``: each raw spelling that
        differs from the value it became, with its row count.
    """
    codes, distinct = pd.factorize(values.fillna(""), sort=False)
    cleaned = np.array([_clean_utm(value, placeholders) for value in distinct], dtype=object)
    normalised = pd.Series(cleaned[codes] if len(codes) else [], index=values.index, dtype="str")

    counts = np.bincount(codes, minlength=len(distinct)) if len(codes) else np.zeros(0, int)
    spellings = pd.DataFrame({"value": cleaned, "raw_spelling": np.asarray(distinct, dtype=object),
                              "rows": counts.astype("int64")})
    spellings = spellings.loc[spellings["value"] != spellings["raw_spelling"]]
    return normalised, spellings.astype({"value": "str", "raw_spelling": "str"})


def _clean_utm(value: str, placeholders: frozenset[str]) -> str:
    cleaned = value.strip().strip(_INVISIBLE).casefold()
    return NOT_SET if cleaned in placeholders else cleaned


def utms_from_urls(urls: pd.Series, form_encoded: bool) -> pd.DataFrame:
    """Read the ``utm_*`` query parameters of landing-page URLs.

    Values are percent-decoded. ``+`` becomes a space only when
    ``form_encoded`` is true, because outside HTML form encoding ``+`` is a
    literal plus sign. When a parameter appears twice, the first one counts.

    Returns
    -------
    DataFrame
        One column per UTM field, NaN where the URL has no such parameter.
    """
    decode = unquote_plus if form_encoded else unquote
    codes, distinct = pd.factorize(urls.fillna(""), sort=False)
    parsed = pd.DataFrame([_query_utms(url, decode) for url in distinct],
                          columns=list(UTM_FIELDS), dtype="str")
    if len(codes) == 0:
        return pd.DataFrame({field: pd.Series([], dtype="str", index=urls.index) for field in UTM_FIELDS})
    rows = parsed.iloc[codes]
    rows.index = urls.index
    return rows


def _query_utms(url: str, decode) -> dict[str, str]:
    found = {}
    query = urlsplit(url.strip()).query if "?" in url else ""
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        name = decode(name).strip().lower()
        if name in UTM_FIELDS and name not in found:
            found[name] = decode(value)
    return found


def merge_first_touch(leads: pd.DataFrame, order_columns: list[str]) -> tuple[pd.DataFrame, int]:
    """Keep one row per ``lead_id``: the earliest sign-up (first touch).

    Rows of the same lead with the same sign-up time are ordered by
    ``order_columns`` (the UTM values, then the other columns), so the lead
    kept does not depend on the order of rows in the export.

    Returns
    -------
    leads : DataFrame
        One row per lead, sorted by sign-up time, then ``lead_id``.
    merged : int
        The number of rows merged into an earlier row of the same lead.
    """
    repeated = leads["lead_id"].duplicated(keep=False)
    keys = ["lead_id", "signed_up_at", *order_columns]
    ordered = leads.loc[repeated].sort_values(keys, kind="stable", na_position="last")
    first_of_repeated = ordered.drop_duplicates("lead_id", keep="first")
    merged = len(ordered) - len(first_of_repeated)

    first = pd.concat([leads.loc[~repeated], first_of_repeated])
    first = first.sort_values(["signed_up_at", "lead_id"], kind="stable")
    return first, merged
