"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { Input, Label, Select } from "@/app/_components/ui/field";
import { useTRPC } from "@/app/_lib/trpc";
import type { RouterOutputs } from "@/app/_lib/api-types";

type LogLine = RouterOutputs["deployments"]["logs"]["lines"][number];

/** "live" follows over server-sent events; the others read a past range once. */
const RANGES = { live: "Live", "15m": "Last 15 minutes", "1h": "Last hour", "24h": "Last 24 hours" } as const;
type Range = keyof typeof RANGES;
const RANGE_MS: Record<Exclude<Range, "live">, number> = { "15m": 15 * 60_000, "1h": 60 * 60_000, "24h": 24 * 60 * 60_000 };
/** Lines kept on screen while following; older ones scroll away. */
const KEPT = 2_000;

const query = (entries: Record<string, string | undefined>) => new URLSearchParams(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();

/** Lines as they come, from the stream; reconnecting (the browser does so itself) resumes after the last line. */
function useFollowedLines(id: string, filter: string | undefined, enabled: boolean) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<{ connected: boolean; problem: string | null }>({ connected: false, problem: null });
  useEffect(() => {
    if (!enabled) return;
    setLines([]);
    setState({ connected: false, problem: null });
    const source = new EventSource(`/api/deployments/${id}/logs/stream?${query({ filter })}`);
    source.onopen = () => setState({ connected: true, problem: null });
    source.addEventListener("line", (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as LogLine;
      setLines((shown) => [...shown.slice(-(KEPT - 1)), line]);
    });
    source.addEventListener("problem", (event) => {
      setState({ connected: false, problem: (JSON.parse((event as MessageEvent<string>).data) as { message: string }).message });
      source.close();
    });
    source.onerror = () => setState((now) => (now.problem ? now : { connected: false, problem: null }));
    return () => source.close();
  }, [id, filter, enabled]);
  return { lines, ...state };
}

/** The container's output through the cloud's own log service: followed live, or a past range; a search; a download. */
export function DeploymentLogs({ id }: { id: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("live");
  const [typed, setTyped] = useState("");
  const [filter, setFilter] = useState<string | undefined>(undefined);
  // A past range is fixed when chosen, so the download gets exactly the lines shown.
  const since = useMemo(() => (range === "live" ? undefined : new Date(Date.now() - RANGE_MS[range]).toISOString()), [range]);
  const followed = useFollowedLines(id, filter, range === "live");
  const past = useQuery(trpc.deployments.logs.queryOptions({ id, since, filter, limit: 1000 }, { enabled: range !== "live" }));
  const lines = range === "live" ? followed.lines : (past.data?.lines ?? []);
  const problem = range === "live" ? followed.problem : (past.data?.problem ?? past.error?.message ?? null);

  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (range === "live") bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length, range]);

  const download = `/api/deployments/${id}/logs?${query({ since, filter })}`;
  return (
    <Card>
      <CardHeader
        title="Logs"
        description={range === "live" ? (followed.connected ? "Following live" : followed.problem ? "Stopped" : "Connecting…") : `${RANGES[range]}, newest 1,000 lines`}
        actions={
          <Button asChild variant="secondary">
            <a href={download} download>
              Download
            </a>
          </Button>
        }
      />
      <CardBody className="space-y-3">
        <form
          className="flex flex-wrap items-end gap-3"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter(typed.trim() || undefined);
          }}
        >
          <div className="space-y-1.5">
            <Label htmlFor="log-search">Search</Label>
            <Input id="log-search" value={typed} maxLength={200} placeholder="Text in the line" onChange={(event) => setTyped(event.target.value)} />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
          <div className="space-y-1.5">
            <Label htmlFor="log-range">Time range</Label>
            <Select id="log-range" value={range} onChange={(event) => setRange(event.target.value as Range)}>
              {Object.entries(RANGES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </div>
        </form>
        {problem ? (
          <p role="alert" className="text-sm text-red-700">
            {problem}
          </p>
        ) : null}
        {/* Focusable so the lines can be scrolled with the keyboard. */}
        <div className="max-h-[28rem] overflow-y-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400" aria-label="Log lines" role="log" aria-live="off" tabIndex={0}>
          {lines.length === 0 ? <p className="text-slate-400">{range !== "live" && past.isPending ? "Reading…" : "No lines yet."}</p> : null}
          {lines.map((line, index) => (
            <div key={`${line.time}-${index}`} className="whitespace-pre-wrap break-all">
              <span className="text-slate-400">{line.time.replace("T", " ").slice(0, 23)}</span> {line.instance ? <span className="text-sky-300">{line.instance.slice(0, 12)}</span> : null} {line.message}
            </div>
          ))}
          <div ref={bottom} />
        </div>
      </CardBody>
    </Card>
  );
}
