import { NatAlarms, NatAlarmsProps } from "../../src/observability/nat-alarms";
import { synthJson } from "../support/test-stack";
import { alarmsByName, alertWorld, expectNotifiesTopic, NAMING } from "./alarm-fixtures";

const A = { name: "eu-west-1a", natGatewayId: "${aws_nat_gateway.nat_a.id}" };
const B = { name: "eu-west-1b", natGatewayId: "${aws_nat_gateway.nat_b.id}" };

describe("NatAlarms", () => {
  const build = (props: Partial<NatAlarmsProps> = {}) => {
    const { stack, topic } = alertWorld();
    new NatAlarms(stack, "nat", { naming: NAMING, topic, gateways: [A, B], packetDropPercent: 0.01, ...props });
    return { topic, byName: alarmsByName(synthJson(stack)) };
  };

  it("alarms per gateway on port allocation errors as AWS recommends: Sum > 0, 15 of 15 minutes", () => {
    // GIVEN / WHEN two gateways
    const { byName, topic } = build();
    // THEN each has ErrorPortAllocation by its id
    for (const gw of [A, B]) {
      const alarm = byName[`acme-prod-nat-${gw.name}-port-allocation-errors`];
      expect(alarm).toMatchObject({
        namespace: "AWS/NATGateway",
        metric_name: "ErrorPortAllocation",
        dimensions: { NatGatewayId: gw.natGatewayId },
        statistic: "Sum",
        period: 60,
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
        evaluation_periods: 15,
        datapoints_to_alarm: 15,
        treat_missing_data: "notBreaching",
      });
      expectNotifiesTopic(alarm, topic);
    }
  });

  it("alarms per gateway on dropped packets as a percentage of the packets in, 5 of 5 minutes", () => {
    // GIVEN / WHEN a gateway and a 0.01 % threshold
    const alarm = build({ gateways: [A] }).byName["acme-prod-nat-eu-west-1a-packets-dropped"];
    // THEN PacketsDropCount / (PacketsInFromSource + PacketsInFromDestination) * 100 above 0.01
    const sum = (metric_name: string) => ({ namespace: "AWS/NATGateway", metric_name, dimensions: { NatGatewayId: A.natGatewayId }, stat: "Sum", period: 60 });
    expect(alarm).toMatchObject({
      comparison_operator: "GreaterThanThreshold",
      threshold: 0.01,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: "notBreaching",
      metric_query: [
        { id: "dropped", metric: sum("PacketsDropCount") },
        { id: "fromSource", metric: sum("PacketsInFromSource") },
        { id: "fromDestination", metric: sum("PacketsInFromDestination") },
        {
          id: "dropRate",
          expression: "IF(fromSource + fromDestination > 0, 100 * dropped / (fromSource + fromDestination), 0)",
          label: "Dropped packets, % of packets in",
          return_data: true,
        },
      ],
    });
  });

  it("makes no alarm without gateways (natGateways none)", () => {
    // GIVEN / WHEN no gateway / THEN no alarm
    expect(build({ gateways: [] }).byName).toEqual({});
  });

  it.each([
    ["a drop threshold of 0", { packetDropPercent: 0 }, /packetDropPercent must be a percentage above 0 and at most 100, got 0/],
    ["two gateways of one name", { gateways: [A, { ...B, name: A.name }] }, /gateways\[1\]\.name must be unique, got "eu-west-1a"/],
    ["a name that is no DNS label", { gateways: [{ ...A, name: "AZ a" }] }, /gateways\[0\]\.name must be a lowercase DNS label/],
  ])("rejects %s, naming the prop", (_what, props, message) => {
    // GIVEN / WHEN / THEN the construct refuses
    expect(() => build(props)).toThrow(message);
  });
});
