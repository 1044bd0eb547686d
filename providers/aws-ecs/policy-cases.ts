// This provider's cases for the cross-provider policy tests (../policy.test.ts, ../enforcement-evidence.test.ts), which
// find every provider's file by name: a new provider brings its own, in its folder.
import fc from "fast-check";
import type { PolicyCases } from "../testing/policy-cases";
import type { TargetCoordinates } from "../types";
import { plan, validate } from "./plan";

const bare = {
  kind: "aws-ecs",
  region: "eu-west-1",
  cluster: "prod",
  subnets: ["subnet-0a1b2c3d"],
  securityGroups: ["sg-0a1b2c3d"],
  executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
} satisfies TargetCoordinates;

export const policyCases: PolicyCases = {
  kind: "aws-ecs",
  plan,
  validate,
  bare,
  full: {
  ...bare,
  httpsListener: { listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/edge/50dc6c495c0c9188/f2f7dc8efc522ab2", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", redirectsHttp: true },
  serviceConnect: {
    namespace: "bulkhead",
    privateCaArn: "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d",
    kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d",
    tlsRoleArn: "arn:aws:iam::123456789012:role/serviceConnectTls",
  },
},
  coordinates: fc.record(
  {
    kind: fc.constant("aws-ecs" as const),
    region: fc.constantFrom("eu-west-1", "us-east-2"),
    cluster: fc.constantFrom("prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/shared"),
    subnets: fc.constantFrom<string[]>(["subnet-0a1b2c3d"], ["subnet-0a1b2c3d", "subnet-0a1b2c3e"]),
    securityGroups: fc.constant<string[]>(["sg-0a1b2c3d"]),
    executionRoleArn: fc.constant("arn:aws:iam::123456789012:role/ecsTaskExecutionRole"),
    httpsListener: fc.record({
      listenerArn: fc.constant("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/edge/1/2"),
      sslPolicy: fc.constantFrom("ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08"),
      redirectsHttp: fc.boolean(),
    }),
    serviceConnect: fc.constant({
      namespace: "bulkhead",
      privateCaArn: "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d",
      tlsRoleArn: "arn:aws:iam::123456789012:role/serviceConnectTls",
    }),
  },
  { requiredKeys: ["kind", "region", "cluster", "subnets", "securityGroups", "executionRoleArn"] },
),
  rows: [
    ["ingressTlsRequired", "public", "full", { by: "target", construct: /HTTPS listener/, body: /"loadBalancers":\[\{"targetGroupArn".*"assignPublicIp":"DISABLED"|"assignPublicIp":"DISABLED".*"loadBalancers"/ }],
    ["ingressTlsRequired", "public", "bare", { refused: /HTTPS listener/ }],
    ["ingressTlsRequired", "internal", "full", { by: "request", construct: /Service Connect TLS/, body: /"tls":\{"issuerCertificateAuthority"/ }],
    ["minTlsVersion", "public", "full", { by: "target", construct: /ELBSecurityPolicy-TLS13-1-3-2021-06 \(TLS 1\.3\+\)/ }],
    ["minTlsVersion", "public", "bare", { refused: /HTTPS listener/ }],
    ["minTlsVersion", "internal", "full", { refused: /Service Connect TLS has no minimum/ }],
    ["httpRedirectToHttps", "public", "full", { by: "target", construct: /redirect action/, body: /"loadBalancers"/ }],
    ["httpRedirectToHttps", "public", "bare", { refused: /redirects to HTTPS/ }],
    ["serviceToServiceEncrypted", "internal", "full", { by: "request", construct: /Service Connect TLS/, body: /"serviceConnectConfiguration":\{"enabled":true/ }],
    ["serviceToServiceEncrypted", "internal", "bare", { refused: /no Service Connect/ }],
    ["serviceToServiceMutualAuth", "internal", "full", { refused: /no mutual TLS/ }],
    ["egressRestricted", "internal", "full", { by: "request", construct: /security group bulkhead-orders-3f9a2c@prod/, body: /"operation":"EC2.RevokeSecurityGroupEgress","body":\{"GroupId":"\(id of security group bulkhead-orders-3f9a2c@prod, found or made at apply\)","IpPermissions":\[\{"IpProtocol":"-1","IpRanges":\[\{"CidrIp":"0\.0\.0\.0\/0"/ }],
    ["egressRestricted", "internal", "full", { refused: /api\.example\.com must be given as CIDRs/ }, ["api.example.com"]],
  ],
};
