// The AWS Query protocol as the EC2 and Elastic Load Balancing v2 SDKs speak it: a form-encoded POST
// (`Action=…&Version=…&Member.1.Field=…`) answered with XML. Two dialects differ only in lists and envelopes
// (seen on the wire from @aws-sdk/client-ec2 and @aws-sdk/client-elastic-load-balancing-v2, see
// shared/notes/CLOUD-APIS.md):
// - EC2 ("ec2" protocol): lists are `Name.N`, answers `<ActionResponse><requestId/>…` with `<item>` per list entry,
//   errors `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`
//   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html);
// - awsQuery (ELBv2): lists are `Name.member.N`, answers `<ActionResponse><ActionResult>…</ActionResult>
//   <ResponseMetadata><RequestId/></ResponseMetadata>` with `<member>` per list entry, errors
//   `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
import { randomUUID } from "node:crypto";

/** A refusal in the Query dialects: its `Code` (e.g. InvalidGroup.NotFound, PriorityInUse), message and HTTP status. */
export class QueryApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A parsed request: members as the SDK names them on the wire, lists as arrays, structures as objects. */
export type QueryInput = { [key: string]: QueryValue };
export type QueryValue = string | QueryInput | QueryValue[];

/**
 * `A.1.B=x&A.2.B=y&C.member.1=z` → `{ A: [{ B: "x" }, { B: "y" }], C: ["z"] }`. List positions are 1-based and
 * may skip numbers; a `member` segment (awsQuery) marks a list and is dropped.
 */
export function parseQuery(body: string): QueryInput {
  const root: QueryInput = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(".").filter((segment) => segment !== "member");
    let node: QueryInput | QueryValue[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const slot = /^\d+$/.test(segment) ? Number(segment) - 1 : segment;
      const container = node as Record<string | number, QueryValue>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (container[slot] === undefined) container[slot] = /^\d+$/.test(path[index + 1]) ? [] : {};
      node = container[slot] as QueryInput | QueryValue[];
    });
  }
  return compact(root) as QueryInput;
}

/** Lists filled at positions 1, 3 become dense. */
function compact(value: QueryValue): QueryValue {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compact);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

/** A member that must be a string, or absent. */
export function text(input: QueryInput, key: string): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new QueryApiError("InvalidParameterValue", `Value for parameter ${key} is invalid.`);
  return value;
}

export function integer(input: QueryInput, key: string, error = "InvalidParameterValue"): number | undefined {
  const value = text(input, key);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new QueryApiError(error, `Value (${value}) for parameter ${key} is invalid. It must be an integer.`);
  return Number(value);
}

export function flag(input: QueryInput, key: string): boolean | undefined {
  const value = text(input, key);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") throw new QueryApiError("InvalidParameterValue", `Value (${value}) for parameter ${key} is invalid. It must be true or false.`);
  return value === "true";
}

export function list(input: QueryInput, key: string): QueryValue[] {
  const value = input[key];
  if (value === undefined || value === "") return [];
  if (!Array.isArray(value)) throw new QueryApiError("InvalidParameterValue", `Value for parameter ${key} must be a list.`);
  return value;
}

export function texts(input: QueryInput, key: string): string[] {
  return list(input, key).map((item) => {
    if (typeof item !== "string") throw new QueryApiError("InvalidParameterValue", `Value for parameter ${key} must be a list of strings.`);
    return item;
  });
}

export function structures(input: QueryInput, key: string): QueryInput[] {
  return list(input, key).map((item) => {
    if (typeof item !== "object" || Array.isArray(item)) throw new QueryApiError("InvalidParameterValue", `Value for parameter ${key} must be a list of structures.`);
    return item;
  });
}

export function structure(input: QueryInput, key: string): QueryInput | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new QueryApiError("InvalidParameterValue", `Value for parameter ${key} must be a structure.`);
  return value;
}

/** What an operation answers: element names as the SDK's deserializer reads them, lists as arrays, Date as ISO 8601. */
export type XmlValue = unknown;

const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function xml(value: unknown, listItem: string): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<${listItem}>${xml(item, listItem)}</${listItem}>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined && child !== null)
      .map(([name, child]) => `<${name}>${xml(child, listItem)}</${name}>`)
      .join("");
  }
  return escape(String(value));
}

export interface QueryDialect {
  /** The API version the SDK sends in `Version`; it tells the APIs on this port apart. */
  version: string;
  xmlns: string;
  contentType: string;
  answer(action: string, output: object): string;
  error(error: QueryApiError): string;
}

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

export const ec2Dialect: QueryDialect = {
  version: "2016-11-15",
  xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/",
  contentType: "text/xml;charset=UTF-8",
  answer(action, output) {
    return `${declaration}<${action}Response xmlns="${this.xmlns}"><requestId>${randomUUID()}</requestId>${xml(output, "item")}</${action}Response>`;
  },
  error(error) {
    return `${declaration}<Response><Errors><Error><Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`;
  },
};

export const awsQueryDialect = (version: string, xmlns: string): QueryDialect => ({
  version,
  xmlns,
  contentType: "text/xml",
  answer(action, output) {
    return `${declaration}<${action}Response xmlns="${xmlns}"><${action}Result>${xml(output, "member")}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  },
  error(error) {
    const type = error.status >= 500 ? "Receiver" : "Sender";
    return `${declaration}<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  },
});

export const elbDialect = awsQueryDialect("2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/");

/** Opaque page tokens (an offset) for Describe operations that take MaxResults/NextToken or PageSize/Marker. */
export function pageOf<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(Buffer.from(token, "base64").toString());
  if (!Number.isInteger(start) || start < 0) throw new QueryApiError("InvalidParameterValue", "The pagination token is invalid.");
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: Buffer.from(String(end)).toString("base64") } : {}) };
}
