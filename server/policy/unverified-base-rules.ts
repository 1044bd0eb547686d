/** What a deploy whose image is on no verified catalog base gets (the platform policy's images.unverifiedBase); no zod,
 * so the contract with app/ may hand it to the page's first load. */
export const UNVERIFIED_BASE_RULES = ["warn", "refuse"] as const;
