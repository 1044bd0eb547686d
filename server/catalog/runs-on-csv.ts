// "What runs on what" as CSV for compliance reports: one row per live deployment, and one per image nothing runs on
// (so the file also says what is unused). csv-stringify (the `csv` project, whose parser the audit verifier uses)
// quotes per RFC 4180; a cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return) is
// prefixed with an apostrophe, as OWASP's CSV injection guidance advises, since team names are free text.
import { stringify } from "csv-stringify/sync";
import type { RunsOnView } from "./runs-on-views";

const COLUMNS = ["base_image", "version", "status", "end_of_life", "successor", "team", "app", "target", "deployment_status", "revision", "deployment_id"];

const FORMULA = /^[=+\-@\t\r]/;
const cell = (value: string | number | null) => (value === null ? "" : typeof value === "number" ? String(value) : FORMULA.test(value) ? `'${value}` : value);

export function runsOnCsv(images: RunsOnView): string {
  const rows: (string | number | null)[][] = [];
  for (const image of images) {
    const common = [image.name, image.version, image.status, image.endOfLife?.toISOString().slice(0, 10) ?? null, image.successor ? `${image.successor.name} ${image.successor.version}` : null];
    if (!image.deployments.length) rows.push([...common, null, null, null, null, null, null]);
    for (const d of image.deployments) rows.push([...common, d.team.name, d.app.name, d.target, d.status, d.revision, d.id]);
  }
  return stringify(rows.map((row) => row.map(cell)), { header: true, columns: COLUMNS });
}
