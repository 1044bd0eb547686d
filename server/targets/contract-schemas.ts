// The targets domain's input schemas for app/'s forms. Client-safe; zod comes with them, so client components load this
// module lazily (import()). The provider-specific parts are checked by the server (./schemas.ts' checkedByProvider), whose
// field errors the forms show. Lint: eslint.config.js.
export { MAX_LABEL_VALUE, targetLabelKey } from "./label-schemas";
