import { PRICE, PriceTable } from "../price-table";

// Read through the stored copies of public pages on 2026-12-01. AWS renders its regional
// price tables in the browser, so the stored aws.amazon.com pricing pages carry few numbers;
// most prices below come from pages that quote them for this region. A price no stored
// source gave is not here (db.m7g.large, m7i.large, m6i.large, c7g.large, t4g.medium,
// Fargate Spot, S3): the estimator lists those lines as unpriced.

const READ = "2026-12-01";

const NAT = {
  source: "https://rajesh.medampudi.com/blog/aws-nat-gateway-hidden-tax",
  date: READ,
};
const ENDPOINT = {
  source: "https://c3x.dev/resources/aws/aws_vpc_endpoint",
  date: READ,
  note: "the page names no region for the rate; its example endpoint is com.amazonaws.us-east-1.s3, so it is recorded for us-east-1 only",
};
const IPV4 = {
  source: "https://taourl.com/read-2607549.html",
  date: "2025-05-12",
  quote: "AWS charges $0.005 per hour for each public IPv4 address, whether attached to an instance or unused (idle). This applies to all AWS regions.",
};
const FARGATE = {
  source: "https://www.wring.co/blog/aws-fargate-pricing-guide",
  date: "2026-03-10",
  quote: "Fargate charges per vCPU-hour ($0.04048) and per GB-hour ($0.004445) in US East.",
};
const FARGATE_ARM = {
  source: "https://www.vantage.sh/blog/fargate-pricing",
  date: READ,
  quote: "we’ll use us-east-1 for the pricing presented here. … Linux/ARM $0.03238 $0.00356",
  note: "the page shows 'Originally published April 22, 2021' and no update date",
};
const RDS = {
  source: "https://infratally.com/articles/aws-rds-pricing-explained-2026.html",
  date: READ,
};
const LOGS = {
  source: "https://c3x.dev/blog/cloudwatch-logs-cost-optimization",
  date: "2026-06",
  quote: "us-east-1, June 2026: Standard log class … Ingestion: $0.50 per GB … Storage: $0.03 per GB-month",
};
const API = {
  source: "https://awsforengineers.com/blog/aws-api-gateway-pricing-explained",
  date: "2025-05-19",
  quote: "Base Pricing (US East) … HTTP APIs $1.00/million (first 300M) … REST APIs $3.50/million (first 333M)",
};

