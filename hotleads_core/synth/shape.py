"""The shape of a synthetic launch: calendar, channel mix, conversion and sales constants.

Where a constant comes from real data, the comment beside it names the file
and the figure. "Olist" is the Olist Marketing Funnel dataset (8,000
marketing-qualified leads and 842 closed deals, Brazil, 2017-2018, CC BY-NC-SA
4.0). "X Education" is the upGrad lead-scoring case study ``Leads.csv``
(9,240 leads). Constants marked *invented* have no public source: they are
plausible values for an online-course launch, not measurements.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

TIMEZONE = "America/Sao_Paulo"  # Olist is Brazilian. This zone has had no daylight saving time since 2019.
CURRENCY = "BRL"
SECOND_CURRENCY = "USD"
# Invented: BRL per USD, written to the launch YAML as the exchange rate.
SECOND_CURRENCY_RATE = "5.00"


@dataclasses.dataclass(frozen=True)
class LaunchCalendar:
    """The dates of a classic launch: a capture window, then a cart window.

    Sign-ups fall in ``capture_start`` .. ``capture_end`` and sales in
    ``cart_start`` .. ``cart_end`` (closed ranges of days in :data:`TIMEZONE`).
    """

    capture_start: dt.date
    capture_end: dt.date
    cart_start: dt.date
    cart_end: dt.date

    @property
    def capture_days(self) -> int:
        """Number of days in the capture window."""
        return (self.capture_end - self.capture_start).days + 1

    @property
    def cart_days(self) -> int:
        """Number of days in the cart window."""
        return (self.cart_end - self.cart_start).days + 1


# Invented: four weeks of capture starting on a Monday, then one week of cart.
CALENDAR = LaunchCalendar(
    capture_start=dt.date(2026, 3, 2),
    capture_end=dt.date(2026, 3, 29),
    cart_start=dt.date(2026, 3, 30),
    cart_end=dt.date(2026, 4, 5),
)

# Olist MQL file, share of first_contact_date per weekday, Monday first.
WEEKDAY_WEIGHTS = np.array([0.1869, 0.1815, 0.1864, 0.1693, 0.1438, 0.0659, 0.0664])

# Invented: Olist and X Education carry no time of day. Sign-ups per local hour,
# low at night, a morning rise and an evening peak after the working day.
HOUR_WEIGHTS = np.array([
    0.6, 0.4, 0.3, 0.2, 0.2, 0.3, 0.8, 1.6, 2.6, 3.4, 3.8, 4.0,
    4.0, 4.0, 4.1, 4.2, 4.4, 4.8, 5.4, 6.2, 6.8, 6.4, 4.6, 2.2,
])

# Invented: purchases per day of the cart week, with peaks on the opening and the closing day.
CART_DAY_WEIGHTS = np.array([0.38, 0.12, 0.08, 0.07, 0.07, 0.08, 0.20])


@dataclasses.dataclass(frozen=True)
class Channel:
    """One traffic channel: the UTM source and medium it writes, and its purchase odds.

    ``medium`` may be ``(not set)``, ``(none)`` or empty, which ingest reads as
    not set. ``log_odds`` is the logit of the channel's Olist 2018 conversion
    rate; :data:`BASE_LOG_ODDS` shifts it down to a launch's buyer rate.
    """

    source: str
    medium: str
    weight: float
    log_odds: float
    keyword_share: float = 0.0


def _logit(rate: float) -> float:
    return float(np.log(rate / (1 - rate)))


# Weights come from the Olist MQL file, share of each ``origin``: organic_search
# 28.70 %, paid_search 19.82 %, social 16.88 %, unknown 13.74 %, direct_traffic
# 6.24 %, email 6.16 %, referral 3.55 %, other 1.88 %, display 1.48 %,
# other_publicities 0.81 %, empty 0.75 %. The split of one origin over several
# sources is invented. Conversion is the share of Olist 2018 leads per origin
# whose mql_id is in the closed-deals file.
CHANNELS = (
    Channel("google", "organic", 0.2470, _logit(0.1469)),
    Channel("bing", "organic", 0.0400, _logit(0.1469)),
    Channel("google", "cpc", 0.1982, _logit(0.1481), keyword_share=0.9),
    Channel("facebook", "paid_social", 0.1100, _logit(0.0628)),
    Channel("instagram", "paid_social", 0.0588, _logit(0.0628)),
    Channel("youtube", "(not set)", 0.1374, _logit(0.2066)),
    Channel("(direct)", "(none)", 0.0624, _logit(0.1421)),
    Channel("newsletter", "email", 0.0616, _logit(0.0403)),
    Channel("partner_blog", "referral", 0.0355, _logit(0.1137)),
    Channel("podcast", "other", 0.0188, _logit(0.0351)),
    Channel("google", "display", 0.0148, _logit(0.0667)),
    Channel("press", "other_publicities", 0.0081, _logit(0.0732)),
    Channel("", "", 0.0075, _logit(0.2708)),
)

# Olist 2018 converts 13.0 % of leads; a course launch sells to about 2 % of its
# leads (invented). This shift in log-odds brings the mean purchase probability
# near 2 % for the feature mix below.
BASE_LOG_ODDS = -3.0

# Campaign names follow a Zipf-Mandelbrot law, weight of rank k proportional to
# 1 / (k + q) ** s. Fitted by least squares on the cumulative shares of the 495
# Olist landing_page_id values. The data give 11.4 %, 54.1 %, 77.8 % and 87.9 %
# to the top 1, 10, 50 and 100 pages, and the fit gives 11.8 %, 51.2 %, 79.7 %
# and 88.1 %.
CAMPAIGN_COUNT = 495
CAMPAIGN_ZIPF_EXPONENT = 1.481
CAMPAIGN_ZIPF_OFFSET = 3.268

# Invented: ad creatives and search keywords.
CONTENT_VALUES = tuple(f"creative_{i:02d}" for i in range(1, 25))
TERM_VALUES = tuple(f"keyword_{i:03d}" for i in range(1, 201))
CONTENT_SHARE = 0.55  # Invented: share of leads whose link carries utm_content.

# X Education writes "Google" 2,868 times and "google" 5 times: 0.17 % of a
# value's rows differ only by case. The share with stray spaces is invented at
# the same order.
MESSY_CASE_RATE = 0.0017
MESSY_SPACE_RATE = 0.002

# X Education, "What is your current occupation": share and conversion rate.
# The effect is the log-odds difference from "Unemployed". A missing value
# (29.1 % of leads, 13.8 % converted) is written as an empty cell.
OCCUPATIONS = ("unemployed", "", "working_professional", "student")
OCCUPATION_WEIGHTS = np.array([0.6061, 0.2911, 0.0764, 0.0264])
OCCUPATION_LOG_ODDS = np.array([
    0.0,
    _logit(0.138) - _logit(0.436),
    _logit(0.916) - _logit(0.436),
    _logit(0.371) - _logit(0.436),
])

# X Education TotalVisits has mean 3.45 and median 3, and a geometric count with
# this mean has a similar spread. The per-visit effect is invented (X Education
# shows a weak rise of conversion with visits).
PAGE_VIEWS_MEAN = 3.45
PAGE_VIEW_LOG_ODDS = 0.12
PAGE_VIEWS_CAP = 30

# Invented: leads who bought in an earlier launch, and how much more they buy.
HISTORY_BUYER_SHARE = 0.03
HISTORY_LOG_ODDS = 1.2
HISTORY_PRICE = "297.00"
HISTORY_DAYS_BEFORE = (30, 400)

# Invented: e-mail domains. About 70 % of course leads use free mail.
FREE_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.com.br", "outlook.com")
FREE_DOMAIN_WEIGHTS = np.array([0.55, 0.25, 0.10, 0.10])
FREE_MAIL_SHARE = 0.70
COMPANY_DOMAIN_COUNT = 500  # company domains are ``companyN.example``
EMAIL_UPPER_RATE = 0.03  # Invented: addresses typed with capitals.
EMAIL_SPACE_RATE = 0.01  # Invented: addresses with a stray leading or trailing space.

# Invented: a lead who signs up again later (ingest keeps the first touch).
DUPLICATE_SIGNUP_RATE = 0.02

# Invented: offers, in the launch currency, and the share of buyers taking each.
MAIN_PRICES = ("997.00", "1497.00")
MAIN_PRICE_WEIGHTS = np.array([0.8, 0.2])
ORDER_BUMP_PRICE = "97.00"
ORDER_BUMP_SHARE = 0.15
SECOND_CURRENCY_SHARE = 0.08

# Invented: final status of a transaction, as the checkout exports it, and the
# canonical status each label maps to (written as ``status_map`` in the YAML).
STATUS_LABELS = ("approved", "refunded", "chargeback", "waiting_payment", "canceled")
STATUS_WEIGHTS = np.array([0.88, 0.06, 0.01, 0.03, 0.02])
STATUS_MAP = {
    "approved": "paid",
    "refunded": "refunded",
    "chargeback": "chargeback",
    "waiting_payment": "pending",
    "canceled": "cancelled",
}


def campaign_weights() -> np.ndarray:
    """Return the probability of each campaign rank, largest first."""
    ranks = np.arange(1, CAMPAIGN_COUNT + 1)
    weights = 1.0 / (ranks + CAMPAIGN_ZIPF_OFFSET) ** CAMPAIGN_ZIPF_EXPONENT
    return weights / weights.sum()


def channel_weights() -> np.ndarray:
    """Return the probability of each entry of :data:`CHANNELS`."""
    weights = np.array([channel.weight for channel in CHANNELS])
    return weights / weights.sum()


def signup_day_weights() -> np.ndarray:
    """Return the probability of each capture day, from its weekday weight."""
    days = [CALENDAR.capture_start + dt.timedelta(days=i) for i in range(CALENDAR.capture_days)]
    weights = np.array([WEEKDAY_WEIGHTS[day.weekday()] for day in days])
    return weights / weights.sum()
