// The memory of the emulator's EC2: per Region, VPCs with their subnets and security groups, each security group
// with its rules one by one (as DescribeSecurityGroupRules lists them). Plain data, so the emulator can keep it in
// its state folder.
import { randomBytes } from "node:crypto";
import { QueryApiError } from "./emulator-query";

export interface Ec2Tag {
  Key: string;
  Value: string;
}

export interface Vpc {
  id: string;
  cidr: string;
  tags: Ec2Tag[];
  /** Every VPC comes with a security group named "default" (Default security groups for your VPCs). */
  defaultGroupId: string;
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidr: string;
  zone: string;
  tags: Ec2Tag[];
}

/** One rule: a protocol and port range, and one source (ingress) or destination (egress). */
export interface GroupRule {
  id: string;
  egress: boolean;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr?: string;
  groupId?: string;
  description?: string;
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  tags: Ec2Tag[];
  rules: GroupRule[];
}

export interface Ec2Region {
  vpcs: Record<string, Vpc>;
  subnets: Record<string, Subnet>;
  groups: Record<string, SecurityGroup>;
}

/** What else in the account uses a subnet or security group (ECS tasks' network interfaces, load balancers), if anything. */
export type UsageProbe = (region: string, id: string) => string | undefined;

export class Ec2Store {
  regions: Record<string, Ec2Region> = {};
  /** Set by the account that holds this store: who else holds network interfaces in EC2's subnets and groups. */
  usage: UsageProbe = () => undefined;

  region(name: string): Ec2Region {
    return (this.regions[name] ??= { vpcs: {}, subnets: {}, groups: {} });
  }

  vpc(region: string, id: string): Vpc {
    const vpc = this.region(region).vpcs[id];
    if (!vpc) throw new QueryApiError("InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`);
    return vpc;
  }

  subnet(region: string, id: string): Subnet {
    const subnet = this.region(region).subnets[id];
    if (!subnet) throw new QueryApiError("InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`);
    return subnet;
  }

  group(region: string, id: string): SecurityGroup {
    const group = this.region(region).groups[id];
    if (!group) throw new QueryApiError("InvalidGroup.NotFound", `The security group '${id}' does not exist`);
    return group;
  }
}

/** EC2 resource ids: a prefix and 17 hexadecimal digits, e.g. sg-0123456789abcdef0. */
export const ec2Id = (prefix: string) => `${prefix}-${randomBytes(9).toString("hex").slice(0, 17)}`;
