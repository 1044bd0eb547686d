#!/usr/bin/env node
// `npm run lint [paths...]`: lints the repository (or the paths given) with the root eslint.config.js, prints
// ESLint's stylish report, and exits 1 on any error.
import { ESLint } from "./index.js";

const eslint = new ESLint({ cwd: process.cwd() });
const results = await eslint.lintFiles(process.argv.length > 2 ? process.argv.slice(2) : ["."]);
const formatter = await eslint.loadFormatter("stylish");
const text = await formatter.format(results);
if (text) console.log(text);
const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
if (errors === 0) console.log(`eslint: ${results.length} files, no errors`);
process.exitCode = errors > 0 ? 1 : 0;
