// The Compute Engine load-balancing resources the emulator keeps, and what the Compute API reference
// (https://cloud.google.com/compute/docs/reference/rest/v1) says each one requires. The emulator's own table: it never
// reads the planner's. Global resources only: the external Application Load Balancer in front of a serverless NEG.
import { RestError } from "./emulator-rest";

export const COLLECTIONS = ["sslPolicies", "urlMaps", "targetHttpProxies", "targetHttpsProxies", "forwardingRules"] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** The path segment of each collection (global forwarding rules live at `global/forwardingRules`). */
export const KINDS: Record<Collection, { kind: string; singular: string }> = {
  sslPolicies: { kind: "compute#sslPolicy", singular: "ssl_policy" },
  urlMaps: { kind: "compute#urlMap", singular: "url_map" },
  targetHttpProxies: { kind: "compute#targetHttpProxy", singular: "target_http_proxy" },
  targetHttpsProxies: { kind: "compute#targetHttpsProxy", singular: "target_https_proxy" },
  forwardingRules: { kind: "compute#forwardingRule", singular: "forwarding_rule" },
};

/** Every resource name: "1-63 characters long and match the regular expression [a-z]([-a-z0-9]*[a-z0-9])?". */
const NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** SslPolicy.profile and minTlsVersion (sslPolicies resource). */
const PROFILES = ["COMPATIBLE", "MODERN", "RESTRICTED", "FIPS_202205", "CUSTOM"];
const TLS_VERSIONS = ["TLS_1_0", "TLS_1_1", "TLS_1_2", "TLS_1_3"];
const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

type Body = Record<string, unknown>;

export const invalidField = (field: string, value: unknown, why: string) => new RestError(400, "INVALID_ARGUMENT", `Invalid value for field 'resource.${field}': '${value ?? ""}'. ${why}`, "invalid");
const requiredField = (field: string) => new RestError(400, "INVALID_ARGUMENT", `Required field 'resource.${field}' not specified`, "required");

/** The fields of each collection that reference another resource, and which collections they may name. */
export const REFERENCES: Record<Collection, [field: string, targets: Collection[]][]> = {
  sslPolicies: [],
  urlMaps: [],
  targetHttpProxies: [["urlMap", ["urlMaps"]]],
  targetHttpsProxies: [
    ["urlMap", ["urlMaps"]],
    ["sslPolicy", ["sslPolicies"]],
  ],
  forwardingRules: [["target", ["targetHttpProxies", "targetHttpsProxies"]]],
};

/** Checks a body for insert (the rules of each resource's reference page); the values Compute fills in are returned. */
export function insertRules(collection: Collection, body: Body): Body {
  if (typeof body.name !== "string" || !body.name) throw requiredField("name");
  if (!NAME.test(body.name)) throw invalidField("name", body.name, "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
  switch (collection) {
    case "sslPolicies":
      return sslPolicyRules(body);
    case "urlMaps": {
      // "Only one of defaultService, defaultUrlRedirect, or defaultRouteAction.weightedBackendService must be set."
      const defaults = ["defaultService", "defaultUrlRedirect", "defaultRouteAction"].filter((field) => body[field] !== undefined);
      if (defaults.length !== 1) throw invalidField("defaultService", body.defaultService, "Exactly one of defaultService, defaultUrlRedirect or defaultRouteAction must be set.");
      return {};
    }
    case "targetHttpProxies":
      if (!body.urlMap) throw requiredField("urlMap");
      return {};
    case "targetHttpsProxies":
      if (!body.urlMap) throw requiredField("urlMap");
      // A target HTTPS proxy presents certificates: "sslCertificates" or a Certificate Manager "certificateMap".
      if (!(Array.isArray(body.sslCertificates) && body.sslCertificates.length) && !body.certificateMap) throw requiredField("sslCertificates");
      return { quicOverride: body.quicOverride ?? "NONE" };
    case "forwardingRules": {
      if (!body.target) throw requiredField("target");
      const range = PORT_RANGE.exec(String(body.portRange ?? ""));
      const [low, high] = range ? [Number(range[1]), Number(range[2] ?? range[1])] : [0, 0];
      if (!range || low < 1 || high > 65535 || low > high) throw invalidField("portRange", body.portRange, "A port or a range of ports from 1 to 65535 is required.");
      return { IPProtocol: body.IPProtocol ?? "TCP", portRange: `${low}-${high}`, loadBalancingScheme: body.loadBalancingScheme ?? "EXTERNAL" };
    }
  }
}

/**
 * SslPolicy: profile COMPATIBLE by default; "If using CUSTOM, the set of SSL features to enable must be specified in
 * the customFeatures field. If using FIPS_202205, the minTlsVersion field must be set to TLS_1_2"; minTlsVersion
 * TLS_1_0 by default.
 */
export function sslPolicyRules(body: Body): Body {
  const profile = body.profile ?? "COMPATIBLE";
  const minTlsVersion = body.minTlsVersion ?? "TLS_1_0";
  if (!PROFILES.includes(String(profile))) throw invalidField("profile", profile, `Must be one of ${PROFILES.join(", ")}.`);
  if (!TLS_VERSIONS.includes(String(minTlsVersion))) throw invalidField("minTlsVersion", minTlsVersion, `Must be one of ${TLS_VERSIONS.join(", ")}.`);
  const custom = Array.isArray(body.customFeatures) ? body.customFeatures : [];
  if (profile === "CUSTOM" && !custom.length) throw invalidField("customFeatures", "", "A CUSTOM profile must name its features.");
  if (profile !== "CUSTOM" && custom.length) throw invalidField("customFeatures", custom.join(","), "Custom features are allowed only with the CUSTOM profile.");
  if (profile === "FIPS_202205" && minTlsVersion !== "TLS_1_2") throw invalidField("minTlsVersion", minTlsVersion, "The FIPS_202205 profile requires TLS_1_2.");
  return { profile, minTlsVersion };
}
