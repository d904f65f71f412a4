/** The stack's partition as synthesized by `partitionOf()` (one `data.aws_partition` per stack). */
export const PARTITION = "${data.aws_partition.aws-partition.partition}";
/** The partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn` in China). */
export const DNS_SUFFIX = "${data.aws_partition.aws-partition.dns_suffix}";
