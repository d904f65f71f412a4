/**
 * `npm run release -- <env> <service> <imageTag>`: ships a new image of a blue/green
 * service through CodeDeploy (see ./release.ts).
 *
 * Names come from the config (project, services); the region is the config's, where
 * every stack deploys. Credentials come from the AWS SDK's usual chain (AWS_PROFILE,
 * environment, SSO, instance role). Exit codes: 0 the deployment started, 1 it could
 * not (AWS said no, or the config is invalid), 2 a usage error.
 */
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { ECSClient } from "@aws-sdk/client-ecs";
import { LoadedConfig, loadConfigWithSource } from "../config";
import { imageTagProblem } from "../core/aws-facts";
import { credentialsHelp, isCredentialsError } from "../core/aws-credentials";
import { loadEnvironmentConfig, positionalArguments } from "../cli-args";
import { reportFatal } from "../fatal";
import { release, ReleaseClients, ReleaseError, watchHints } from "./release";

const USAGE = `usage: npm run release -- <env> <service> <imageTag>

Registers a task definition revision of <service> running <imageTag> and starts its
CodeDeploy blue/green deployment in <env>. Only services deployed with
deployment "blueGreen" release this way; the others deploy with
cdktf deploy <env> --var image_tag_<service>=<tag>.

  <env>       an environment of the config
  <service>   a service of the config
  <imageTag>  a tag pushed to the service's ECR repository
  --help      show this help

The region is the config's; credentials come from the AWS SDK's chain (AWS_PROFILE, …).
exit codes: 0 deployment started, 1 AWS or config failure, 2 usage error or no usable AWS credentials`;

/** What the CLI talks to; tests replace parts of it. */
export interface ReleaseCliDeps {
  /** Environment variables (INFRA_CONFIG, AWS_REGION). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The AWS clients for a region. */
  readonly clients: (region: string) => ReleaseClients;
  /** The config and where it came from. */
  readonly loadConfig: (env: Readonly<Record<string, string | undefined>>) => LoadedConfig;
}

const DEFAULT_DEPS: ReleaseCliDeps = {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  clients: (region) => ({ ecs: new ECSClient({ region }), codeDeploy: new CodeDeployClient({ region }) }),
  loadConfig: (env) => loadConfigWithSource({ env }),
};

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], overrides: Partial<ReleaseCliDeps> = {}): Promise<number> {
  const deps: ReleaseCliDeps = { ...DEFAULT_DEPS, ...overrides };
  const usage = (problem: string): number => {
    deps.stderr(`${problem}\n\n${USAGE}\n`);
    return 2;
  };
  const args = positionalArguments(argv, ["<env>", "<service>", "<imageTag>"], USAGE, deps);
  if (typeof args === "number") return args;
  const [envName, service, imageTag] = args;
  const tagProblem = imageTagProblem(imageTag);
  if (tagProblem) return usage(`image tag ${JSON.stringify(imageTag)} ${tagProblem}`);

  const loaded = loadEnvironmentConfig(envName, USAGE, deps);
  if (typeof loaded === "number") return loaded;
  const config = loaded.config;
  const services = config.services.map((s) => s.name);
  if (!services.includes(service)) return usage(`unknown service ${JSON.stringify(service)}: the config declares ${services.join(", ")}`);

  const region = config.environments[envName].region ?? config.region;
  const fromEnv = deps.env.AWS_REGION;
  if (fromEnv && fromEnv !== region) deps.stderr(`AWS_REGION=${fromEnv} is not used: ${envName} deploys to the config's region ${region}\n`);

  try {
    const result = await release(deps.clients(region), { naming: { project: config.project, envName }, service, imageTag }, (line) => deps.stderr(`${line}\n`));
    deps.stdout(
      [
        `Started CodeDeploy deployment ${result.deploymentId}: ${service} ${imageTag} in ${envName} (${result.deploymentGroupName}, ${result.taskDefinitionArn}).`,
        "Watch it:",
        ...watchHints(result.deploymentId, region).map((hint) => `  ${hint}`),
        "",
      ].join("\n"),
    );
    return 0;
  } catch (err) {
    if (err instanceof ReleaseError) {
      deps.stderr(`release failed: ${err.message}\n`);
      return 1;
    }
    if (isCredentialsError(err)) {
      const settings = config.environments[envName];
      const e = err as Error;
      deps.stderr(
        `release: no usable AWS credentials for ${envName} (${e.name}: ${e.message}).\n` +
          `${credentialsHelp({ envName, account: settings.account, assumeRoleArn: settings.assumeRoleArn }, ["It registers a task definition and starts a CodeDeploy deployment: deploy's role is enough."])}\n`,
      );
      return 2;
    }
    return reportFatal(err, deps.env, deps.stderr);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
