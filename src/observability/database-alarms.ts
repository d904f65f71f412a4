import { Construct } from "constructs";
import { Token } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { percentProblem } from "../core/alarm-facts";
import { GIB, POSTGRES_MAX_CONNECTIONS_LIMIT, postgresDefaultMaxConnections, rdsClassMemoryGiB } from "../core/rds-facts";
import { NamingContext, physicalName } from "../core/naming";
import { alertAlarm } from "./alert-alarm";
import { AlertTopicRef } from "./alert-topic";

/** Bytes in a MiB. */
const MIB = 1024 ** 2;

/** Properties of a {@link DatabaseAlarms}. */
export interface DatabaseAlarmsProps {
  /** Project and environment: alarms are `<project>-<env>-database-<what>`. */
  readonly naming: NamingContext;
  /** Where ALARM and OK go. */
  readonly topic: AlertTopicRef;
  /** The DB instance's identifier (the `DBInstanceIdentifier` dimension; a reference). */
  readonly instanceIdentifier: string;
  /** The instance class, e.g. `db.m7g.large`: its memory gives max_connections and the freeable-memory floor. */
  readonly instanceClass: string;
  /** The allocated storage, GiB: free storage is watched as a share of it. */
  readonly allocatedStorageGiB: number;
  /** Average CPU above this percentage for 5 minutes is an alarm. */
  readonly cpuPercent: number;
  /** Free storage below this percentage of the allocated storage for 10 minutes is an alarm. */
  readonly freeStoragePercent: number;
  /** Connections above this percentage of max_connections for 5 minutes is an alarm. */
  readonly connectionsPercent: number;
  /**
   * The instance's max_connections.
   * @default RDS for PostgreSQL's default for the class (required for a class whose memory is unknown)
   */
  readonly maxConnections?: number;
  /** Freeable memory below this percentage of the class's memory for 5 minutes is an alarm (unless `freeableMemoryMiB`). */
  readonly freeableMemoryPercent: number;
  /**
   * Freeable memory below this many MiB is an alarm, instead of the percentage.
   * @default undefined: the percentage of the class's memory (required for a class whose memory is unknown)
   */
  readonly freeableMemoryMiB?: number;
}

/**
 * The PostgreSQL instance's alarms (`AWS/RDS` by `DBInstanceIdentifier`): CPU, free
 * storage, connections near max_connections and freeable memory — AWS's recommended RDS
 * alarms (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#RDS)
 * with thresholds from the class and the config. RDS publishes these every minute while
 * the instance is available; a gap (a stopped instance, a failover) is "missing": the
 * alarm waits for data instead of guessing.
 */
