// Times show in UTC, as the audit trail records them, to the precision the place needs.
const spaced = (date: Date) => date.toISOString().replace("T", " ");

/** 2026-11-23 */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);
/** 2026-11-23 14:05 */
export const utcMinute = (date: Date) => spaced(date).slice(0, 16);
/** 2026-11-23 14:05:09 */
export const utcSecond = (date: Date) => spaced(date).slice(0, 19);
