import { TerraformStack } from "cdktf";
import { cidrsOverlap, mustParseCidr } from "../../src/core/cidr";
import { logRetention } from "../../src/stacks/environment-props";
import { EnvironmentConfig, EnvironmentName } from "../../src/config";
import { Network, NetworkProps } from "../../src/network/network";
import { TfJson } from "../support/synth";
import { synthJson, testEnv, testStack } from "../support/test-stack";

/** A literal KMS key ARN for construct tests (the plan test uses a real PlatformKey). */
export const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** The Network props an environment's config yields (what PlatformStack passes). */
export function networkPropsFor(env: EnvironmentConfig, keyArn: string = KEY_ARN): NetworkProps {
  return {
    naming: { project: env.project, envName: env.envName },
    region: env.region,
    vpcCidr: env.settings.vpcCidr,
    azs: env.azs,
    natGateways: env.settings.natGateways,
    interfaceEndpoints: env.settings.interfaceEndpoints,
    enableExecuteCommand: env.settings.ecs.enableExecuteCommand,
    flowLogRetentionDays: logRetention(env.settings.flowLogRetentionDays),
    encryptionKey: { keyArn },
  };
}

/** A Network from `envName`'s default config with `overrides` applied, synthesized. */
export function buildNetwork(
  overrides: Partial<NetworkProps> = {},
  envName: EnvironmentName = "prod",
): { stack: TerraformStack; network: Network; json: TfJson } {
  const stack = testStack();
  const network = new Network(stack, "network", { ...networkPropsFor(testEnv(envName)), ...overrides });
  return { stack, network, json: synthJson(stack) };
}

/** The parts of a whole-value reference `${type.name.attr}`; throws when `expr` is not one. */
export function parseRef(expr: unknown): { type: string; name: string; attr: string } {
  const m = typeof expr === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/.exec(expr) : null;
  if (!m) throw new Error(`not a resource reference: ${JSON.stringify(expr)}`);
  return { type: m[1], name: m[2], attr: m[3] };
}

/** The first statement of every endpoint policy: any action, only by a principal of `account`. */
export function accountPrincipalsStatement(account: string): Record<string, unknown> {
  return {
    Sid: "PrincipalsOfThisAccount",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalAccount": account } },
  };
}

/**
 * The prefix of the endpoint services AWS names `cn.com.amazonaws.` in China, as
 * synthesized: chosen by the stack's partition at plan time.
 */
export const CHINA_AWARE_PREFIX = '${(data.aws_partition.aws-partition.partition == "aws-cn") ? "cn.com.amazonaws" : "com.amazonaws"}';

/**
 * The synthesized service name of one of the platform's endpoints: `ecr.api`, `ecr.dkr`,
 * `monitoring` and `sts` are `cn.com.amazonaws.` in China (the prefix follows the
 * partition); every other service, gateways included, is `com.amazonaws.` everywhere.
 */
export function synthesizedServiceName(service: string, region: string): string {
  const prefix = ["ecr.api", "ecr.dkr", "monitoring", "sts"].includes(service) ? CHINA_AWARE_PREFIX : "com.amazonaws";
  return `${prefix}.${region}.${service}`;
}

/** The pairs of CIDR blocks in `blocks` that overlap (`[]` when none do), for a readable failure. */
export function overlappingPairs(blocks: readonly string[]): [string, string][] {
  return blocks.flatMap((a, i) =>
    blocks
      .slice(i + 1)
      .filter((b) => cidrsOverlap(mustParseCidr(a), mustParseCidr(b)))
      .map((b): [string, string] => [a, b]),
  );
}
