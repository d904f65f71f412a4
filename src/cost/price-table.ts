/**
 * The shape of a region's price table and the keys the estimator looks prices up by.
 *
 * A table holds only what a stored source says, each price with its source URL, the date
 * (the page's own where it shows one, else the day it was read) and the sentence quoted
 * from it. A price no source gave is absent, never guessed: the estimator lists the line
 * as unpriced and says which key is missing.
 */

/** One on-demand list price in USD. */
export interface Price {
  /** US dollars per `per`. */
  readonly usd: number;
  /** What one unit is: `NAT gateway-hour`, `GB processed`, `vCPU-hour`, `key-month`, … */
  readonly per: string;
  /** Where the price was read (the page's URL). */
  readonly source: string;
  /** `YYYY-MM-DD` or `YYYY-MM`: the page's date where it shows one, else the day it was read. */
  readonly date: string;
  /** The source's own words, with the number, so a reviewer can find it. */
  readonly quote: string;
  /** Why the price is recorded for this region, when the source is not plain about it. */
  readonly note?: string;
}

/** A region's prices by key (see {@link PRICE}). */
export interface PriceTable {
  /** `eu-west-1` */
  readonly region: string;
  /** AWS's name for it: `Europe (Ireland)` */
  readonly location: string;
  readonly prices: Readonly<Record<string, Price>>;
}

/** Hours in the month every hourly price is multiplied by (AWS's own pricing examples use 730). */
export const HOURS_PER_MONTH = 730;

/** Days in that month: 730 h / 24. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** CPU architecture of a Fargate task (`runtime_platform.cpu_architecture`). */
export type FargateArchitecture = "x86" | "arm";

/** Price keys. One place, so a table and the estimator cannot spell a key two ways. */
export const PRICE = {
  natGatewayHour: "vpc.nat-gateway.hour",
  natGatewayGb: "vpc.nat-gateway.gb",
  interfaceEndpointAzHour: "vpc.interface-endpoint.az-hour",
  interfaceEndpointGb: "vpc.interface-endpoint.gb",
  publicIpv4Hour: "vpc.public-ipv4.hour",
  fargateVcpuHour: (arch: FargateArchitecture) => `fargate.${arch}.vcpu-hour`,
  fargateGbHour: (arch: FargateArchitecture) => `fargate.${arch}.gb-hour`,
  fargateSpotVcpuHour: (arch: FargateArchitecture) => `fargate-spot.${arch}.vcpu-hour`,
  fargateSpotGbHour: (arch: FargateArchitecture) => `fargate-spot.${arch}.gb-hour`,
  /** Single-AZ instance-hour; a Multi-AZ instance is two of them (primary and standby). */
  rdsInstanceHour: (engine: string, instanceClass: string) => `rds.${engine}.${instanceClass}.single-az-hour`,
  /** Recorded where the source gives it, to check the doubling against; the estimator does not read it. */
  rdsInstanceMultiAzHour: (engine: string, instanceClass: string) => `rds.${engine}.${instanceClass}.multi-az-hour`,
  /** Single-AZ GB-month; Multi-AZ stores every GB twice. */
  rdsStorageGbMonth: (storageType: string) => `rds.storage.${storageType}.single-az-gb-month`,
  nlbHour: "elb.nlb.hour",
  albHour: "elb.alb.hour",
  nlcuHour: "elb.nlb.nlcu-hour",
  /** Linux, shared tenancy. */
  ec2InstanceHour: (instanceType: string) => `ec2.${instanceType}.linux-hour`,
  kmsKeyMonth: "kms.key-month",
  secretMonth: "secretsmanager.secret-month",
  logsIngestionGb: "logs.ingestion.gb",
  logsStorageGbMonth: "logs.storage.gb-month",
  /** First tier (the first 300 million requests a month). */
  httpApiMillionRequests: "apigateway.http.million-requests",
  /** First tier (the first 333 million requests a month). */
  restApiMillionRequests: "apigateway.rest.million-requests",
  s3StandardGbMonth: "s3.standard.gb-month",
} as const;

/** The price of `key` in `table`, if the table has one. */
export function priceOf(table: PriceTable, key: string): Price | undefined {
  return Object.prototype.hasOwnProperty.call(table.prices, key) ? table.prices[key] : undefined;
}
