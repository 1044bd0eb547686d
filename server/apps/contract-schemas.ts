// The apps domain's input schemas for app/'s forms (the API's own, so the browser refuses what the server would). Client-safe;
// zod comes with them, so client components load this module lazily (import()). Lint: eslint.config.js.
export { appFields } from "./schemas";
export { setAppClassificationInput } from "./schemas";
