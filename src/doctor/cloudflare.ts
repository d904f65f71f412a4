/**
 * The Cloudflare side of the API's custom domain, read with the token cdktf deploy uses
 * (`CLOUDFLARE_API_TOKEN`): the zone's SSL mode is "strict" (Full (strict)), and the API
 * host's record is a proxied CNAME to the API Gateway domain's regional name. GET
 * requests only; without the token both checks are skipped.
 * https://developers.cloudflare.com/api/resources/zones/subresources/settings/methods/get/
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/
 */
import { EnvironmentConfig } from "../config";
import { placeholdersOf } from "../config/defaults";
import { awsErrorOf } from "./aws";
import { CheckResult, fail, GUIDE, pass, remedy, skip } from "./report";

const SECTION = "API Gateway";
/** Cloudflare's API v4. */
export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

/** What the doctor needs of an HTTP response (the global `fetch`'s fits). */
export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}

/** A GET with headers: the global `fetch`, or a fake in tests. */
export type FetchLike = (url: string, init: { readonly headers: Record<string, string> }) => Promise<FetchResponse>;

/** The token (absent: the checks are skipped) and how to send requests. */
export interface CloudflareDeps {
  readonly token?: string;
  readonly fetch: FetchLike;
}

/** A Cloudflare API v4 envelope. */
interface Envelope<T> {
  readonly success?: boolean;
  readonly errors?: readonly { readonly code?: number; readonly message?: string }[];
  readonly result?: T;
}

/** One DNS record as Cloudflare lists it. */
interface DnsRecord {
  readonly name?: string;
  readonly type?: string;
  readonly content?: string;
  readonly proxied?: boolean;
}

/** GETs `path` of the API; the result, or what went wrong. */
async function get<T>(deps: Required<CloudflareDeps>, path: string): Promise<{ readonly result: T } | { readonly problem: string }> {
  try {
    const response = await deps.fetch(`${CLOUDFLARE_API}${path}`, { headers: { Authorization: `Bearer ${deps.token}`, "Content-Type": "application/json" } });
    const body = (await response.json().catch(() => ({}))) as Envelope<T>;
    if (!response.ok || body.success === false || body.result === undefined) {
      const errors = (body.errors ?? []).map((e) => `${e.code ?? "?"} ${e.message ?? ""}`.trim()).join("; ");
      return { problem: `Cloudflare answered ${response.status}${errors ? `: ${errors}` : ""}` };
    }
    return { result: body.result };
  } catch (err) {
    return { problem: `could not reach Cloudflare: ${awsErrorOf(err).message}` };
  }
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** The zone's SSL mode and the API record, or two skipped lines saying why not. */
export async function cloudflareChecks(env: EnvironmentConfig, targetDomainName: string | undefined, deps: CloudflareDeps): Promise<CheckResult[]> {
  const zone = env.domain.cloudflareZoneId;
  const host = env.domain.apiHost;
  const sslCheck = `Cloudflare zone ${env.domain.name}: SSL mode`;
  const recordCheck = `Cloudflare record ${host}`;
  const why = !deps.token
    ? "CLOUDFLARE_API_TOKEN is not set (the token cdktf deploy uses; reading needs Zone Settings Read and DNS Read on the zone)"
    : placeholdersOf(env.config).some((p) => p.path === "domain.cloudflareZoneId")
      ? `domain.cloudflareZoneId is the example value ${zone}: set your zone's id`
      : undefined;
  if (why) return [skip(SECTION, sslCheck, why), skip(SECTION, recordCheck, why)];
  const cf = { token: deps.token!, fetch: deps.fetch };
  const owner = env.config.domain.zoneSettingsOwner;
  const results: CheckResult[] = [];

  const ssl = await get<{ readonly value?: string }>(cf, `/zones/${zone}/settings/ssl`);
  if ("problem" in ssl) {
    results.push(fail(SECTION, sslCheck, ssl.problem, remedy([GUIDE.sslMode], `the token needs Zone Settings Read on zone ${zone}`)));
  } else if (ssl.result.value === "strict") {
    results.push(pass(SECTION, sslCheck, '"strict" (Full (strict))'));
  } else {
    results.push(
      fail(
        SECTION,
        sslCheck,
        `"${ssl.result.value ?? "unknown"}": Cloudflare ${ssl.result.value === "full" ? "does not verify" : "does not use"} the API's certificate`,
        remedy([GUIDE.sslMode], `the ${owner} stack manages it (domain.zoneSettingsOwner): cdktf deploy ${owner}, or set SSL/TLS › Overview to Full (strict)`),
      ),
    );
  }

  if (!targetDomainName) {
    results.push(skip(SECTION, recordCheck, `no API Gateway custom domain ${host}, so no target to compare (see the certificate line)`));
    return results;
  }
  const fix = remedy([GUIDE.record], `the stack writes a proxied CNAME ${host} → ${targetDomainName}: cdktf deploy ${env.envName}`);
  const listed = await get<readonly DnsRecord[]>(cf, `/zones/${zone}/dns_records?name=${encodeURIComponent(host)}`);
  if ("problem" in listed) {
    results.push(fail(SECTION, recordCheck, listed.problem, remedy([GUIDE.record], `the token needs DNS Read on zone ${zone}`)));
    return results;
  }
  const records = listed.result.filter((r) => bare(r.name ?? "") === bare(host));
  const good = records.find((r) => r.type === "CNAME" && r.proxied === true && bare(r.content ?? "") === bare(targetDomainName));
  if (good) {
    results.push(pass(SECTION, recordCheck, `proxied CNAME → ${targetDomainName}`));
  } else if (records.length === 0) {
    results.push(fail(SECTION, recordCheck, `no record in zone ${env.domain.name}`, fix));
  } else {
    const found = records.map((r) => `${r.type ?? "?"} → ${r.content ?? "?"}${r.proxied ? " (proxied)" : " (DNS only)"}`).join(", ");
    results.push(fail(SECTION, recordCheck, `${found}; expected a proxied CNAME → ${targetDomainName}`, fix));
  }
  return results;
}
