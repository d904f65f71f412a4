/**
 * The internal NLB's listener ports (`api.targets: "loadBalancer"`): the stacks assign
 * them and `npm run doctor` checks the security-group rules on them, so the rule lives
 * here, away from both.
 */

/** First NLB listener port; each service's is this plus a hash of its name (see {@link listenerPorts}). */
export const LISTENER_PORT_BASE = 20000;
const LISTENER_PORT_RANGE = 10000;

/**
 * The NLB listener port of each public service: `20000 + FNV-1a(name) mod 10000`, the
 * next free port on a collision (in the order given). A service keeps its port when
 * others are added, removed or reordered — a changed port replaces the listener and its
 * integrations — unless it collided; ports stay clear of the well-known and container
 * ranges a VPC peer would use.
 */
export function listenerPorts(serviceNames: readonly string[]): Record<string, number> {
  const taken = new Set<number>();
  const ports: Record<string, number> = {};
  for (const name of serviceNames) {
    let hash = 0x811c9dc5;
    for (const ch of name) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    let offset = hash % LISTENER_PORT_RANGE;
    while (taken.has(LISTENER_PORT_BASE + offset)) offset = (offset + 1) % LISTENER_PORT_RANGE;
    taken.add(LISTENER_PORT_BASE + offset);
    ports[name] = LISTENER_PORT_BASE + offset;
  }
  return ports;
}
