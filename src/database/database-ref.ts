import { IConnectable } from "../core/connections";

/** What services need of the environment's database. Implemented by `PostgresDatabase`. */
export interface DatabaseRef extends IConnectable {
  /** Host name of the instance endpoint (no port). */
  readonly address: string;
  /** TCP port (5432 by default). */
  readonly port: number;
  /** Name of the application database. */
  readonly databaseName: string;
  /** ARN of the RDS-managed master user secret; a task reads `<arn>:password::`. */
  readonly masterUserSecretArn: string;
  /** Admits `source` on the database port (ingress on the DB group, egress on the source's). */
  allowFrom(source: IConnectable, description: string): void;
}
