import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { percentProblem } from "../core/alarm-facts";
import { DNS_LABEL_RE } from "../core/aws-facts";
import { NamingContext, physicalName } from "../core/naming";
import { alertAlarm } from "./alert-alarm";
import { AlertTopicRef } from "./alert-topic";

/** A NAT gateway to watch. */
export interface NatGatewayMetricsRef {
  /** A short name for the alarm names, e.g. its AZ `eu-west-1a`. */
  readonly name: string;
  /** The gateway's id (the `NatGatewayId` dimension; a reference). */
  readonly natGatewayId: string;
}

/** Properties of a {@link NatAlarms}. */
export interface NatAlarmsProps {
  /** Project and environment: alarms are `<project>-<env>-nat-<name>-<what>`. */
  readonly naming: NamingContext;
  /** Where ALARM and OK go. */
  readonly topic: AlertTopicRef;
  /** The gateways, each with a unique name. */
  readonly gateways: readonly NatGatewayMetricsRef[];
  /** Dropped packets above this percentage of the packets in, for 5 minutes, is an alarm. */
  readonly packetDropPercent: number;
}

/**
 * Each NAT gateway's alarms, as AWS recommends them
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#NATGateway):
 *
 * - `ErrorPortAllocation` > 0 (Sum, 1-minute periods, 15 of 15): the gateway could not
 *   allocate a source port, i.e. too many concurrent connections to one destination
 *   (about 55,000 per destination IP and port). Sustained 15 minutes before paging, as AWS
 *   recommends: short bursts recover by themselves as connections close.
 * - dropped packets as a percentage of the packets in,
 *   `PacketsDropCount / (PacketsInFromSource + PacketsInFromDestination) * 100` (the VPC
 *   guide's formula, https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html),
 *   above the threshold (AWS: 0.01 % suggests a problem in the VPC service; check the AWS
 *   Health Dashboard) for 5 of 5 minutes.
 *
 * A gateway without traffic publishes nothing: "notBreaching".
 */
export class NatAlarms extends Construct {
  /** Per gateway name: its port-allocation and packet-drop alarms. */
  public readonly byGateway: Readonly<Record<string, { readonly portAllocation: CloudwatchMetricAlarm; readonly packetsDropped: CloudwatchMetricAlarm }>>;

  constructor(scope: Construct, id: string, props: NatAlarmsProps) {
    super(scope, id);
    this.validate(props);
    const byGateway: Record<string, { portAllocation: CloudwatchMetricAlarm; packetsDropped: CloudwatchMetricAlarm }> = {};
    for (const gw of props.gateways) {
      const name = (what: string) => physicalName(props.naming, `nat-${gw.name}-${what}`);
      const dimensions = { NatGatewayId: gw.natGatewayId };
      const portAllocation = alertAlarm(this, `${gw.name}-port-allocation`, props.topic, {
        alarmName: name("port-allocation-errors"),
        alarmDescription: `NAT gateway ${gw.name}: source port allocation failing for 15 minutes (too many connections to one destination). Reuse connections, or spread them over destinations.`,
        namespace: "AWS/NATGateway",
        metricName: "ErrorPortAllocation",
        dimensions,
        statistic: "Sum",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 15,
        datapointsToAlarm: 15,
        treatMissingData: "notBreaching",
      });
      const metric = (metricName: string) => ({ namespace: "AWS/NATGateway", metricName, dimensions, stat: "Sum", period: 60 });
      const packetsDropped = alertAlarm(this, `${gw.name}-packets-dropped`, props.topic, {
        alarmName: name("packets-dropped"),
        alarmDescription: `NAT gateway ${gw.name}: more than ${props.packetDropPercent} % of packets dropped for 5 minutes. Check the AWS Health Dashboard for the VPC service.`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: props.packetDropPercent,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: "notBreaching",
        metricQuery: [
          { id: "dropped", metric: metric("PacketsDropCount") },
          { id: "fromSource", metric: metric("PacketsInFromSource") },
          { id: "fromDestination", metric: metric("PacketsInFromDestination") },
          {
            id: "dropRate",
            expression: "IF(fromSource + fromDestination > 0, 100 * dropped / (fromSource + fromDestination), 0)",
            label: "Dropped packets, % of packets in",
            returnData: true,
          },
        ],
      });
      byGateway[gw.name] = { portAllocation, packetsDropped };
    }
    this.byGateway = byGateway;
  }

  /** The alarms, for the dashboard. */
  get alarms(): CloudwatchMetricAlarm[] {
    return Object.values(this.byGateway).flatMap((a) => [a.portAllocation, a.packetsDropped]);
  }

  private validate(props: NatAlarmsProps): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${this.node.path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    const problem = percentProblem(props.packetDropPercent);
    if (problem) fail("packetDropPercent", props.packetDropPercent, problem);
    const names = props.gateways.map((g) => g.name);
    names.forEach((n, i) => {
      if (!DNS_LABEL_RE.test(n)) fail(`gateways[${i}].name`, n, "must be a lowercase DNS label (it names the alarms)");
      if (names.indexOf(n) !== i) fail(`gateways[${i}].name`, n, "must be unique");
    });
  }
}
