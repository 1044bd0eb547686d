// Application Load Balancers, their listeners and the predefined SSL policies, as the ELBv2 API reference documents
// CreateLoadBalancer, CreateListener, ModifyListener, Describe* and Delete*: a load balancer spans subnets in at
// least two Availability Zones of one VPC; an HTTPS listener needs a certificate and takes a predefined security
// policy (ELBSecurityPolicy-2016-08 unless told); one listener per port; deleting a load balancer deletes its
// listeners and their rules, and succeeds for one already gone.
import { type ElbContext, readActions, readTags } from "./emulator-elb-actions";
import { CERTIFICATE_ARN, DEFAULT_SSL_POLICY, ELB_NAME, LISTENERS_PER_LOAD_BALANCER, SSL_POLICIES } from "./emulator-elb-rules";
import { elbArn, elbId, type Listener, type LoadBalancer } from "./emulator-elb-state";
import { integer, pageOf, QueryApiError, type QueryInput, structures, text, texts } from "./emulator-query";

const invalid = (message: string) => new QueryApiError("ValidationError", message);

function balancerView(balancer: LoadBalancer) {
  return {
    LoadBalancerArn: balancer.arn,
    DNSName: balancer.dnsName,
    CanonicalHostedZoneId: "Z32O12XQLNTSW2",
    CreatedTime: new Date(balancer.createdAt),
    LoadBalancerName: balancer.name,
    Scheme: balancer.scheme,
    VpcId: balancer.vpcId,
    State: { Code: "active" },
    Type: "application",
    AvailabilityZones: balancer.subnets.map((s) => ({ ZoneName: s.zone, SubnetId: s.id })),
    SecurityGroups: balancer.securityGroups,
    IpAddressType: "ipv4",
  };
}

export function createLoadBalancer(context: ElbContext, input: QueryInput) {
  const { elb, ec2, region } = context;
  const name = text(input, "Name") ?? "";
  if (!ELB_NAME.test(name) || name.startsWith("internal-")) throw invalid(`The load balancer name '${name}' is invalid: up to 32 letters, digits and hyphens, not starting or ending with a hyphen, not starting with internal-`);
  const type = text(input, "Type") ?? "application";
  if (type !== "application") throw invalid(`Load balancer type '${type}' is not emulated; only application load balancers are`);
  const scheme = text(input, "Scheme") ?? "internet-facing";
  if (scheme !== "internet-facing" && scheme !== "internal") throw invalid(`Scheme '${scheme}' must be internet-facing or internal`);
  const subnets = texts(input, "Subnets").map((id) => {
    const subnet = ec2.region(region).subnets[id];
    if (!subnet) throw new QueryApiError("SubnetNotFound", `The subnet ID '${id}' was not found`);
    return subnet;
  });
  if (new Set(subnets.map((s) => s.zone)).size < 2) throw invalid("At least two subnets in two different Availability Zones must be specified");
  const vpcId = subnets[0].vpcId;
  if (subnets.some((s) => s.vpcId !== vpcId)) throw new QueryApiError("InvalidConfigurationRequest", "The subnets of a load balancer must all be in one VPC");
  const securityGroups = texts(input, "SecurityGroups");
  for (const id of securityGroups) {
    const group = ec2.region(region).groups[id];
    if (!group || group.vpcId !== vpcId) throw new QueryApiError("InvalidSecurityGroup", `Security group '${id}' does not exist in VPC '${vpcId}'`);
  }
  const tags = readTags(input);
  const state = elb.region(region);
  const existing = Object.values(state.loadBalancers).find((b) => b.name === name);
  if (existing) {
    // "If you attempt to create multiple load balancers with the same settings, each call succeeds."
    const same = existing.scheme === scheme && existing.subnets.map((s) => s.id).sort().join() === subnets.map((s) => s.id).sort().join() && existing.securityGroups.slice().sort().join() === securityGroups.slice().sort().join();
    if (!same) throw new QueryApiError("DuplicateLoadBalancerName", `A load balancer with the same name '${name}' exists, but with different settings`);
    return { LoadBalancers: [balancerView(existing)] };
  }
  const id = elbId();
  const balancer: LoadBalancer = {
    arn: elbArn(region, `loadbalancer/app/${name}/${id}`),
    name,
    dnsName: `${scheme === "internal" ? "internal-" : ""}${name}-${parseInt(id.slice(0, 8), 16)}.${region}.elb.amazonaws.com`,
    scheme,
    vpcId,
    subnets: subnets.map((s) => ({ id: s.id, zone: s.zone })),
    securityGroups,
    createdAt: Date.now(),
    tags,
  };
  state.loadBalancers[balancer.arn] = balancer;
  return { LoadBalancers: [balancerView(balancer)] };
}

export function describeLoadBalancers({ elb, region }: ElbContext, input: QueryInput) {
  const arns = texts(input, "LoadBalancerArns");
  const names = texts(input, "Names");
  const all = Object.values(elb.region(region).loadBalancers);
  let found = all;
  if (arns.length) found = arns.map((arn) => elb.loadBalancer(region, arn));
  if (names.length) {
    found = names.map((name) => {
      const balancer = all.find((b) => b.name === name);
      if (!balancer) throw new QueryApiError("LoadBalancerNotFound", `One or more load balancers not found`);
      return balancer;
    });
  }
  const { items, next } = pageOf(found, text(input, "Marker"), integer(input, "PageSize", "ValidationError") ?? 400);
  return { LoadBalancers: items.map(balancerView), NextMarker: next };
}

