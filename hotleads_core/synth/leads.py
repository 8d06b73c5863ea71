"""Draw one chunk of synthetic leads as an Arrow table.

A chunk covers the leads with global numbers ``first .. first + size - 1``.
It draws from its own generator, seeded by ``(seed, chunk_number)``, so a
chunk's rows do not depend on the other chunks and the output is the same for
the same seed and size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hotleads_core.synth import shape

EXPORT_TIMESTAMP = pa.timestamp("us", tz=shape.TIMEZONE)
# Sao Paulo time is UTC-3 all year in the generated dates, so a local wall time
# converts to UTC by adding three hours.
UTC_OFFSET_SECONDS = 3 * 3600

# Headers of the generated lead export; the launch YAML maps them to canonical names.
LEAD_HEADERS = {
    "email": "Email",
    "signed_up_at": "Signup Date",
    "utm_source": "UTM Source",
    "utm_medium": "UTM Medium",
    "utm_campaign": "UTM Campaign",
    "utm_content": "UTM Content",
    "utm_term": "UTM Term",
}
FEATURE_NUMERIC = "page_views"
FEATURE_CATEGORICAL = "occupation"


@dataclasses.dataclass(frozen=True)
class LeadChunk:
    """One chunk of generated leads.

    Attributes
    ----------
    table : pyarrow.Table
        The export rows (sign-ups, including repeated sign-ups of a lead),
        with headers from :data:`LEAD_HEADERS` and the two feature columns.
        ``Signup Date`` is a time-zone-aware timestamp.
    lead_number : ndarray of int64
        Global number of each distinct lead of the chunk (not of each row).
    email : pyarrow.Array
        Lower-case address of each distinct lead, aligned with ``lead_number``.
    probability : ndarray of float64
        Purchase probability of each distinct lead.
    buyer, history_buyer : ndarray of bool
        Whether the lead buys in this launch, and whether it bought before.
    signed_up_at_utc : ndarray of datetime64[s]
        First sign-up time of each distinct lead, in UTC.
    single_row : ndarray of bool
        Whether the lead appears on exactly one row of ``table``.
    row_of_lead : ndarray of int64
        Position in ``table`` of each distinct lead's first sign-up.
    """

    table: pa.Table
    lead_number: np.ndarray
    email: pa.Array
    probability: np.ndarray
    buyer: np.ndarray
    history_buyer: np.ndarray
    signed_up_at_utc: np.ndarray
    single_row: np.ndarray
    row_of_lead: np.ndarray


def draw_lead_chunk(seed: int, chunk_number: int, first: int, size: int) -> LeadChunk:
    """Draw ``size`` leads numbered from ``first``, with their repeated sign-ups."""
    rng = np.random.default_rng([seed, chunk_number, 1])
    numbers = np.arange(first, first + size, dtype=np.int64)

    channel = rng.choice(len(shape.CHANNELS), size=size, p=shape.channel_weights())
    occupation = rng.choice(len(shape.OCCUPATIONS), size=size, p=shape.OCCUPATION_WEIGHTS)
    page_views = np.minimum(rng.geometric(1 / (shape.PAGE_VIEWS_MEAN + 1), size=size) - 1,
                            shape.PAGE_VIEWS_CAP)
    history_buyer = rng.random(size) < shape.HISTORY_BUYER_SHARE
    probability = _purchase_probability(channel, occupation, page_views, history_buyer)
    buyer = rng.random(size) < probability

    local_seconds = _draw_signup_seconds(rng, size)
    email = _draw_emails(rng, numbers)
    columns = _utm_columns(rng, channel)
    columns[FEATURE_CATEGORICAL] = pa.array(np.asarray(shape.OCCUPATIONS)[occupation])
    columns[FEATURE_NUMERIC] = pa.array(page_views.astype(np.int64))

    primary = pa.table({
        LEAD_HEADERS["email"]: _messy_emails(rng, email),
        LEAD_HEADERS["signed_up_at"]: _to_export_timestamp(local_seconds),
        **columns,
    })
    repeated, repeat_of = _draw_repeated_signups(rng, primary, channel, local_seconds, email)
    table, row_of_lead = _sort_by_time(primary, repeated)

    single_row = np.ones(size, dtype=bool)
    single_row[repeat_of] = False
    return LeadChunk(
        table=table, lead_number=numbers, email=email, probability=probability,
        buyer=buyer, history_buyer=history_buyer,
        signed_up_at_utc=(local_seconds + UTC_OFFSET_SECONDS).astype("datetime64[s]"),
        single_row=single_row, row_of_lead=row_of_lead,
    )


def _purchase_probability(channel, occupation, page_views, history_buyer) -> np.ndarray:
    channel_log_odds = np.array([c.log_odds for c in shape.CHANNELS])[channel]
    log_odds = (shape.BASE_LOG_ODDS + channel_log_odds
                + shape.OCCUPATION_LOG_ODDS[occupation]
                + shape.PAGE_VIEW_LOG_ODDS * np.minimum(page_views, 10)
                + shape.HISTORY_LOG_ODDS * history_buyer)
    return 1.0 / (1.0 + np.exp(-log_odds))


def _draw_signup_seconds(rng, size: int) -> np.ndarray:
    """Return local wall-clock sign-up times as seconds since 1970-01-01 (int64)."""
    day = rng.choice(shape.CALENDAR.capture_days, size=size, p=shape.signup_day_weights())
    hour = rng.choice(24, size=size, p=shape.HOUR_WEIGHTS / shape.HOUR_WEIGHTS.sum())
    second = rng.integers(0, 3600, size=size)
    start = epoch_seconds(shape.CALENDAR.capture_start)
    return start + day * 86400 + hour * 3600 + second


def epoch_seconds(day: dt.date) -> int:
    """Return the seconds from 1970-01-01 to the start of ``day``, as wall-clock time."""
    return (day - dt.date(1970, 1, 1)).days * 86400


def _to_export_timestamp(local_seconds: np.ndarray) -> pa.Array:
    utc = (local_seconds + UTC_OFFSET_SECONDS) * 1_000_000
    return pa.array(utc, type=pa.int64()).cast(EXPORT_TIMESTAMP)


def _draw_emails(rng, numbers: np.ndarray) -> pa.Array:
    size = len(numbers)
    free = rng.random(size) < shape.FREE_MAIL_SHARE
    free_domain = rng.choice(len(shape.FREE_DOMAINS), size=size, p=shape.FREE_DOMAIN_WEIGHTS)
    company_number = rng.integers(1, shape.COMPANY_DOMAIN_COUNT + 1, size=size)
    company = pc.binary_join_element_wise("company", pa.array(company_number).cast(pa.string()),
                                          ".example", "")
    domain = pc.if_else(pa.array(free), pa.array(np.asarray(shape.FREE_DOMAINS)[free_domain]),
                        company)
    return pc.binary_join_element_wise("lead", pa.array(numbers).cast(pa.string()), "@", domain, "")


def _messy_emails(rng, email: pa.Array) -> pa.Array:
    """Write some addresses with capitals or a stray space, as people type them."""
    size = len(email)
    upper = rng.random(size) < shape.EMAIL_UPPER_RATE
    spaced = rng.random(size) < shape.EMAIL_SPACE_RATE
    email = pc.if_else(pa.array(upper), pc.utf8_capitalize(email), email)
    return pc.if_else(pa.array(spaced), pc.binary_join_element_wise(" ", email, ""), email)


def _utm_columns(rng, channel: np.ndarray) -> dict[str, pa.Array]:
    size = len(channel)
    source = np.asarray([c.source for c in shape.CHANNELS], dtype=object)[channel]
    medium = np.asarray([c.medium for c in shape.CHANNELS], dtype=object)[channel]
    keyword_share = np.array([c.keyword_share for c in shape.CHANNELS])[channel]

    campaign_rank = rng.choice(shape.CAMPAIGN_COUNT, size=size, p=shape.campaign_weights())
    campaign = np.char.add("launch26_", np.char.zfill(campaign_rank.astype(str), 3)).astype(object)
    campaign[source == ""] = ""
    content = np.where(rng.random(size) < shape.CONTENT_SHARE,
                       np.asarray(shape.CONTENT_VALUES, dtype=object)[
                           rng.integers(0, len(shape.CONTENT_VALUES), size=size)], "")
    term = np.where(rng.random(size) < keyword_share,
                    np.asarray(shape.TERM_VALUES, dtype=object)[
                        rng.integers(0, len(shape.TERM_VALUES), size=size)], "")
    values = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign,
              "utm_content": content, "utm_term": term}
    return {LEAD_HEADERS[name]: _messy_spelling(rng, pa.array(column.astype(str)))
            for name, column in values.items()}


def _messy_spelling(rng, values: pa.Array) -> pa.Array:
    """Change the case of, or add a space to, a few real values (not the not-set markers)."""
    size = len(values)
    real = pc.and_(pc.not_equal(values, ""), pc.invert(pc.starts_with(values, "(")))
    cased = pc.and_(real, pa.array(rng.random(size) < shape.MESSY_CASE_RATE))
    spaced = pc.and_(real, pa.array(rng.random(size) < shape.MESSY_SPACE_RATE))
    values = pc.if_else(cased, pc.utf8_upper(values), values)
    return pc.if_else(spaced, pc.binary_join_element_wise(values, " ", ""), values)


def _draw_repeated_signups(rng, primary: pa.Table, channel, local_seconds, email):
    """Draw a later second sign-up for some leads, through another channel."""
    size = primary.num_rows
    repeat_of = np.flatnonzero(rng.random(size) < shape.DUPLICATE_SIGNUP_RATE)
    count = len(repeat_of)
    capture_end = epoch_seconds(shape.CALENDAR.capture_end) + 86399
    remaining = capture_end - local_seconds[repeat_of]
    later = local_seconds[repeat_of] + (rng.random(count) * remaining).astype(np.int64)

    repeated = primary.take(pa.array(repeat_of))
    repeated_channel = rng.choice(len(shape.CHANNELS), size=count, p=shape.channel_weights())
    utm = _utm_columns(rng, repeated_channel)
    for header, column in utm.items():
        repeated = repeated.set_column(repeated.schema.get_field_index(header), header, column)
    timestamp = repeated.schema.get_field_index(LEAD_HEADERS["signed_up_at"])
    repeated = repeated.set_column(timestamp, LEAD_HEADERS["signed_up_at"], _to_export_timestamp(later))
    address = repeated.schema.get_field_index(LEAD_HEADERS["email"])
    upper_email = pc.utf8_upper(email.take(pa.array(repeat_of)))
    repeated = repeated.set_column(address, LEAD_HEADERS["email"], upper_email)
    return repeated, repeat_of


def _sort_by_time(primary: pa.Table, repeated: pa.Table):
    """Order all sign-up rows by time, as exports do, and find each lead's first row."""
    table = pa.concat_tables([primary, repeated])
    seconds = pc.cast(table[LEAD_HEADERS["signed_up_at"]], pa.int64()).to_numpy()
    order = np.argsort(seconds, kind="stable")
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    return table.take(pa.array(order)), position[:primary.num_rows]
