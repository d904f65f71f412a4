/**
 * `npm run doctor -- <env>`: the deployment guide's Troubleshooting Methodology, run
 * against a deployed environment with read-only AWS calls (see ./cli.ts).
 *
 * What to look for comes from the config (services, exposure, allowFrom, API kind and
 * targets, API host, NAT and endpoints) and the names the stacks give the resources
 * (./names.ts); the AWS clients are injected, so tests answer from mocks.
 */
import { EnvironmentConfig } from "../config";
import { apiChecks } from "./api";
import { DoctorClients } from "./clients";
import { CloudflareDeps } from "./cloudflare";
import { serviceToServiceChecks } from "./connectivity";
import { imageChecks } from "./images";
import { LiveEnvironment } from "./live";
import { PRIVATE_TIER } from "./names";
import { CheckResult, fail, guard, pass } from "./report";

/** How a run reports progress and reaches Cloudflare. */
export interface DoctorOptions {
  /** One line per step, while the run goes on. */
  readonly progress: (line: string) => void;
  readonly cloudflare: CloudflareDeps;
}

/** Every check of the environment, in checklist order. */
export async function runDoctor(clients: DoctorClients, env: EnvironmentConfig, options: DoctorOptions): Promise<CheckResult[]> {
  const live = new LiveEnvironment(clients, env);
  return [
    ...(await environmentChecks(live, options.progress)),
    ...(await imageChecks(live, options.progress)),
    ...(await serviceToServiceChecks(live, options.progress)),
    ...(await apiChecks(live, options.progress, options.cloudflare)),
  ];
}

const SECTION = "Environment";

/** What the other checks stand on: the VPC, the cluster and the config's services in it. */
async function environmentChecks(live: LiveEnvironment, progress: (line: string) => void): Promise<CheckResult[]> {
  const env = live.env;
  const deploy = `is ${env.envName} deployed with this account and region? cdktf deploy ${env.envName}`;
  progress(`environment: VPC ${live.names.vpc}`);
  const vpcCheck = `VPC ${live.names.vpc}`;
  const vpc = await guard(SECTION, vpcCheck, async () => {
    const found = await live.vpc();
    if (!found?.VpcId) {
      return fail(SECTION, vpcCheck, `no VPC tagged Name=${live.names.vpc}, project=${env.project}, environment=${env.envName} in ${env.region}`, deploy);
    }
    const subnets = await live.privateSubnets(found.VpcId);
    return pass(
      SECTION,
      vpcCheck,
      `${found.VpcId} (${found.CidrBlock ?? "?"}), ${subnets.length} private subnet(s) (tier=${PRIVATE_TIER})${subnets.length > 0 ? ` in ${subnets.map((s) => s.AvailabilityZone).join(", ")}` : ""}`,
    );
  });
  progress(`environment: ECS cluster ${live.names.cluster}`);
  const ecsCheck = `ECS services in cluster ${live.names.cluster}`;
  const ecs = await guard(SECTION, ecsCheck, async () => {
    const found = await live.ecsServices();
    if (found.clusterMissing) return fail(SECTION, ecsCheck, `no cluster ${live.names.cluster} in ${env.region}`, deploy);
    const missing = env.services.filter((s) => !found.services.has(s.name)).map((s) => s.name);
    const counts = env.services
      .filter((s) => found.services.has(s.name))
      .map((s) => {
        const svc = found.services.get(s.name)!;
        return `${s.name} ${svc.runningCount ?? 0}/${svc.desiredCount ?? 0} running`;
      });
    if (missing.length > 0) {
      return fail(
        SECTION,
        ecsCheck,
        `missing ${missing.join(", ")}${counts.length > 0 ? `; found ${counts.join(", ")}` : ""}`,
        `the config declares them: cdktf deploy ${env.envName}`,
      );
    }
    return pass(SECTION, ecsCheck, counts.join(", "));
  });
  return [...vpc, ...ecs];
}
