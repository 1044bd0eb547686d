// The table `npm run bench` prints: one line per measurement and per limit, what was measured against what on
// the line below. bench/benchmarks.int.test.ts checks a tiny run of every benchmark prints through it too.
import type { BenchResult } from "./types";

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));
const op = (sign: ">=" | "<=") => (sign === ">=" ? "≥" : "≤");
const COLUMNS = ["", "", "ratio", "goal", "figure", "yardstick"];
const WIDTHS = [4, 8, 8, 9, 18, 18];
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(WIDTHS[i] ?? 0)).join("").trimEnd();

export const headerLine = () => line([...COLUMNS, "what"]);
export const crashedLine = (name: string) => line([name, "CRASHED"]);

export function resultLines(name: string, result: BenchResult): string[] {
  const lines: string[] = [];
  for (const m of result.measurements) {
    lines.push(line([name, m.met ? "met" : "MISSED", `${m.ratio.toFixed(2)}×`, `${op(m.goal.op)} ${Number(m.goal.value.toFixed(2))}×`, `${number(m.figure)} ${m.unit}`, `${number(m.yardstick)} ${m.unit}`, m.label]));
    lines.push(line(["", "", "", "", "", "", `vs ${m.yardstickLabel}`]));
  }
  for (const l of result.limits) {
    lines.push(line([name, l.met ? "met" : "MISSED", "", `${op(l.op)} ${l.limit} ${l.unit}`, `${number(l.value)} ${l.unit}`, "", l.label]));
  }
  return lines;
}
