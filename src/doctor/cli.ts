/**
 * `npm run doctor -- <env>`: runs the deployment guide's Troubleshooting Methodology
 * against the deployed environment (see ./doctor.ts) and prints a checklist.
 *
 * Names come from the config; the region is the environment's (`environments.<env>.region`,
 * else `region`). Credentials are the ones `cdktf deploy <env>` uses: the AWS SDK's chain
 * (AWS_PROFILE, SSO, environment keys, container or instance role), and the environment's
 * `assumeRoleArn` when it has one. Every AWS call reads (Describe*, List*, Get*).
 * Exit codes: 0 no check failed, 1 a check failed (or the config is invalid), 2 a usage
 * error or no usable credentials.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { EnvironmentConfig, LoadedConfig, loadConfigWithSource, resolveEnvironment } from "../config";
import { credentialsHelp, CREDENTIALS_ERRORS } from "../core/aws-credentials";
import { loadEnvironmentConfig, positionalArguments } from "../cli-args";
import { reportFatal } from "../fatal";
import { awsErrorOf } from "./aws";
import { createClients, DoctorClients, TemporaryCredentials } from "./clients";
import { FetchLike } from "./cloudflare";
import { runDoctor } from "./doctor";
import { countOutcomes, formatReport } from "./report";

const USAGE = `usage: npm run doctor -- <env>

Runs the deployment guide's Troubleshooting Methodology against the deployed <env> and
prints a checklist (✔ passed, ✘ failed with the guide's remediation, – skipped and why):
  Images              recent stopped tasks (CannotPullContainerError,
                      ResourceInitializationError), the execution roles' ECR and secrets
                      grants, the NAT or VPC endpoint path from the private subnets
  Service to service  security groups of each allowFrom pair and of the VPC link (or
                      NLB), Cloud Map instances and their health, SRV records
  API Gateway         VPC link status, each integration's Cloud Map instances, the
                      custom domain's ACM certificate and API mapping; with
                      CLOUDFLARE_API_TOKEN, the zone's SSL mode and the API record

  <env>       an environment of the config
  --help      show this help

Credentials: the ones cdktf deploy <env> uses (AWS_PROFILE, SSO, environment keys) for
the environment's account; its assumeRoleArn is assumed as deploy does. Every call reads
(Describe*, List*, Get*): AWS's ReadOnlyAccess policy is enough. The region is the
environment's.
exit codes: 0 nothing failed, 1 a check failed (or the config is invalid), 2 usage error or no credentials`;

/** What the CLI talks to; tests replace parts of it. */
export interface DoctorCliDeps {
  /** Environment variables (INFRA_CONFIG, AWS_REGION, AWS_PROFILE, CLOUDFLARE_API_TOKEN). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal: the progress line then rewrites itself. */
  readonly stderrIsTTY: boolean;
  /** The AWS clients for a region, with the default chain or the given credentials. */
  readonly clients: (region: string, credentials?: TemporaryCredentials) => DoctorClients;
  /** The config and where it came from. */
  readonly loadConfig: (env: Readonly<Record<string, string | undefined>>) => LoadedConfig;
  /** HTTP GET for the Cloudflare API. */
  readonly fetch: FetchLike;
}

const DEFAULT_DEPS: DoctorCliDeps = {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  clients: createClients,
  loadConfig: (env) => loadConfigWithSource({ env }),
  fetch: (url, init) => fetch(url, init),
};

/** What to set so the doctor reads with deploy's credentials. */
function doctorCredentialsHelp(env: EnvironmentConfig): string {
  return credentialsHelp({ envName: env.envName, account: env.settings.account, assumeRoleArn: env.settings.assumeRoleArn }, [
    "It only reads (Describe*, List*, Get*): a role with AWS's ReadOnlyAccess policy is enough.",
  ]);
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], overrides: Partial<DoctorCliDeps> = {}): Promise<number> {
  const deps: DoctorCliDeps = { ...DEFAULT_DEPS, ...overrides };
  const args = positionalArguments(argv, ["<env>"], USAGE, deps);
  if (typeof args === "number") return args;
  const [envName] = args;

  const loaded = loadEnvironmentConfig(envName, USAGE, deps);
  if (typeof loaded === "number") return loaded;
  const env = resolveEnvironment(loaded.config, envName);
  const region = env.region;
  const fromEnv = deps.env.AWS_REGION;
  if (fromEnv && fromEnv !== region) deps.stderr(`AWS_REGION=${fromEnv} is not used: ${envName} deploys to ${region}\n`);

  // --- credentials: the caller, then deploy's role if the environment has one ----------------
  let clients = deps.clients(region);
  let identity: { account?: string; arn?: string };
  try {
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));
    identity = { account: me.Account, arn: me.Arn };
  } catch (err) {
    const e = awsErrorOf(err);
    if (!CREDENTIALS_ERRORS.includes(e.name)) {
      deps.stderr(`doctor: STS GetCallerIdentity failed: ${e.name}: ${e.message}\n`);
      return 1;
    }
    deps.stderr(`doctor: no usable AWS credentials for ${envName} (STS GetCallerIdentity: ${e.name}: ${e.message}).\n${doctorCredentialsHelp(env)}\n`);
    return 2;
  }
  const roleArn = env.settings.assumeRoleArn;
  if (roleArn) {
    try {
      const assumed = await clients.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `${env.project}-${envName}-doctor`.slice(0, 64), DurationSeconds: 900 }),
      );
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw Object.assign(new Error("STS returned no credentials"), { name: "NoCredentials" });
      clients = deps.clients(region, {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      });
      identity = { account: /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? identity.account, arn: assumed.AssumedRoleUser?.Arn ?? roleArn };
    } catch (err) {
      const e = awsErrorOf(err);
      deps.stderr(
        `doctor: ${identity.arn ?? "the caller"} cannot assume ${roleArn} (environments.${envName}.assumeRoleArn): ${e.name}: ${e.message}.\n${doctorCredentialsHelp(env)}\n`,
      );
      return 2;
    }
  }
  const account = env.settings.account;
  if (account && identity.account !== account) {
    deps.stderr(
      `doctor: the credentials are for account ${identity.account ?? "?"} (${identity.arn ?? "?"}), but ${envName} deploys to account ${account}.\n${doctorCredentialsHelp(env)}\n`,
    );
    return 2;
  }
  deps.stdout(`doctor: ${envName} in ${region}, account ${identity.account ?? "?"} as ${identity.arn ?? "?"}\n\n`);

  // --- the checks, with a progress line on stderr -------------------------------------------
  let shown = false;
  const progress = (line: string) => {
    if (deps.stderrIsTTY) {
      deps.stderr(`\r\x1b[K… ${line}`);
      shown = true;
    } else {
      deps.stderr(`… ${line}\n`);
    }
  };
  try {
    const results = await runDoctor(clients, env, { progress, cloudflare: { token: deps.env.CLOUDFLARE_API_TOKEN || undefined, fetch: deps.fetch } });
    if (shown) deps.stderr("\r\x1b[K");
    deps.stdout(formatReport(results));
    return countOutcomes(results).fail > 0 ? 1 : 0;
  } catch (err) {
    if (shown) deps.stderr("\r\x1b[K");
    return reportFatal(err, deps.env, deps.stderr);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