export function deleteLoadBalancer({ elb, region }: ElbContext, input: QueryInput) {
  const arn = text(input, "LoadBalancerArn") ?? "";
  const state = elb.region(region);
  for (const listener of Object.values(state.listeners).filter((l) => l.loadBalancerArn === arn)) removeListener(state, listener.arn);
  delete state.loadBalancers[arn];
  return {};
}

export function listenerView(listener: Listener) {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    ...(listener.protocol === "HTTPS" ? { SslPolicy: listener.sslPolicy, Certificates: listener.certificates.map((arn) => ({ CertificateArn: arn })) } : {}),
    DefaultActions: listener.defaultActions,
  };
}

/** Protocol, port, certificate and security policy of a new or modified HTTP(S) listener. */
function listenerSettings(input: QueryInput, current?: Listener) {
  const protocol = text(input, "Protocol") ?? current?.protocol;
  if (protocol !== "HTTP" && protocol !== "HTTPS") throw invalid(`Listener protocol '${protocol}' must be HTTP or HTTPS for an Application Load Balancer`);
  const port = integer(input, "Port", "ValidationError") ?? current?.port;
  if (port === undefined || port < 1 || port > 65535) throw invalid("The listener port must be between 1 and 65535");
  const given = structures(input, "Certificates").map((c) => text(c, "CertificateArn") ?? "");
  const certificates = given.length ? given : (current?.certificates ?? []);
  for (const arn of certificates) if (!CERTIFICATE_ARN.test(arn)) throw new QueryApiError("CertificateNotFound", `Certificate '${arn}' not found`);
  const sslPolicy = protocol === "HTTPS" ? (text(input, "SslPolicy") ?? current?.sslPolicy ?? DEFAULT_SSL_POLICY) : undefined;
  if (protocol === "HTTPS") {
    if (!certificates.length) throw invalid("A certificate must be specified for HTTPS listeners");
    if (!SSL_POLICIES[sslPolicy!]) throw new QueryApiError("SSLPolicyNotFound", `SSL policy '${sslPolicy}' not found`);
  }
  return { protocol, port, certificates, sslPolicy };
}

export function createListener(context: ElbContext, input: QueryInput) {
  const { elb, region } = context;
  const balancer = elb.loadBalancer(region, text(input, "LoadBalancerArn") ?? "");
  const settings = listenerSettings(input);
  const defaultActions = readActions(context, input, "DefaultActions", balancer);
  const state = elb.region(region);
  const siblings = Object.values(state.listeners).filter((l) => l.loadBalancerArn === balancer.arn);
  if (siblings.some((l) => l.port === settings.port)) throw new QueryApiError("DuplicateListener", "A listener already exists on this port for this load balancer");
  if (siblings.length >= LISTENERS_PER_LOAD_BALANCER) throw new QueryApiError("TooManyListeners", `A load balancer can have at most ${LISTENERS_PER_LOAD_BALANCER} listeners`);
  const listener: Listener = { arn: elbArn(region, `listener/app/${balancer.name}/${balancer.arn.split("/").at(-1)}/${elbId()}`), loadBalancerArn: balancer.arn, ...settings, defaultActions, tags: readTags(input) };
  state.listeners[listener.arn] = listener;
  return { Listeners: [listenerView(listener)] };
}

export function describeListeners({ elb, region }: ElbContext, input: QueryInput) {
  const arns = texts(input, "ListenerArns");
  const balancerArn = text(input, "LoadBalancerArn");
  if (!arns.length && !balancerArn) throw invalid("You must specify either listener ARNs or a load balancer ARN");
  const listeners = arns.length ? arns.map((arn) => elb.listener(region, arn)) : Object.values(elb.region(region).listeners).filter((l) => l.loadBalancerArn === elb.loadBalancer(region, balancerArn!).arn);
  const { items, next } = pageOf(listeners, text(input, "Marker"), integer(input, "PageSize", "ValidationError") ?? 400);
  return { Listeners: items.map(listenerView), NextMarker: next };
}

export function modifyListener(context: ElbContext, input: QueryInput) {
  const { elb, region } = context;
  const listener = elb.listener(region, text(input, "ListenerArn") ?? "");
  const balancer = elb.loadBalancer(region, listener.loadBalancerArn);
  const settings = listenerSettings(input, listener);
  if (Object.values(elb.region(region).listeners).some((l) => l.loadBalancerArn === balancer.arn && l.arn !== listener.arn && l.port === settings.port)) {
    throw new QueryApiError("DuplicateListener", "A listener already exists on this port for this load balancer");
  }
  const defaultActions = structures(input, "DefaultActions").length ? readActions(context, input, "DefaultActions", balancer) : listener.defaultActions;
  Object.assign(listener, settings, { defaultActions });
  return { Listeners: [listenerView(listener)] };
}

function removeListener(state: ReturnType<ElbContext["elb"]["region"]>, arn: string) {
  for (const rule of Object.values(state.rules).filter((r) => r.listenerArn === arn)) delete state.rules[rule.arn];
  delete state.listeners[arn];
}

export function deleteListener({ elb, region }: ElbContext, input: QueryInput) {
  const listener = elb.listener(region, text(input, "ListenerArn") ?? "");
  removeListener(elb.region(region), listener.arn);
  return {};
}

export function describeSslPolicies(_: ElbContext, input: QueryInput) {
  const names = texts(input, "Names");
  for (const name of names) if (!SSL_POLICIES[name]) throw new QueryApiError("SSLPolicyNotFound", `SSL policy '${name}' not found`);
  const chosen = names.length ? names : Object.keys(SSL_POLICIES);
  return { SslPolicies: chosen.map((name) => ({ Name: name, SslProtocols: SSL_POLICIES[name], Ciphers: [], SupportedLoadBalancerTypes: ["application", "network"] })) };
}
