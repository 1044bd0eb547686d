// The rules the emulator's Elastic Load Balancing v2 enforces, written from the ELB documentation (Application Load
// Balancers guide and API reference). The emulator's own table: nothing here comes from Bulkhead's planner.

/**
 * Predefined security policies and the TLS protocols each accepts ("Security policies for your Application Load
 * Balancer", https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 * The default for listeners created through the API is ELBSecurityPolicy-2016-08.
 */
export const SSL_POLICIES: Record<string, string[]> = {
  "ELBSecurityPolicy-TLS13-1-3-2021-06": ["TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": ["TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": ["TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-2021-06": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04": ["TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-1-2021-06": ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS13-1-0-2021-06": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
  "ELBSecurityPolicy-TLS-1-2-2017-01": ["TLSv1.2"],
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": ["TLSv1.2"],
  "ELBSecurityPolicy-FS-1-2-2019-08": ["TLSv1.2"],
  "ELBSecurityPolicy-FS-1-2-Res-2019-08": ["TLSv1.2"],
  "ELBSecurityPolicy-FS-1-2-Res-2020-10": ["TLSv1.2"],
  "ELBSecurityPolicy-TLS-1-1-2017-01": ["TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-FS-1-1-2019-08": ["TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-FS-2018-06": ["TLSv1", "TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-TLS-1-0-2015-04": ["TLSv1", "TLSv1.1", "TLSv1.2"],
  "ELBSecurityPolicy-2016-08": ["TLSv1", "TLSv1.1", "TLSv1.2"],
};
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";

/**
 * Load balancer and target group names: "a maximum of 32 characters, must contain only alphanumeric characters or
 * hyphens, must not begin or end with a hyphen"; a load balancer's "must not begin with internal-"
 * (API_CreateLoadBalancer.html, API_CreateTargetGroup.html).
 */
export const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

/**
 * Target group health checks (API_CreateTargetGroup.html, API_ModifyTargetGroup.html): interval 5–300 s, timeout
 * 2–120 s and shorter than the interval, healthy and unhealthy thresholds 2–10, a path of 1–1024 characters; for
 * HTTP targets of type ip the defaults are 30 s, 5 s, 5, 2, "/" and the traffic port.
 */
export const HEALTH_CHECK = {
  interval: { min: 5, max: 300, default: 30 },
  timeout: { min: 2, max: 120, default: 5 },
  healthy: { min: 2, max: 10, default: 5 },
  unhealthy: { min: 2, max: 10, default: 2 },
  pathMax: 1024,
};
/** Matcher.HttpCode for HTTP/HTTPS target groups: codes 200–499, as "200", "200,202" or "200-299" (API_Matcher.html). */
export const HTTP_CODES = { min: 200, max: 499 };

/** Listener rule priorities: 1–50000 (API_CreateRule.html). */
export const PRIORITY = { min: 1, max: 50000 };
/**
 * Quotas for Application Load Balancers: 100 rules per load balancer (default rules excluded), 50 listeners per load
 * balancer, 5 condition values per rule, 3000 target groups per Region, 50 tags per resource
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
 */
export const RULES_PER_LOAD_BALANCER = 100;
export const LISTENERS_PER_LOAD_BALANCER = 50;
export const CONDITION_VALUES_PER_RULE = 5;
export const TARGET_GROUPS_PER_REGION = 3000;
export const TAGS_PER_RESOURCE = 50;
/** A host-header condition value: up to 128 characters of A–Z, a–z, 0–9, - . and the wildcards * ? (Host conditions). */
export const HOST_VALUE = /^[A-Za-z0-9.*?-]{1,128}$/;
/** A path-pattern condition value: up to 128 characters (Path conditions). */
export const PATH_VALUE_MAX = 128;

/** An ACM or IAM server certificate ARN, the only certificates a listener accepts (API_Certificate.html). */
export const CERTIFICATE_ARN = /^arn:aws[a-z-]*:(?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+|iam::\d{12}:server-certificate\/.+)$/;
