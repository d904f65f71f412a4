/**
 * Errors of the AWS SDK's credential chain and of STS that mean "no usable credentials"
 * (none found, expired, or not valid in this partition): the CLIs that call AWS (doctor,
 * release) exit 2 on them with what to set, not with the SDK's error alone.
 */
export const CREDENTIALS_ERRORS: readonly string[] = [
  "CredentialsProviderError",
  "TokenProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
];

/** Whether `err` is one of {@link CREDENTIALS_ERRORS}. */
export function isCredentialsError(err: unknown): boolean {
  const name = (err as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && CREDENTIALS_ERRORS.includes(name);
}

/** The environment a CLI acts on, as the credentials help names it. */
export interface CredentialsTarget {
  readonly envName: string;
  readonly account?: string;
  readonly assumeRoleArn?: string;
}

/** What to set for deploy's credentials of `target`; `extra` lines say what the CLI does with them. */
export function credentialsHelp(target: CredentialsTarget, extra: readonly string[] = []): string {
  const account = target.account ? ` of account ${target.account}` : "";
  const role = target.assumeRoleArn ? `, allowed to assume ${target.assumeRoleArn} (environments.${target.envName}.assumeRoleArn)` : "";
  return [
    `It needs the AWS credentials cdktf deploy ${target.envName} uses${account}${role}: AWS_PROFILE=<profile> (after aws sso login --profile <profile> for SSO),`,
    "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or a container or instance role.",
    ...extra,
  ].join("\n");
}
