export { ESLint } from "eslint";
export declare const typescriptParser: import("eslint").Linter.Parser;
