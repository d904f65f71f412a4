import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { NamingContext } from "../../src/core/naming";
import { LoadBalancedServiceOptions, ServiceLoadBalancer, ServiceLoadBalancerProps } from "../../src/edge/service-load-balancer";
import { NetworkRef } from "../../src/network/network-ref";
import { ref, refOf, resourceOf, resources, TfJson } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { FakeService, fakeNamespace } from "./fakes";

describe("ServiceLoadBalancer", () => {
  const build = (props: Partial<ServiceLoadBalancerProps> = {}, network?: (n: NetworkRef) => NetworkRef) => {
    const stack: TerraformStack = testStack();
    const base = fakeNetwork(stack);
    const net = network ? network(base) : base;
    const namespace = fakeNamespace(stack, base);
    const nlb = new ServiceLoadBalancer(stack, "nlb", { naming: testEnv("prod"), network: net, deletionProtection: true, ...props });
    const service = (name: string, port = 8080, id = name) => new FakeService(stack, id, { name, port, network: base, namespaceId: namespace.id });
    return { stack, nlb, service };
  };
  const options = (listenerPort: number, overrides: Partial<LoadBalancedServiceOptions> = {}): LoadBalancedServiceOptions => ({
    listenerPort,
    healthCheckPath: "/health",
    ...overrides,
  });
  const all = (json: TfJson, type: string): TfJson[] => Object.values(resources(json, type));

  describe("the load balancer", () => {
    it("is an internal, cross-zone NLB in the private subnets with its own security group", () => {
      // GIVEN / WHEN a load balancer in the fake network
      const { stack, nlb } = build();
      // THEN it is one internal network load balancer, named by the physical-name scheme
      const json = synthJson(stack);
      expect(all(json, "aws_lb")).toHaveLength(1);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(Lb, {
        name: "platform-prod-nlb",
        load_balancer_type: "network",
        internal: true,
        enable_cross_zone_load_balancing: true,
        subnets: [ref("aws_subnet", "fake-private-0", "id"), ref("aws_subnet", "fake-private-1", "id")],
        security_groups: [refOf(nlb.securityGroup, "id")],
        // API Gateway's VPC link v1 arrives over PrivateLink from addresses outside the VPC
        enforce_security_group_inbound_rules_on_private_link_traffic: "off",
      });
      // AND its group is described, replaced before destroyed, in the VPC
      expect(Testing.synth(stack)).toHaveResourceWithProperties(SecurityGroup, {
        name_prefix: "platform-prod-nlb-",
        vpc_id: ref("aws_vpc", "fake-vpc", "id"),
        description: expect.stringMatching(/^Service NLB: listener ports from the VPC only/),
        lifecycle: { create_before_destroy: true },
      });
    });

    it("exposes references to the load balancer and its group", () => {
      // GIVEN a load balancer whose attributes are outputs
      const { stack, nlb } = build();
      new TerraformOutput(stack, "arn", { value: nlb.loadBalancerArn });
      new TerraformOutput(stack, "dns", { value: nlb.dnsName });
      new TerraformOutput(stack, "sg", { value: nlb.securityGroupId });
      // WHEN synthesized
      const json = synthJson(stack);
      // THEN they reference the load balancer and its group
      expect(json.output.arn.value).toBe(refOf(nlb.loadBalancer, "arn"));
      expect(json.output.dns.value).toBe(refOf(nlb.loadBalancer, "dns_name"));
      expect(json.output.sg.value).toBe(refOf(nlb.securityGroup, "id"));
    });

    it.each([true, false])("sets deletion protection to %s as asked", (deletionProtection) => {
      // GIVEN / WHEN a load balancer with deletion protection on or off
      const { stack, nlb } = build({ deletionProtection });
      // THEN the load balancer carries that setting
      expect(resourceOf(synthJson(stack), nlb.loadBalancer).enable_deletion_protection).toBe(deletionProtection);
    });

    it("writes no access logs by default", () => {
      // GIVEN / WHEN a load balancer without access logs
      const { stack, nlb } = build();
      // THEN it has no access_logs block
      expect(resourceOf(synthJson(stack), nlb.loadBalancer).access_logs).toBeUndefined();
    });

    it("enables access logs to the given bucket and prefix", () => {
      // GIVEN / WHEN a load balancer with access logs
      const { stack, nlb } = build({ accessLogs: { bucket: "platform-prod-lb-logs", prefix: "nlb" } });
      // THEN the block names the bucket and prefix, and is enabled (false is the provider's default)
      expect(resourceOf(synthJson(stack), nlb.loadBalancer).access_logs).toEqual({ bucket: "platform-prod-lb-logs", prefix: "nlb", enabled: true });
    });

    it("has no security group rules until a service is added", () => {
      // GIVEN / WHEN a load balancer alone
      const { stack } = build();
      // THEN there is no rule at all
      const json = synthJson(stack);
      expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
      expect(resources(json, "aws_vpc_security_group_egress_rule")).toEqual({});
    });
  });

  describe("addService", () => {
    it("adds a TCP listener forwarding to an ip target group with an HTTP health check", () => {
      // GIVEN a load balancer and a service on port 8080
      const { stack, nlb, service } = build();
      const orders = service("orders", 8080);
      // WHEN the service is added on listener port 10001
      const added = nlb.addService(orders, options(10001, { healthCheckPath: "/orders/health" }));
      // THEN the listener is on that port and forwards to the service's target group
      const json = synthJson(stack);
      expect(all(json, "aws_lb_listener")).toHaveLength(1);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(LbListener, {
        load_balancer_arn: refOf(nlb.loadBalancer, "arn"),
        port: 10001,
        protocol: "TCP",
        default_action: [{ type: "forward", target_group_arn: refOf(added.targetGroup, "arn") }],
      });
      expect(resourceOf(json, added.listener).lifecycle).toBeUndefined();
      // AND the one target group is ip, TCP on the container port, in the VPC, checked over HTTP
      expect(all(json, "aws_lb_target_group")).toHaveLength(1);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(LbTargetGroup, {
        target_type: "ip",
        protocol: "TCP",
        port: 8080,
        vpc_id: ref("aws_vpc", "fake-vpc", "id"),
        deregistration_delay: "30",
        health_check: {
          enabled: true,
          protocol: "HTTP",
          path: "/orders/health",
          port: "traffic-port",
          matcher: "200-399",
          interval: 10,
          timeout: 5,
          healthy_threshold: 3,
          unhealthy_threshold: 3,
        },
        lifecycle: { create_before_destroy: true },
        tags: { Name: "platform-prod-orders" },
      });
      // AND what it returns describes them
      expect(added).toMatchObject({ listenerPort: 10001, alternateTargetGroup: undefined });
      new TerraformOutput(stack, "listener", { value: added.listenerArn });
      expect(synthJson(stack).output.listener.value).toBe(refOf(added.listener, "arn"));
      expect(nlb.listenerOf("orders")).toBe(added);
      expect(nlb.listenerOf("catalog")).toBeUndefined();
    });

    it("names target groups <project>-<env>-<service>-<hash>, within 32 characters, new whenever AWS would replace them", () => {
      // GIVEN two load balancers whose services differ only in the container port
      const name = (port: number, serviceName = "orders") => {
        const { nlb, service } = build();
        return nlb.addService(service(serviceName, port), options(10001)).targetGroup;
      };
      const first = name(8080);
      // THEN the name reads as the service's, ends with a hash, and is the same on every synth
      expect(resourceOf(synthJson(first.cdktfStack), first).name).toMatch(/^platform-prod-orders-[0-9a-f]{6}$/);
      const again = name(8080);
      expect(resourceOf(synthJson(again.cdktfStack), again).name).toBe(resourceOf(synthJson(first.cdktfStack), first).name);
      // AND another port (a replacement) gives another name, so create_before_destroy cannot clash
      const moved = name(9090);
      expect(resourceOf(synthJson(moved.cdktfStack), moved).name).not.toBe(resourceOf(synthJson(first.cdktfStack), first).name);
      // AND a long service name is cut to fit the 32 characters (no '-' left at the cut), hash kept
      const long = name(8080, "a-very-long-service-name-for-names");
      expect(resourceOf(synthJson(long.cdktfStack), long).name).toMatch(/^platform-prod-a-very-long-[0-9a-f]{6}$/);
      const cutAtHyphen = name(8080, "a-very-lon-g-service");
      expect(resourceOf(synthJson(cutAtHyphen.cdktfStack), cutAtHyphen).name).toMatch(/^platform-prod-a-very-lon-[0-9a-f]{6}$/);
    });

    it("gives a blue/green service a second target group and leaves the listener's action to CodeDeploy", () => {
      // GIVEN a load balancer and a service
      const { stack, nlb, service } = build();
      // WHEN the service is added for blue/green
      const added = nlb.addService(service("orders"), options(10001, { blueGreen: true }));
      // THEN there are two target groups alike but for their names
      const json = synthJson(stack);
      expect(added.alternateTargetGroup).toBeDefined();
      const primary = resourceOf(json, added.targetGroup);
      const alternate = resourceOf(json, added.alternateTargetGroup!);
      expect(all(json, "aws_lb_target_group")).toHaveLength(2);
      expect(alternate.name).not.toBe(primary.name);
      expect(alternate.name).toMatch(/^platform-prod-orders-[0-9a-f]{6}$/);
      expect(alternate.tags).toEqual({ Name: "platform-prod-orders-alternate" });
      expect({ ...alternate, name: primary.name, tags: primary.tags }).toEqual(primary);
      // AND the listener starts on the primary group and ignores later changes to its action
      expect(resourceOf(json, added.listener)).toMatchObject({
        default_action: [{ type: "forward", target_group_arn: refOf(added.targetGroup, "arn") }],
        lifecycle: { ignore_changes: ["default_action"] },
      });
    });

    it("opens each listener port from the VPC CIDR only, and each service port from the load balancer's group only", () => {
      // GIVEN a load balancer and two services
      const { stack, nlb, service } = build();
      const orders = service("orders", 8080);
      const catalog = service("catalog", 9090);
      // WHEN both are added
      nlb.addService(orders, options(10001));
      nlb.addService(catalog, options(10002, { blueGreen: true }));
      // THEN the load balancer's group admits exactly the two listener ports, from the VPC
      const json = synthJson(stack);
      const nlbGroup = refOf(nlb.securityGroup, "id");
      const rule = (r: TfJson) => ({
        group: r.security_group_id,
        from: r.cidr_ipv4 ?? r.referenced_security_group_id,
        ports: [r.from_port, r.to_port],
        protocol: r.ip_protocol,
      });
      expect(all(json, "aws_vpc_security_group_ingress_rule").map(rule)).toEqual(
        expect.arrayContaining([
          { group: nlbGroup, from: "10.0.0.0/16", ports: [10001, 10001], protocol: "tcp" },
          { group: nlbGroup, from: "10.0.0.0/16", ports: [10002, 10002], protocol: "tcp" },
          // AND each service admits the load balancer's group on its container port
          { group: refOf(orders.securityGroup, "id"), from: nlbGroup, ports: [8080, 8080], protocol: "tcp" },
          { group: refOf(catalog.securityGroup, "id"), from: nlbGroup, ports: [9090, 9090], protocol: "tcp" },
        ]),
      );
      // AND nothing else is admitted anywhere
      expect(all(json, "aws_vpc_security_group_ingress_rule")).toHaveLength(4);
      // AND the load balancer reaches only the two service ports (traffic and health checks)
      const egress = all(json, "aws_vpc_security_group_egress_rule").map(rule);
      expect(egress).toHaveLength(2);
      expect(egress).toEqual(
        expect.arrayContaining([
          { group: nlbGroup, from: refOf(orders.securityGroup, "id"), ports: [8080, 8080], protocol: "tcp" },
          { group: nlbGroup, from: refOf(catalog.securityGroup, "id"), ports: [9090, 9090], protocol: "tcp" },
        ]),
      );
      // AND every rule is described
      for (const r of [...all(json, "aws_vpc_security_group_ingress_rule"), ...all(json, "aws_vpc_security_group_egress_rule")]) {
        expect(r.description).toMatch(/\S/);
      }
    });
  });

  describe("validation", () => {
    it("rejects a network without private subnets", () => {
      // GIVEN a network without private subnets / WHEN building / THEN the error names the prop
      expect(() => build({}, (n) => ({ ...n, privateSubnetIds: [] }))).toThrow("test/nlb: network.privateSubnetIds must list at least one subnet, got none");
    });

    it("rejects a load balancer name over 32 characters", () => {
      // GIVEN a project and environment whose <project>-<env>-nlb has 33 characters
      const naming: NamingContext = { project: "a-twenty-char-projec", envName: "staging1" };
      // WHEN building / THEN the error names the name and the limit
      expect(() => build({ naming })).toThrow(/test\/nlb: the load balancer name "a-twenty-char-projec-staging1-nlb" .* must have 1–32 characters \(got 33\)/);
    });

    it("rejects a load balancer name that begins with internal-", () => {
      // GIVEN the project "internal" / WHEN building / THEN the error says why
      expect(() => build({ naming: { project: "internal", envName: "prod" } })).toThrow(/"internal-prod-nlb" .* must not begin with 'internal-'/);
    });

    it("rejects a VPC CIDR that is not one", () => {
      // GIVEN a network whose CIDR is malformed / WHEN building / THEN the error names the prop and value
      expect(() => build({}, (n) => ({ ...n, vpcCidr: "10.0.0.0" }))).toThrow(/test\/nlb: network\.vpcCidr must be an IPv4 CIDR block .* got "10\.0\.0\.0"/);
    });

    it("rejects an access log bucket that is not a bucket name", () => {
      // GIVEN an invalid bucket name / WHEN building / THEN the error names the prop and value
      expect(() => build({ accessLogs: { bucket: "Logs_Bucket" } })).toThrow(/test\/nlb: accessLogs\.bucket must be 3–63 characters .* got "Logs_Bucket"/);
    });

    it.each([[""], ["logs/AWSLogs"]])("rejects the access log prefix %j", (prefix) => {
      // GIVEN an empty prefix or one containing AWSLogs / WHEN building / THEN the error names the prop
      expect(() => build({ accessLogs: { bucket: "platform-prod-lb-logs", prefix } })).toThrow(
        /test\/nlb: accessLogs\.prefix must be non-empty .* must not contain "AWSLogs"/,
      );
    });

    it("rejects a second service of the same name", () => {
      // GIVEN a load balancer with orders
      const { nlb, service } = build();
      nlb.addService(service("orders"), options(10001));
      // WHEN another service named orders is added / THEN the error says names must be unique
      const twin = service("orders", 8080, "orders-twin");
      expect(() => nlb.addService(twin, options(10002))).toThrow(
        /test\/nlb: service "orders": is already behind this load balancer; service names must be unique/,
      );
    });

    it("rejects a listener port already in use", () => {
      // GIVEN a load balancer with orders on 10001
      const { nlb, service } = build();
      nlb.addService(service("orders"), options(10001));
      // WHEN catalog asks for 10001 / THEN the error names the owner
      expect(() => nlb.addService(service("catalog"), options(10001))).toThrow(
        /test\/nlb: service "catalog": listenerPort 10001 is already the listener of service "orders"; listener ports must be unique/,
      );
    });

    it.each([[0], [65536], [80.5]])("rejects the listener port %d", (listenerPort) => {
      // GIVEN a port outside 1–65535 / WHEN adding / THEN the error names the prop and value
      const { nlb, service } = build();
      expect(() => nlb.addService(service("orders"), options(listenerPort))).toThrow(
        new RegExp(`test/nlb: service "orders": listenerPort must be an integer 1–65535, got ${listenerPort}`),
      );
    });

    it.each([[0], [70000]])("rejects the container port %d", (port) => {
      // GIVEN a service whose port is outside 1–65535 / WHEN adding / THEN the error names it
      const { nlb, service } = build();
      expect(() => nlb.addService(service("orders", port), options(10001))).toThrow(
        new RegExp(`test/nlb: service "orders": port must be an integer 1–65535, got ${port}`),
      );
    });

    it.each([["health"], ["/health check"], ["/" + "a".repeat(1024)]])("rejects the health check path %j", (healthCheckPath) => {
      // GIVEN a path without a leading '/', with a space, or too long / WHEN adding / THEN the error names the prop
      const { nlb, service } = build();
      expect(() => nlb.addService(service("orders"), options(10001, { healthCheckPath }))).toThrow(
        /test\/nlb: service "orders": healthCheckPath must start with '\/'/,
      );
    });

    it("rejects a service name that is not a DNS label", () => {
      // GIVEN a service named with an underscore / WHEN adding / THEN the error says why
      const { nlb, service } = build();
      expect(() => nlb.addService(service("Orders_API"), options(10001))).toThrow(/test\/nlb: service "Orders_API": the name must be a DNS label/);
    });

    it("creates nothing for a service it rejects", () => {
      // GIVEN a load balancer / WHEN a service with a bad health check path is rejected
      const { stack, nlb, service } = build();
      expect(() => nlb.addService(service("orders"), options(10001, { healthCheckPath: "bad" }))).toThrow();
      // THEN no listener, target group or rule was created, and the name and port stay free
      const json = synthJson(stack);
      expect(resources(json, "aws_lb_listener")).toEqual({});
      expect(resources(json, "aws_lb_target_group")).toEqual({});
      expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
      expect(nlb.listenerOf("orders")).toBeUndefined();
    });
  });
});
