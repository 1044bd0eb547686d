// How long a token may live: in a module of its own, without zod, so the tokens page can show the limits
// without loading the schemas (zod loads with the form's first validation).
export const DEFAULT_EXPIRY_DAYS = 90;
export const MAX_EXPIRY_DAYS = 365;
