import { PRICE, PriceTable } from "../price-table";

// Read through the stored copies of public pages on 2026-12-01. No stored source gave this
// region's NAT gateway, interface endpoint, RDS, load balancer, EC2, Secrets Manager,
// CloudWatch Logs, API Gateway or S3 prices (AWS renders its regional tables in the
// browser, and the pages that quote prices quote us-east-1): those lines are unpriced here
// until someone adds them with their source (README: Cost, "Add a region or a price").

const READ = "2026-12-01";

const FARGATE = {
  source: "https://tomgregory.com/aws/aws-fargate-spot-vs-fargate-price-comparison/",
  date: READ,
};

/** Europe (Ireland). */
export const EU_WEST_1: PriceTable = {
  region: "eu-west-1",
  location: "Europe (Ireland)",
  prices: {
    [PRICE.publicIpv4Hour]: {
      source: "https://taourl.com/read-2607549.html",
      date: "2025-05-12",
      usd: 0.005,
      per: "public IPv4 address-hour",
      quote: "AWS charges $0.005 per hour for each public IPv4 address, whether attached to an instance or unused (idle). This applies to all AWS regions.",
    },
    [PRICE.fargateVcpuHour("x86")]: {
      ...FARGATE,
      usd: 0.04048,
      per: "vCPU-hour",
      quote: "$0.04048 per vCPU per hour … This in the eu-west-1 region which we’ll be using in this article.",
    },
    [PRICE.fargateGbHour("x86")]: {
      ...FARGATE,
      usd: 0.004445,
      per: "GB-hour",
      quote: "$0.004445 per GB memory per hour … This in the eu-west-1 region which we’ll be using in this article.",
    },
    [PRICE.fargateSpotVcpuHour("x86")]: {
      ...FARGATE,
      usd: 0.01334053,
      per: "vCPU-hour",
      quote: "The pricing for Fargate Spot looks pretty good: $0.01334053 per vCPU per hour",
      note: "Spot prices move with supply and demand; the page shows no date (Fargate Spot launched in December 2019)",
    },
    [PRICE.fargateSpotGbHour("x86")]: {
      ...FARGATE,
      usd: 0.00146489,
      per: "GB-hour",
      quote: "The pricing for Fargate Spot looks pretty good: … $0.00146489 per GB memory per hour",
      note: "Spot prices move with supply and demand; the page shows no date (Fargate Spot launched in December 2019)",
    },
    [PRICE.kmsKeyMonth]: {
      source: "https://aws.amazon.com/kms/pricing/",
      date: READ,
      usd: 1,
      per: "key-month",
      quote: "Each AWS KMS key that you create in KMS costs $1/month.",
      note: "the page gives one rate, with no regional table; automatic rotation adds $1/month per newly generated backing key (same page)",
    },
  },
};
