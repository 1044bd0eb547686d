// Listener and rule actions as Elastic Load Balancing checks them (API_Action.html): forward to target groups that
// exist in the load balancer's VPC and speak HTTP(S), redirect with a status code, or a fixed response. Shared by
// listeners (default actions) and listener rules. Also the tags every ELB resource takes.
import type { Ec2Store } from "./emulator-ec2-state";
import { TAGS_PER_RESOURCE } from "./emulator-elb-rules";
import { ElbStore, type ElbTag, type LoadBalancer } from "./emulator-elb-state";
import { QueryApiError, type QueryInput, structure, structures, text } from "./emulator-query";

export interface ElbContext {
  elb: ElbStore;
  ec2: Ec2Store;
  region: string;
}

const invalid = (message: string) => new QueryApiError("ValidationError", message);

export function readActions(context: ElbContext, input: QueryInput, key: string, balancer: LoadBalancer): QueryInput[] {
  const actions = structures(input, key);
  if (!actions.length) throw invalid(`At least one action must be specified in ${key}`);
  for (const action of actions) {
    const type = text(action, "Type");
    switch (type) {
      case "forward": {
        const groups = ElbStore.forwardsTo(action);
        if (!groups.length) throw invalid("A forward action must specify a target group (TargetGroupArn or ForwardConfig.TargetGroups)");
        for (const arn of groups) {
          const group = context.elb.targetGroup(context.region, arn);
          if (group.vpcId !== balancer.vpcId) throw new QueryApiError("InvalidConfigurationRequest", `Target group '${arn}' is in VPC '${group.vpcId}', not in the load balancer's VPC '${balancer.vpcId}'`);
          if (group.protocol !== "HTTP" && group.protocol !== "HTTPS") throw new QueryApiError("IncompatibleProtocols", `Target group '${arn}' uses protocol ${group.protocol}, which an Application Load Balancer cannot forward to`);
        }
        break;
      }
      case "redirect": {
        const redirect = structure(action, "RedirectConfig");
        const status = redirect && text(redirect, "StatusCode");
        if (status !== "HTTP_301" && status !== "HTTP_302") throw invalid("A redirect action needs RedirectConfig.StatusCode HTTP_301 or HTTP_302");
        const protocol = text(redirect!, "Protocol");
        if (protocol !== undefined && !["HTTP", "HTTPS", "#{protocol}"].includes(protocol)) throw invalid(`Redirect protocol '${protocol}' is not valid: use HTTP, HTTPS or #{protocol}`);
        break;
      }
      case "fixed-response": {
        const status = text(structure(action, "FixedResponseConfig") ?? {}, "StatusCode") ?? "";
        if (!/^[245]\d\d$/.test(status)) throw invalid("A fixed-response action needs FixedResponseConfig.StatusCode 2XX, 4XX or 5XX");
        break;
      }
      default:
        throw invalid(`Action type '${type}' must be one of forward, redirect, fixed-response (authenticate actions are not emulated)`);
    }
  }
  return actions;
}

export function readTags(input: QueryInput, key = "Tags"): ElbTag[] {
  const tags = structures(input, key).map((tag) => ({ Key: text(tag, "Key") ?? "", Value: text(tag, "Value") ?? "" }));
  for (const { Key, Value } of tags) {
    if (Key.length < 1 || Key.length > 128 || Value.length > 256) throw invalid("Tag keys must be 1-128 and values at most 256 characters long");
    if (/^aws:/i.test(Key)) throw invalid("Tag keys starting with 'aws:' are reserved");
  }
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw new QueryApiError("DuplicateTagKeys", "A tag key was specified more than once");
  if (tags.length > TAGS_PER_RESOURCE) throw new QueryApiError("TooManyTags", `A resource can have at most ${TAGS_PER_RESOURCE} tags`);
  return tags;
}
