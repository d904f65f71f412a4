import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ConnectableRef } from "../core/connections";
import { GrantableRef } from "../core/iam";

/**
 * What services need of the environment's database. Implemented by `PostgresDatabase`.
 * No credential is part of it: services log in with IAM database authentication as
 * their own user, never with the master secret.
 */
export interface DatabaseRef extends ConnectableRef {
  /** Host name of the instance endpoint (no port). */
  readonly address: string;
  /** TCP port (5432 by default). */
  readonly port: number;
  /** Name of the application database. */
  readonly databaseName: string;
  /** Admits `source` on the database port (ingress on the DB group, egress on the source's). */
  allowFrom(source: ConnectableRef, description: string): void;
  /** Lets `grantee` log in as the database user `dbUser` with IAM authentication (`rds-db:connect`). */
  grantConnect(grantee: GrantableRef, dbUser: string): IamRolePolicy;
}
