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
}

export const DEFAULT_SCREEN_SETTINGS: ScreenSettings = {
  uploadClusterSeconds: 60,
  priceStepToleranceBp: 100,
  priceCloseBp: 100,
  nearBudgetBp: 200,
  minTenderPeriodDays: 20,
};
