import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";

/**
 * The AWS partition of the stack's provider, as Terraform references: `aws`, `aws-cn`
 * or `aws-us-gov`, and the partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`).
 * ARNs must never hard-code `arn:aws:`: GovCloud and China regions would get invalid
 * ARNs. `data.aws_partition` is computed by the provider from its region, without an
 * API call, so offline plans still work.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/partition
 *
 * One data source per stack (like aws-cdk-lib's `Aws.PARTITION`), created on first use.
 */
export interface AwsPartitionRef {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly partition: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
  readonly dnsSuffix: string;
  // No `reverse_dns_prefix`: in China it is `cn.com.amazonaws`, but most endpoint services
  // keep `com.amazonaws.` there; endpoint names come from aws-facts' endpointServiceName.
}

const ID = "aws-partition";

/** The stack's partition data source (created once per stack, on first call). */
export function partitionOf(scope: Construct): AwsPartitionRef {
  const stack = TerraformStack.of(scope);
  const found = stack.node.tryFindChild(ID) as DataAwsPartition | undefined;
  const data = found ?? new DataAwsPartition(stack, ID, {});
  return { partition: data.partition, dnsSuffix: data.dnsSuffix };
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` with the stack's partition. */
export function arnOf(scope: Construct, parts: { service: string; region?: string; account?: string; resource: string }): string {
  return `arn:${partitionOf(scope).partition}:${parts.service}:${parts.region ?? ""}:${parts.account ?? ""}:${parts.resource}`;
}
