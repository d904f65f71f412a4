import { Token } from "cdktf";

/** Throttling limits of API Gateway's token bucket: a stage, a method, a usage plan. */
export interface ApiThrottle {
  /** Requests allowed in a burst (bucket size), an integer > 0. */
  readonly burstLimit: number;
  /** Steady-state requests per second, > 0. */
  readonly rateLimit: number;
}

/**
 * Throws unless `throttle` is a usable bucket: `burstLimit` an integer > 0, `rateLimit` > 0
 * (values known only at apply time pass). The message names `path`, `what` and the value.
 * The same rule as the HTTP flavor's stage and route throttles.
 */
export function checkApiThrottle(path: string, what: string, throttle: ApiThrottle): void {
  const { burstLimit, rateLimit } = throttle;
  if (!Token.isUnresolved(burstLimit) && !(Number.isInteger(burstLimit) && burstLimit > 0)) {
    throw new Error(`${path}: ${what}.burstLimit must be an integer > 0, got ${burstLimit}`);
  }
  if (!Token.isUnresolved(rateLimit) && !(Number.isFinite(rateLimit) && rateLimit > 0)) {
    throw new Error(`${path}: ${what}.rateLimit must be > 0, got ${rateLimit}`);
  }
}
