import { PRICE, PriceTable } from "../price-table";

// Read through the stored copies of public pages on 2026-12-01. The NAT gateway's prices are
// AWS's own: rate descriptions of the Price List API's eu-west-1 offer, read through a public
// repository's verbatim extract of it; the interface endpoint's too, as a public audit report
// quotes the API's answer. No stored source gave this region's RDS instance, load balancer,
// EC2, Secrets Manager, CloudWatch Logs, API Gateway or S3 prices (AWS renders its regional tables in the browser,
// and the pages that quote prices quote us-east-1, or a range for "Europe"): those lines are
// unpriced here until someone adds them with their source (README: Cost, "Add a region or a
// price"). RDS gp3 storage is the one RDS price a page stated for eu-west-1.

const READ = "2026-12-01";

/**
 * AWS's Price List API, AmazonEC2 offer 20260925174521 for eu-west-1 (publicationDate
 * 2026-09-25): its NAT Gateway products' on-demand rate descriptions.
 */
const PRICE_LIST_EC2 = {
  source: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/20260925174521/eu-west-1/index.json",
  date: "2026-09-25",
  note: "read through a public repository's verbatim extract of AWS's offer file (the NAT Gateway products and their on-demand terms); usagetypes EU-NatGateway-Hours and EU-NatGateway-Bytes",
};

/**
 * AWS's Price List API for AmazonVPC in eu-west-1, as a public audit report of 2026-05-01
 * quotes its answer (PrivateLink interface endpoint, SKU H37WJ97MHYGDXG2A): its NAT gateway
 * rows agree with the offer file above.
 */
const PRICE_LIST_VPC = {
  source: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/eu-west-1/index.json",
  date: "2026-05-01",
  note: "read through a public repository's audit report that quotes the Price List API's eu-west-1 answer (productFamily=VpcEndpoint, endpointType=PrivateLink)",
};

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
    [PRICE.rdsStorageGbMonth("gp3")]: {
      source: "https://blog.thebescloud.com/rds-gp3-volumes-decrypting-the-latest-storage-announcement-from-aws",
      date: READ,
      usd: 0.127,
      per: "GB-month",
      quote:
        "AWS has not decreased the storage price when you compare gp2 to gp3 volumes as they did for EC2 volumes (shown in tables below for eu-west-1). … Attribute gp2 gp3 io1 Storage $0.127 $0.127 $0.138 … Table 1 - RDS Volume Price",
      note: "the page shows no date (it discusses RDS gp3's general release, November 2022); its table gives RDS's per-GB rate, which AWS lists for Single-AZ (Multi-AZ stores every GB twice)",
    },
    [PRICE.natGatewayHour]: {
      ...PRICE_LIST_EC2,
      usd: 0.048,
      per: "NAT gateway-hour",
      quote: "$0.048 per NAT Gateway Hour",
    },
    [PRICE.natGatewayGb]: {
      ...PRICE_LIST_EC2,
      usd: 0.048,
      per: "GB processed",
      quote: "$0.048 per GB Data Processed by NAT Gateways",
    },
    [PRICE.interfaceEndpointAzHour]: {
      ...PRICE_LIST_VPC,
      usd: 0.011,
      per: "endpoint-AZ-hour",
      quote: "$0.011 per VPC Endpoint Hour",
    },
    [PRICE.interfaceEndpointGb]: {
      ...PRICE_LIST_VPC,
      usd: 0.01,
      per: "GB processed",
      quote: "$0.01/GB (up to 1 PB)",
      note: "the first petabyte a month; AWS's tiers then fall to $0.006 and $0.004 per GB",
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
