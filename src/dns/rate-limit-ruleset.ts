import { Construct } from "constructs";
import { Token } from "cdktf";
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { HOSTNAME_RE, PATH_PREFIX_RE } from "../core/aws-facts";

/** Properties of a {@link RateLimitRuleset}. */
export interface RateLimitRulesetProps {
  /** The Cloudflare zone id. */
  readonly zoneId: string;
  /** The API's path prefixes: requests under them are counted. */
  readonly pathPrefixes: readonly string[];
  /** Requests one client IP may send per period (per Cloudflare data center) before it is blocked. */
  readonly requestsPerPeriod: number;
  /**
   * Counting period, seconds. The Free plan allows 10 only; 60 needs Pro,
   * 120–600 Business, 3600 Enterprise.
   * @default 10
   */
  readonly periodSeconds?: number;
  /**
   * How long a client stays blocked, seconds. The Free plan allows 10 only.
   * @default 10
   */
  readonly mitigationTimeoutSeconds?: number;
  /**
   * Match these hosts instead of the path prefixes (every path on the API hosts,
   * `$default` included). The Host field in rate limiting expressions needs the Pro
   * plan or higher.
   * @default none: match the path prefixes on any host of the zone (Free-plan compatible)
   */
  readonly hosts?: readonly string[];
}

/**
 * Optional Cloudflare rate limiting in front of the API: one rule in the zone's
 * `http_ratelimit` entry-point ruleset that counts requests per client IP (per data
 * center: `cf.colo.id` is mandatory) and blocks a client over the limit for the
 * mitigation timeout. The defaults fit the Free plan (one rule, the Path field,
 * 10-second period and timeout, IP counting, action block).
 *
 * A zone has exactly one entry-point ruleset per phase, so — like the zone settings —
 * only one stack may own it (this app creates it in the `domain.zoneSettingsOwner`
 * stack, when `domain.rateLimit` is configured). The rule then counts the API paths of
 * every environment's host (the Free plan cannot filter by host). It complements, not replaces, the API's stage/route throttling,
 * which protects the backends from all clients together.
 */
export class RateLimitRuleset extends Construct {
  /** @default 10 (the Free plan's only period) */
  static readonly DEFAULT_PERIOD_SECONDS = 10;
  /** @default 10 (the Free plan's only timeout) */
  static readonly DEFAULT_MITIGATION_TIMEOUT_SECONDS = 10;
  /** Periods Cloudflare accepts (per plan, see {@link RateLimitRulesetProps.periodSeconds}). */
  static readonly ALLOWED_PERIODS: readonly number[] = [10, 60, 120, 300, 600, 3600];
  /** Mitigation timeouts Cloudflare accepts. */
  static readonly ALLOWED_MITIGATION_TIMEOUTS: readonly number[] = [10, 60, 120, 300, 600, 3600, 86400];

  /** The ruleset resource. */
  public readonly ruleset: Ruleset;
  /** The rule's expression (which requests are counted). */
  public readonly expression: string;

  constructor(scope: Construct, id: string, props: RateLimitRulesetProps) {
    super(scope, id);
    const period = props.periodSeconds ?? RateLimitRuleset.DEFAULT_PERIOD_SECONDS;
    const timeout = props.mitigationTimeoutSeconds ?? RateLimitRuleset.DEFAULT_MITIGATION_TIMEOUT_SECONDS;
    const where = this.node.path;
    if (!Token.isUnresolved(props.requestsPerPeriod) && !(Number.isInteger(props.requestsPerPeriod) && props.requestsPerPeriod > 0)) {
      throw new Error(`${where}: requestsPerPeriod must be an integer > 0, got ${props.requestsPerPeriod}`);
    }
    if (!RateLimitRuleset.ALLOWED_PERIODS.includes(period)) {
      throw new Error(`${where}: periodSeconds must be one of ${RateLimitRuleset.ALLOWED_PERIODS.join(", ")} (Free plan: 10), got ${period}`);
    }
    if (!RateLimitRuleset.ALLOWED_MITIGATION_TIMEOUTS.includes(timeout)) {
      throw new Error(
        `${where}: mitigationTimeoutSeconds must be one of ${RateLimitRuleset.ALLOWED_MITIGATION_TIMEOUTS.join(", ")} (Free plan: 10), got ${timeout}`,
      );
    }
    if (props.hosts !== undefined) {
      if (props.hosts.length === 0) throw new Error(`${where}: hosts must list at least one host when set, got an empty list`);
      const bad = props.hosts.find((h) => !HOSTNAME_RE.test(h));
      if (bad !== undefined) throw new Error(`${where}: hosts entries must be lowercase host names like api.example.com, got ${JSON.stringify(bad)}`);
    } else {
      if (props.pathPrefixes.length === 0) throw new Error(`${where}: pathPrefixes must list at least one prefix, got none`);
      // The regex also keeps quotes and operators out of the expression.
      const bad = props.pathPrefixes.find((p) => !PATH_PREFIX_RE.test(p));
      if (bad !== undefined) {
        throw new Error(`${where}: pathPrefixes entries must start with '/', have no trailing '/' and use URL-safe segments, got ${JSON.stringify(bad)}`);
      }
    }

    this.expression =
      props.hosts !== undefined
        ? `(http.host in {${props.hosts.map((h) => JSON.stringify(h)).join(" ")}})`
        : `(${props.pathPrefixes
            .map((p) => `http.request.uri.path eq ${JSON.stringify(p)} or http.request.uri.path wildcard ${JSON.stringify(`${p}/*`)}`)
            .join(" or ")})`;

    this.ruleset = new Ruleset(this, "ruleset", {
      zoneId: props.zoneId,
      kind: "zone",
      phase: "http_ratelimit",
      name: "API rate limiting",
      description: "Per-IP rate limit of the API (managed by cdktf)",
      rules: [
        {
          ref: "api_rate_limit_per_ip",
          description: `At most ${props.requestsPerPeriod} requests per ${period} s per client IP`,
          expression: this.expression,
          action: "block",
          enabled: true,
          ratelimit: {
            // cf.colo.id is mandatory: Cloudflare counts per data center.
            characteristics: ["cf.colo.id", "ip.src"],
            period,
            requestsPerPeriod: props.requestsPerPeriod,
            mitigationTimeout: timeout,
          },
        },
      ],
    });
  }
}
