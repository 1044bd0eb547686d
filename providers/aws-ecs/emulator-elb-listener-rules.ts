// Listener rules of the emulator's ELBv2, as the API reference documents CreateRule, DescribeRules, ModifyRule and
// DeleteRule: a priority 1–50000 unique per listener (PriorityInUse), conditions on host, path, header, method,
// query or source address with at most five values in all, actions as for listeners, at most 100 rules per load
// balancer; every listener also has its default rule, which DescribeRules lists and which cannot be deleted.
import { type ElbContext, readActions, readTags } from "./emulator-elb-actions";
import { CONDITION_VALUES_PER_RULE, HOST_VALUE, PATH_VALUE_MAX, PRIORITY, RULES_PER_LOAD_BALANCER } from "./emulator-elb-rules";
import { elbId, type Listener, type ListenerRule } from "./emulator-elb-state";
import { integer, pageOf, QueryApiError, type QueryInput, structure, structures, text, texts } from "./emulator-query";

const invalid = (message: string) => new QueryApiError("ValidationError", message);
const FIELDS = ["host-header", "path-pattern", "http-header", "http-request-method", "query-string", "source-ip"];
const CONFIG_OF: Record<string, string> = {
  "host-header": "HostHeaderConfig",
  "path-pattern": "PathPatternConfig",
  "http-header": "HttpHeaderConfig",
  "http-request-method": "HttpRequestMethodConfig",
  "query-string": "QueryStringConfig",
  "source-ip": "SourceIpConfig",
};

/** Conditions with their values in the field's own config, as Describe answers them. */
function readConditions(input: QueryInput): QueryInput[] {
  const conditions = structures(input, "Conditions");
  if (!conditions.length) throw invalid("A rule must have at least one condition");
  let count = 0;
  const seen = new Set<string>();
  const result = conditions.map((condition): QueryInput => {
    const field = text(condition, "Field") ?? "";
    if (!FIELDS.includes(field)) throw invalid(`Condition field '${field}' must be one of ${FIELDS.join(", ")}`);
    if ((field === "host-header" || field === "path-pattern" || field === "http-request-method" || field === "source-ip") && seen.has(field)) throw invalid(`A rule can have only one ${field} condition`);
    seen.add(field);
    const config = structure(condition, CONFIG_OF[field]);
    const values = [...texts(condition, "Values"), ...(config && field !== "query-string" ? texts(config, "Values") : [])];
    const pairs = config && field === "query-string" ? structures(config, "Values") : [];
    count += values.length + pairs.length;
    if (!values.length && !pairs.length) throw invalid(`The ${field} condition needs at least one value`);
    if (field === "host-header") for (const value of values) if (!HOST_VALUE.test(value)) throw invalid(`Host header value '${value}' may be up to 128 characters of A-Z, a-z, 0-9, - . * ?`);
    if (field === "path-pattern") for (const value of values) if (value.length > PATH_VALUE_MAX) throw invalid(`Path pattern '${value}' exceeds ${PATH_VALUE_MAX} characters`);
    if (field === "query-string") return { Field: field, QueryStringConfig: { Values: pairs } };
    if (field === "http-header") return { Field: field, HttpHeaderConfig: { HttpHeaderName: text(config ?? {}, "HttpHeaderName") ?? "", Values: values } };
    return { Field: field, ...(field === "host-header" || field === "path-pattern" ? { Values: values } : {}), [CONFIG_OF[field]]: { Values: values } };
  });
  if (count > CONDITION_VALUES_PER_RULE) throw invalid(`A rule can have at most ${CONDITION_VALUES_PER_RULE} condition values in all, not ${count}`);
  return result;
}

const ruleView = (rule: ListenerRule) => ({ RuleArn: rule.arn, Priority: String(rule.priority), Conditions: rule.conditions, Actions: rule.actions, IsDefault: false });

/** The listener's default rule: its default actions, no conditions, priority "default". */
const defaultRuleView = (listener: Listener) => ({ RuleArn: defaultRuleArn(listener), Priority: "default", Conditions: [], Actions: listener.defaultActions, IsDefault: true });
const defaultRuleArn = (listener: Listener) => `${listener.arn.replace(":listener/", ":listener-rule/")}/default`;