export class DatabaseAlarms extends Construct {
  public readonly cpu: CloudwatchMetricAlarm;
  public readonly freeStorage: CloudwatchMetricAlarm;
  public readonly connections: CloudwatchMetricAlarm;
  public readonly freeableMemory: CloudwatchMetricAlarm;
  /** The max_connections the connections alarm is a share of. */
  public readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const memoryGiB = rdsClassMemoryGiB(props.instanceClass);
    this.validate(props, memoryGiB);
    const name = (what: string) => physicalName(props.naming, `database-${what}`);
    const rds = { namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: props.instanceIdentifier }, treatMissingData: "missing" };
    const fiveMinutes = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 5 };

    this.cpu = alertAlarm(this, "cpu", props.topic, {
      ...rds,
      ...fiveMinutes,
      alarmName: name("cpu-high"),
      alarmDescription: `Database: average CPU above ${props.cpuPercent} % for 5 minutes. Look for slow queries (Performance Insights) or a larger instance class.`,
      metricName: "CPUUtilization",
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.cpuPercent,
    });

    const storageBytes = Math.floor((props.allocatedStorageGiB * GIB * props.freeStoragePercent) / 100);
    this.freeStorage = alertAlarm(this, "free-storage", props.topic, {
      ...rds,
      alarmName: name("free-storage-low"),
      alarmDescription:
        `Database: free storage below ${props.freeStoragePercent} % of the ${props.allocatedStorageGiB} GiB allocated for 10 minutes. ` +
        "Storage autoscaling grows it up to maxAllocatedStorage; if it is at that ceiling, raise it.",
      metricName: "FreeStorageSpace",
      statistic: "Minimum",
      // Storage moves slowly: two five-minute datapoints.
      period: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "LessThanThreshold",
      threshold: storageBytes,
    });

    this.maxConnections = props.maxConnections ?? postgresDefaultMaxConnections(memoryGiB!);
    const connections = Math.floor((this.maxConnections * props.connectionsPercent) / 100);
    this.connections = alertAlarm(this, "connections", props.topic, {
      ...rds,
      ...fiveMinutes,
      alarmName: name("connections-high"),
      alarmDescription:
        `Database: more than ${connections} connections (${props.connectionsPercent} % of max_connections ${this.maxConnections}) for 5 minutes. ` +
        "New connections will soon be refused: look for connection leaks, pool sizes times task counts, or use RDS Proxy.",
      metricName: "DatabaseConnections",
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: connections,
    });

    const freeableBytes =
      props.freeableMemoryMiB !== undefined ? props.freeableMemoryMiB * MIB : Math.floor((memoryGiB! * GIB * props.freeableMemoryPercent) / 100);
    const floor =
      props.freeableMemoryMiB !== undefined
        ? `${props.freeableMemoryMiB} MiB`
        : `${props.freeableMemoryPercent} % of ${props.instanceClass}'s ${memoryGiB} GiB`;
    this.freeableMemory = alertAlarm(this, "freeable-memory", props.topic, {
      ...rds,
      ...fiveMinutes,
      alarmName: name("freeable-memory-low"),
      alarmDescription: `Database: freeable memory below ${floor} for 5 minutes: the instance is short of memory (connections, work_mem, cache). Consider a larger class.`,
      metricName: "FreeableMemory",
      statistic: "Average",
      comparisonOperator: "LessThanThreshold",
      threshold: freeableBytes,
    });
  }

  /** The alarms, for the dashboard. */
  get alarms(): CloudwatchMetricAlarm[] {
    return [this.cpu, this.freeStorage, this.connections, this.freeableMemory];
  }

  private validate(props: DatabaseAlarmsProps, memoryGiB: number | undefined): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${this.node.path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    for (const key of ["cpuPercent", "freeStoragePercent", "connectionsPercent", "freeableMemoryPercent"] as const) {
      const problem = percentProblem(props[key]);
      if (problem) fail(key, props[key], problem);
    }
    const storage = props.allocatedStorageGiB;
    if (!Token.isUnresolved(storage) && !(Number.isInteger(storage) && storage > 0))
      fail("allocatedStorageGiB", storage, "must be a whole number of GiB above 0");
    const max = props.maxConnections;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= POSTGRES_MAX_CONNECTIONS_LIMIT)) {
      fail("maxConnections", max, `must be an integer 1–${POSTGRES_MAX_CONNECTIONS_LIMIT}`);
    }
    const mib = props.freeableMemoryMiB;
    if (mib !== undefined && !(Number.isInteger(mib) && mib > 0)) fail("freeableMemoryMiB", mib, "must be a whole number of MiB above 0");
    // The config's rules (alerts.thresholds.dbMaxConnections, dbFreeableMemoryMiB): what cannot be derived must be given.
    if (memoryGiB === undefined && (max === undefined || mib === undefined)) {
      fail(
        "instanceClass",
        props.instanceClass,
        "is a class whose memory the platform does not know (src/core/rds-facts.ts), so maxConnections and freeableMemoryMiB must be given",
      );
    }
    if (memoryGiB !== undefined && mib !== undefined && mib >= memoryGiB * 1024) {
      fail("freeableMemoryMiB", mib, `must be below the memory of ${props.instanceClass} (${memoryGiB * 1024} MiB): the alarm would always fire`);
    }
  }
}
