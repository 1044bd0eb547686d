import { z } from "zod";
import type { CloudEvent, LogLine } from "@/providers/types";

// What the API answers about a deployment's cloud side (cloud-state.ts). Each is checked against the provider contract's
// own types, so the two cannot drift apart.

const logLineView: z.ZodType<LogLine> = z.object({ time: z.string(), message: z.string(), instance: z.string().optional() });
const cloudEventView: z.ZodType<CloudEvent> = z.object({ time: z.string(), severity: z.enum(["normal", "warning"]), message: z.string(), source: z.string() });

/** The cloud could not answer: why, in words. */
const problem = z.string().nullable();

export const deploymentLogsView = z.object({ lines: z.array(logLineView), problem });
export const exportLogsView = z.object({ fileName: z.string(), text: z.string(), lines: z.number().int() });
export const cloudEventsView = z.object({ events: z.array(cloudEventView), problem });
export const liveStateView = z.object({
  phase: z.enum(["pending", "running", "failed", "absent"]).nullable(),
  message: z.string().nullable(),
  url: z.string().nullable(),
  runningInstances: z.number().int().nullable(),
  problem,
});
