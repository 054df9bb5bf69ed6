/**
 * The thresholds the screens judge by: the context every screen gets. Shares are in basis points (1 bp =
 * 0.01 %) so that a boundary is exact in integer fen. The defaults are a starting point for a supervision
 * department to tune; a platform passes its own through the module's deps.
 */
export interface ScreenSettings {
  /** Uploads of different bidders this close together, in seconds, form a cluster. */
  uploadClusterSeconds: number;
  /** Consecutive price differences that vary by at most this share of their mean are "regular steps". */
  priceStepToleranceBp: number;
  /** The second-lowest price within this share above the lowest is "close". */
  priceCloseBp: number;
  /** Even the lowest price within this share under the maximum price is "near the budget". */
  nearBudgetBp: number;
  /** The least tender period in days, from the documents' issue to the bid deadline (ZB Art.24: 20). */
  minTenderPeriodDays: number;
  /**
   * Document metadata values that say nothing about who wrote a file (an office suite's defaults), compared
   * after trimming and lower-casing: two bidders sharing one of these is no finding (same-file).
   */
  genericMetadataValues: readonly string[];
  /** An expert's total for a bid further than this share from the committee's mean is a deviation. */
  expertDeviationBp: number;
  /** Win-rate needs at least this many bidders with enough bids to speak of a distribution… */
  winRateMinBidders: number;
  /** …and counts only bidders with at least this many bids in concluded evaluations. */
  winRateMinBids: number;
}

export const DEFAULT_SCREEN_SETTINGS: ScreenSettings = {
  uploadClusterSeconds: 60,
  priceStepToleranceBp: 100,
  priceCloseBp: 100,
  nearBudgetBp: 200,
  minTenderPeriodDays: 20,
  genericMetadataValues: [
    'administrator',
    'admin',
    'user',
    'owner',
    'author',
    'unknown',
    'microsoft',
    'microsoft corporation',
    'microsoft office user',
    'microsoft 用户',
    '微软用户',
    '微软中国',
    '用户',
    '作者',
    'windows 用户',
    'windows user',
    'lenovo',
    'dell',
    'hp',
    'thinkpad',
    'china',
    '中国',
    'wps',
    'kingsoft',
  ],
  expertDeviationBp: 2_000,
  winRateMinBidders: 8,
  winRateMinBids: 3,
};
