// The EC2 actions the emulator answers (Query protocol, Version 2016-11-15): the network an ECS target
// declares (VPC, subnets) and the security groups Bulkhead makes per app.
import type { Ec2Context } from "./emulator-ec2-common";
import { createSubnet, createTags, createVpc, deleteSubnet, deleteTags, deleteVpc, describeSubnets, describeVpcs } from "./emulator-ec2-network";
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroupRules,
  describeSecurityGroups,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from "./emulator-ec2-security-groups";
import type { QueryInput } from "./emulator-query";

export const ec2Operations: Record<string, (context: Ec2Context, input: QueryInput) => object> = {
  CreateVpc: createVpc,
  DescribeVpcs: describeVpcs,
  DeleteVpc: deleteVpc,
  CreateSubnet: createSubnet,
  DescribeSubnets: describeSubnets,
  DeleteSubnet: deleteSubnet,
  CreateTags: createTags,
  DeleteTags: deleteTags,
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupRules: describeSecurityGroupRules,
  DeleteSecurityGroup: deleteSecurityGroup,
  AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
  AuthorizeSecurityGroupEgress: authorizeSecurityGroupEgress,
  RevokeSecurityGroupIngress: revokeSecurityGroupIngress,
  RevokeSecurityGroupEgress: revokeSecurityGroupEgress,
};
