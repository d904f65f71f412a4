import { Rule } from "../types";
import { accountRules } from "./accounts";
import { alertRules } from "./alerts";
import { cloudflareRules } from "./cloudflare";
import { computeRules } from "./compute";
import { databaseRules } from "./database";
import { ec2Rules } from "./ec2";
import { edgeRules } from "./edge";
import { efsRules } from "./efs";
import { iamRules } from "./iam";
import { networkRules } from "./network";
import { registryRules } from "./registry";
import { storageRules } from "./storage";
import { troubleshootingRules } from "./troubleshooting";

/** Every rule, in checklist order (accounts, network, database, registry, compute, IAM, edge, logs/keys/state, EFS, Cloudflare, alerts), then the guide's troubleshooting. */
export const ALL_RULES: readonly Rule[] = [
  ...accountRules,
  ...networkRules,
  ...databaseRules,
  ...registryRules,
  ...computeRules,
  ...ec2Rules,
  ...iamRules,
  ...edgeRules,
  ...storageRules,
  ...efsRules,
  ...cloudflareRules,
  ...alertRules,
  ...troubleshootingRules,
];
