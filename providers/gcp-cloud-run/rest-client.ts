// Google's REST APIs a Cloud Run target needs beside the gRPC ones — IAM (service accounts) and Compute (the load
// balancer's SSL policy) — through google-auth-library's authorized requests: an OAuth2Client holding the target's
// token, as the Run client gets. No other client library: both APIs are a handful of JSON calls here.
//
// Where: iam.googleapis.com and compute.googleapis.com, or, when the target names an endpoint (the emulator), that
// endpoint's origin for both; the paths are the APIs' own (`/v1/projects/…/serviceAccounts`, `/compute/v1/…`).
// Retries: the attempts of connection.maxAttempts on a lost answer, 429 rate limits and 5xx, with backoff; a quota
// (429 quotaExceeded) or any other answer is final.
import { Agent as HttpsAgent } from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import type { OAuth2Client } from "google-auth-library";
import type { TargetConnection } from "../types";
import { clientOptions, DEFAULT_ATTEMPTS } from "./client";

export type GoogleApi = "iam" | "compute";
const HOSTS: Record<GoogleApi, string> = { iam: "https://iam.googleapis.com", compute: "https://compute.googleapis.com" };
const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

/** A Google API's error answer (`{"error": {"code", "message", "status", "errors": [{"reason"}]}}`), or no answer (`httpStatus` 0). */
export class RestCallError extends Error {
  constructor(
    readonly httpStatus: number,
    /** The google.rpc.Code name, e.g. NOT_FOUND. */
    readonly status: string | undefined,
    /** The legacy reason, e.g. notFound, alreadyExists, quotaExceeded, resourceInUseByAnotherResource. */
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "RestCallError";
  }
}

export interface GoogleRest {
  /** Sends one request, retrying what may be retried; answers the parsed JSON, or throws a RestCallError. */
  request<T>(api: GoogleApi, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: object): Promise<T>;
}

interface ErrorAnswer {
  error?: { code?: number; message?: string; status?: string; errors?: { reason?: string }[] };
}

function asCallError(error: unknown): RestCallError {
  const failed = error as { response?: { status?: number; data?: unknown }; message?: string; code?: unknown };
  if (!failed.response) return new RestCallError(0, undefined, undefined, `no answer (${String(failed.code ?? failed.message ?? error)})`);
  const body = (typeof failed.response.data === "object" ? failed.response.data : {}) as ErrorAnswer;
  const status = failed.response.status ?? 0;
  return new RestCallError(status, body.error?.status, body.error?.errors?.[0]?.reason, body.error?.message ?? `HTTP ${status}`);
}

const retryable = (e: RestCallError) => e.httpStatus === 0 || RETRIED_STATUSES.has(e.httpStatus) || (e.httpStatus === 429 && e.reason !== "quotaExceeded");

export function googleRest(connection: TargetConnection, timeoutMs: number): GoogleRest {
  // The same OAuth2Client, holding the target's token, that the gRPC clients are given.
  const auth = clientOptions(connection).authClient as OAuth2Client;
  const origin = connection.endpoint ? new URL(connection.endpoint).origin : undefined;
  const attempts = Math.max(1, connection.maxAttempts ?? DEFAULT_ATTEMPTS);
  // A private endpoint (the sandbox's token-checking front door) with its own CA: trust exactly that certificate.
  const agent = origin?.startsWith("https:") && connection.caCertificate ? new HttpsAgent({ ca: connection.caCertificate }) : undefined;
  return {
    async request<T>(api: GoogleApi, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: object): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          // gaxios' own retries stay off: these are counted here, against maxAttempts.
          const answer = await auth.request<T>({ url: `${origin ?? HOSTS[api]}${path}`, method, data: body, timeout: timeoutMs, retry: false, responseType: "json", ...(agent ? { agent } : {}) });
          return answer.data ?? ({} as T);
        } catch (error) {
          const failed = asCallError(error);
          if (attempt >= attempts || !retryable(failed)) throw failed;
          await delay(Math.min(200 * 2 ** (attempt - 1), 5_000));
        }
      }
    },
  };
}
