import { DNS_LABEL_RE as LABEL_RE } from "../core/aws-facts";

/**
 * Checks that `host` is exactly one label under `zoneName` (`api-dev.example.com`
 * under `example.com`). Cloudflare's Universal SSL certificate covers the apex and one
 * level of subdomain only: a proxied `api.dev.example.com` would get no edge
 * certificate and fail TLS. Throws an error naming `path`, the prop and the value.
 */
export function checkOneLabelHost(path: string, prop: string, host: string, zoneName: string): void {
  const suffix = `.${zoneName}`;
  const label = host.endsWith(suffix) ? host.slice(0, -suffix.length) : undefined;
  if (label === undefined || !LABEL_RE.test(label)) {
    throw new Error(
      `${path}: ${prop} must be one lowercase DNS label under ${zoneName} (like api-dev.${zoneName}): ` +
        `Cloudflare's Universal SSL covers one level of subdomain only, got ${JSON.stringify(host)}`,
    );
  }
}
