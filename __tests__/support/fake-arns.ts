/** Fake but well-formed ARNs in one made-up account, for constructs that take an ARN as input. */
export const FAKE_ACCOUNT = "111122223333";

/** A KMS key ARN; `id` tells keys apart where a test needs two. */
export function fakeKmsKeyArn(id = "11111111-2222-3333-4444-555555555555"): string {
  return `arn:aws:kms:eu-west-1:${FAKE_ACCOUNT}:key/${id}`;
}

/** The Grafana Cloud OTLP secret's ARN, with the random suffix Secrets Manager appends. */
export const FAKE_OTLP_SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${FAKE_ACCOUNT}:secret:platform-prod/grafana-cloud-otlp-AbCdEf`;
