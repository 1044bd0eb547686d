// ESLint and typescript-eslint load here, with the TypeScript 5 JavaScript API typescript-eslint needs: the
// repository's TypeScript 7 is native and has none. npm keeps TypeScript 5 in this folder's node_modules (it conflicts
// with the root's), but hoists typescript-eslint's helper ts-api-utils to the root (its peer range, typescript
// >=4.8.4, reads as satisfied by 7), where `require("typescript")` would find TypeScript 7. So, before the parser
// loads, `typescript` asked for from inside typescript-eslint's own packages resolves to this folder's TypeScript 5;
// nothing else is redirected. The root eslint.config.js takes its pieces from this module.
import { registerHooks } from "node:module";

const typescript5 = import.meta.resolve("typescript");
const typescriptEslintPackage = /[\\/]node_modules[\\/](ts-api-utils|@typescript-eslint|typescript-eslint)[\\/]/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "typescript" && context.parentURL && typescriptEslintPackage.test(decodeURIComponent(context.parentURL))) {
      return { url: typescript5, shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

const { ESLint } = await import("eslint");
const { default: tseslint } = await import("typescript-eslint");
const { version } = await import("typescript");
if (!version.startsWith("5.")) throw new Error(`@bulkhead/lint: typescript-eslint needs TypeScript 5's JavaScript API, found TypeScript ${version}`);

export { ESLint };

/** typescript-eslint's parser, syntax only (no `project`: no type information, so linting stays fast). */
export const typescriptParser = tseslint.parser;
