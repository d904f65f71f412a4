/**
 * The physical names and tags the stacks give what the doctor looks up: the doctor
 * imports no construct (nor cdktf), so the names the constructs build are repeated here
 * and `__tests__/doctor/names.test.ts` keeps both equal.
 */
import { NamingContext, physicalName } from "../core/naming";

/** The app container of every service task (`WorkloadTask.APP_CONTAINER_NAME`). */
export const APP_CONTAINER_NAME = "app";
/** The Cloud Map namespace's top-level label (`PrivateNamespace.SUFFIX`). */
export const NAMESPACE_SUFFIX = "internal";
/** The `tier` tag of the private (workload) subnets (`Network`). */
export const PRIVATE_TIER = "private";

/** What the stacks of one environment name the resources the doctor reads. */
export interface EnvironmentNames {
  /** ECS cluster, and the VPC's Name tag: `<project>-<env>`. */
  readonly cluster: string;
  readonly vpc: string;
  /** Cloud Map private DNS namespace: `<env>.<project>.internal`. */
  readonly namespace: string;
  /** HTTP or REST API: `<project>-<env>-api`. */
  readonly api: string;
  /** The HTTP API's VPC link (v2) and its security group's Name tag: `<project>-<env>-vpc-link`. */
  readonly vpcLink: string;
  /** The REST API's VPC link (v1): `<project>-<env>-rest-vpc-link`. */
  readonly restVpcLink: string;
  /** The internal NLB's security group Name tag: `<project>-<env>-nlb`. */
  readonly loadBalancerGroup: string;
  /** A service's task execution role: `<project>-<env>-<service>-exec`. */
  readonly executionRole: (service: string) => string;
}

/** The names of `naming`'s environment. */
export function environmentNames(naming: NamingContext): EnvironmentNames {
  return {
    cluster: physicalName(naming),
    vpc: physicalName(naming),
    namespace: `${naming.envName}.${naming.project}.${NAMESPACE_SUFFIX}`,
    api: physicalName(naming, "api"),
    vpcLink: physicalName(naming, "vpc-link"),
    restVpcLink: physicalName(naming, "rest-vpc-link"),
    loadBalancerGroup: physicalName(naming, "nlb"),
    executionRole: (service) => physicalName(naming, `${service}-exec`),
  };
}