/** US East (N. Virginia). */
export const US_EAST_1: PriceTable = {
  region: "us-east-1",
  location: "US East (N. Virginia)",
  prices: {
    [PRICE.natGatewayHour]: {
      ...NAT,
      usd: 0.045,
      per: "NAT gateway-hour",
      quote: "In us-east-1 (N. Virginia) and us-east-2 (Ohio) this is $0.045 per NAT Gateway-hour.",
    },
    [PRICE.natGatewayGb]: {
      ...NAT,
      usd: 0.045,
      per: "GB processed",
      quote: "Data processing charge — you pay $0.045 per GB processed through the gateway, in the same region, on top of the hourly charge.",
    },
    [PRICE.interfaceEndpointAzHour]: {
      ...ENDPOINT,
      usd: 0.01,
      per: "endpoint-AZ-hour",
      quote:
        'Interface Endpoints (vpc_endpoint_type = "Interface"): PrivateLink-style ENI in each AZ. Billed $0.01/hour per AZ per endpoint plus $0.01/GB processed.',
    },
    [PRICE.interfaceEndpointGb]: {
      ...ENDPOINT,
      usd: 0.01,
      per: "GB processed",
      quote: "Billed $0.01/hour per AZ per endpoint plus $0.01/GB processed.",
    },
    [PRICE.publicIpv4Hour]: { ...IPV4, usd: 0.005, per: "public IPv4 address-hour" },
    [PRICE.fargateVcpuHour("x86")]: { ...FARGATE, usd: 0.04048, per: "vCPU-hour" },
    [PRICE.fargateGbHour("x86")]: { ...FARGATE, usd: 0.004445, per: "GB-hour" },
    [PRICE.fargateVcpuHour("arm")]: { ...FARGATE_ARM, usd: 0.03238, per: "vCPU-hour" },
    [PRICE.fargateGbHour("arm")]: { ...FARGATE_ARM, usd: 0.00356, per: "GB-hour" },
    [PRICE.rdsInstanceHour("postgres", "db.t4g.micro")]: {
      ...RDS,
      usd: 0.016,
      per: "instance-hour",
      quote: "Single-AZ pricing … all in us-east-1: | db.t4g.micro | 2 | 1 GiB | $0.016 | $11.68 | $0.032 | $23.36 |",
    },
    [PRICE.rdsInstanceMultiAzHour("postgres", "db.t4g.micro")]: {
      ...RDS,
      usd: 0.032,
      per: "Multi-AZ instance-hour",
      quote: "| db.t4g.micro | 2 | 1 GiB | $0.016 | $11.68 | $0.032 | $23.36 | … Multi-AZ pricing is exactly double the Single-AZ rate.",
    },
    [PRICE.rdsInstanceHour("postgres", "db.t4g.small")]: {
      ...RDS,
      usd: 0.032,
      per: "instance-hour",
      quote: "Single-AZ pricing … all in us-east-1: | db.t4g.small | 2 | 2 GiB | $0.032 | $23.36 | $0.064 | $46.72 |",
    },
    [PRICE.rdsInstanceMultiAzHour("postgres", "db.t4g.small")]: {
      ...RDS,
      usd: 0.064,
      per: "Multi-AZ instance-hour",
      quote: "| db.t4g.small | 2 | 2 GiB | $0.032 | $23.36 | $0.064 | $46.72 |",
    },
    [PRICE.rdsInstanceHour("postgres", "db.t4g.medium")]: {
      ...RDS,
      usd: 0.065,
      per: "instance-hour",
      quote: "Single-AZ pricing … all in us-east-1: | db.t4g.medium | 2 | 4 GiB | $0.065 | $47.45 | $0.130 | $94.90 |",
    },
    [PRICE.rdsInstanceMultiAzHour("postgres", "db.t4g.medium")]: {
      ...RDS,
      usd: 0.13,
      per: "Multi-AZ instance-hour",
      quote: "| db.t4g.medium | 2 | 4 GiB | $0.065 | $47.45 | $0.130 | $94.90 |",
    },
    [PRICE.rdsStorageGbMonth("gp3")]: {
      source: "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/",
      date: "2026-06",
      usd: 0.115,
      per: "GB-month",
      quote: "All rates: US East (N. Virginia), June 2026. … Storage | GB provisioned x $0.115/month (gp3).",
    },
    [PRICE.nlbHour]: {
      source: "https://clustercost.com/blog/network-load-balancer-pricing-2025",
      date: READ,
      usd: 0.0225,
      per: "load balancer-hour",
      quote: "The Base Hourly Rate (US-East-1) … NLB: $0.0225 per hour (~$16.42/month).",
    },
    [PRICE.nlcuHour]: {
      source:
        "https://raw.githubusercontent.com/api-evangelist/amazon-elastic-load-balancing/refs/heads/main/plans/amazon-elastic-load-balancing-plans-pricing.yml",
      date: "2026-09-20",
      usd: 0.006,
      per: "NLCU-hour",
      quote:
        "numeric unit prices shown are those stated in the page's pricing examples for US-East-1 … Network Load Balancer - NLCU price_text: $0.006 per NLCU",
      note: "a transcription of https://aws.amazon.com/elasticloadbalancing/pricing/ read on 2026-09-20",
    },
    [PRICE.ec2InstanceHour("m7g.large")]: {
      source: "https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/",
      date: "2026-06-17",
      usd: 0.0816,
      per: "instance-hour",
      quote: "In us-east-1 (June 2026), Linux m7g.large is $0.0816/hr.",
    },
    [PRICE.kmsKeyMonth]: {
      source: "https://aws.amazon.com/kms/pricing/",
      date: READ,
      usd: 1,
      per: "key-month",
      quote: "Each AWS KMS key that you create in KMS costs $1/month.",
      note: "the page gives one rate, with no regional table; automatic rotation adds $1/month per newly generated backing key (same page)",
    },
    [PRICE.secretMonth]: {
      source: "https://raw.githubusercontent.com/api-evangelist/amazon-secrets-manager/refs/heads/main/plans/amazon-secrets-manager-plans-pricing.yml",
      date: "2026-09-20",
      usd: 0.4,
      per: "secret-month",
      quote: "Per secret per month price_text: $0.40 / secret / month",
      note: "a transcription of https://aws.amazon.com/secrets-manager/pricing/ read on 2026-09-20; the rate is from the page's pricing examples, which name no region, so it is recorded for us-east-1 only",
    },
    [PRICE.logsIngestionGb]: { ...LOGS, usd: 0.5, per: "GB ingested" },
    [PRICE.logsStorageGbMonth]: { ...LOGS, usd: 0.03, per: "GB-month stored" },
    [PRICE.httpApiMillionRequests]: { ...API, usd: 1, per: "million requests" },
    [PRICE.restApiMillionRequests]: { ...API, usd: 3.5, per: "million requests" },
  },
};