export function createRule(context: ElbContext, input: QueryInput) {
  const { elb, region } = context;
  const listener = elb.listener(region, text(input, "ListenerArn") ?? "");
  const balancer = elb.loadBalancer(region, listener.loadBalancerArn);
  const priority = integer(input, "Priority", "ValidationError");
  if (priority === undefined || priority < PRIORITY.min || priority > PRIORITY.max) throw invalid(`Priority must be between ${PRIORITY.min} and ${PRIORITY.max}`);
  const conditions = readConditions(input);
  const actions = readActions(context, input, "Actions", balancer);
  const tags = readTags(input);
  const state = elb.region(region);
  const rules = Object.values(state.rules);
  if (rules.some((r) => r.listenerArn === listener.arn && r.priority === priority)) throw new QueryApiError("PriorityInUse", `Priority '${priority}' is currently in use`);
  const listenersOfBalancer = new Set(Object.values(state.listeners).filter((l) => l.loadBalancerArn === balancer.arn).map((l) => l.arn));
  if (rules.filter((r) => listenersOfBalancer.has(r.listenerArn)).length >= RULES_PER_LOAD_BALANCER) throw new QueryApiError("TooManyRules", "You've reached the limit on the number of rules per load balancer");
  const rule: ListenerRule = { arn: `${listener.arn.replace(":listener/", ":listener-rule/")}/${elbId()}`, listenerArn: listener.arn, priority, conditions, actions, tags };
  state.rules[rule.arn] = rule;
  return { Rules: [ruleView(rule)] };
}

export function describeRules({ elb, region }: ElbContext, input: QueryInput) {
  const arns = texts(input, "RuleArns");
  const listenerArn = text(input, "ListenerArn");
  if (!arns.length && !listenerArn) throw invalid("You must specify either rule ARNs or a listener ARN");
  const state = elb.region(region);
  let views;
  if (arns.length) {
    views = arns.map((arn) => {
      const rule = state.rules[arn];
      if (rule) return ruleView(rule);
      const listener = Object.values(state.listeners).find((l) => defaultRuleArn(l) === arn);
      if (listener) return defaultRuleView(listener);
      throw new QueryApiError("RuleNotFound", "One or more rules not found");
    });
  } else {
    const listener = elb.listener(region, listenerArn!);
    const rules = Object.values(state.rules).filter((r) => r.listenerArn === listener.arn).sort((a, b) => a.priority - b.priority);
    views = [...rules.map(ruleView), defaultRuleView(listener)];
  }
  const { items, next } = pageOf(views, text(input, "Marker"), integer(input, "PageSize", "ValidationError") ?? 400);
  return { Rules: items, NextMarker: next };
}

function existingRule({ elb, region }: ElbContext, arn: string): ListenerRule {
  const rule = elb.region(region).rules[arn];
  if (rule) return rule;
  if (Object.values(elb.region(region).listeners).some((l) => defaultRuleArn(l) === arn)) throw new QueryApiError("OperationNotPermitted", "The default rule cannot be changed or deleted this way; modify the listener's default actions");
  throw new QueryApiError("RuleNotFound", "One or more rules not found");
}

export function modifyRule(context: ElbContext, input: QueryInput) {
  const rule = existingRule(context, text(input, "RuleArn") ?? "");
  const listener = context.elb.listener(context.region, rule.listenerArn);
  const balancer = context.elb.loadBalancer(context.region, listener.loadBalancerArn);
  const conditions = structures(input, "Conditions").length ? readConditions(input) : rule.conditions;
  const actions = structures(input, "Actions").length ? readActions(context, input, "Actions", balancer) : rule.actions;
  Object.assign(rule, { conditions, actions });
  return { Rules: [ruleView(rule)] };
}

export function deleteRule(context: ElbContext, input: QueryInput) {
  const rule = existingRule(context, text(input, "RuleArn") ?? "");
  delete context.elb.region(context.region).rules[rule.arn];
  return {};
}
