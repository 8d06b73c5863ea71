"""Draw the sales of one chunk of synthetic leads: this launch's and earlier ones.

Every buyer of the chunk makes one main purchase in the cart window, and some
add an order bump, so a buyer can own two transactions. Earlier purchases
(the purchase history) fall before the capture window.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hotleads_core.synth import shape
from hotleads_core.synth.leads import EXPORT_TIMESTAMP, UTC_OFFSET_SECONDS, LeadChunk, epoch_seconds

SALE_HEADERS = {
    "transaction_id": "Transaction",
    "email": "Buyer Email",
    "purchased_at": "Purchase Date",
    "amount": "Price",
    "currency": "Currency",
    "status": "Status",
}


def draw_sales(seed: int, chunk_number: int, leads: LeadChunk) -> pa.Table:
    """Return this launch's transactions of the chunk's buyers, one row per transaction.

    The transaction id is ``T<lead number>-1`` for the main offer and
    ``T<lead number>-2`` for the order bump, so ids are unique across chunks.
    ``Price`` is a float64 amount in the row's ``Currency``.
    """
    rng = np.random.default_rng([seed, chunk_number, 2])
    buyers = np.flatnonzero(leads.buyer)
    bump = buyers[rng.random(len(buyers)) < shape.ORDER_BUMP_SHARE]
    lead_index = np.concatenate([buyers, bump])
    offer = np.concatenate([np.ones(len(buyers), np.int64), np.full(len(bump), 2, np.int64)])
    count = len(lead_index)

    main_price = np.asarray(shape.MAIN_PRICES, dtype=float)[
        rng.choice(len(shape.MAIN_PRICES), size=count, p=shape.MAIN_PRICE_WEIGHTS)]
    price = np.where(offer == 1, main_price, float(shape.ORDER_BUMP_PRICE))
    second = rng.random(count) < shape.SECOND_CURRENCY_SHARE
    price = np.where(second, np.round(price / float(shape.SECOND_CURRENCY_RATE), 2), price)
    currency = np.where(second, shape.SECOND_CURRENCY, shape.CURRENCY)
    status = np.asarray(shape.STATUS_LABELS)[
        rng.choice(len(shape.STATUS_LABELS), size=count, p=shape.STATUS_WEIGHTS)]

    day = rng.choice(shape.CALENDAR.cart_days, size=count,
                     p=shape.CART_DAY_WEIGHTS / shape.CART_DAY_WEIGHTS.sum())
    local = (epoch_seconds(shape.CALENDAR.cart_start) + day * 86400
             + rng.integers(0, 86400, size=count))
    numbers = pa.array(leads.lead_number[lead_index]).cast(pa.string())
    transaction = pc.binary_join_element_wise("T", numbers, "-", pa.array(offer).cast(pa.string()), "")
    return _sales_table(transaction, leads.email.take(pa.array(lead_index)), local, price,
                        currency, status)


def draw_history_sales(seed: int, chunk_number: int, leads: LeadChunk) -> pa.Table:
    """Return one earlier-launch purchase for each lead of the chunk who bought before.

    Ids are ``H<lead number>``; every purchase is paid in the launch currency,
    between 30 and 400 days before the capture window opens.
    """
    rng = np.random.default_rng([seed, chunk_number, 3])
    earlier = np.flatnonzero(leads.history_buyer)
    count = len(earlier)
    low, high = shape.HISTORY_DAYS_BEFORE
    days_before = rng.integers(low, high + 1, size=count)
    local = (epoch_seconds(shape.CALENDAR.capture_start) - days_before * 86400
             + rng.integers(0, 86400, size=count))
    numbers = pa.array(leads.lead_number[earlier]).cast(pa.string())
    return _sales_table(
        pc.binary_join_element_wise("H", numbers, ""), leads.email.take(pa.array(earlier)), local,
        np.full(count, float(shape.HISTORY_PRICE)), np.full(count, shape.CURRENCY),
        np.full(count, shape.STATUS_LABELS[0]),
    )


def _sales_table(transaction, email, local_seconds, price, currency, status) -> pa.Table:
    utc_micros = (local_seconds + UTC_OFFSET_SECONDS) * 1_000_000
    table = pa.table({
        SALE_HEADERS["transaction_id"]: transaction,
        SALE_HEADERS["email"]: email,
        SALE_HEADERS["purchased_at"]: pa.array(utc_micros, type=pa.int64()).cast(EXPORT_TIMESTAMP),
        SALE_HEADERS["amount"]: pa.array(price, type=pa.float64()),
        SALE_HEADERS["currency"]: pa.array(currency.astype(str)),
        SALE_HEADERS["status"]: pa.array(status.astype(str)),
    })
    order = np.argsort(utc_micros, kind="stable")
    return table.take(pa.array(order))
