/** Who may change an app's data classification (the platform policy's apps.classificationChanges): the app's team, or
 * only IT operations. No zod, so the contract with app/ may hand it to the page's first load. */
export const CLASSIFICATION_CHANGE_RULES = ["team", "operators"] as const;
