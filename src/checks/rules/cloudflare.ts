import { TfStack } from "../tf";
import { AppRule, AppViolation, StackRule } from "../types";
import { appRule, eachResource, shown, stackRule } from "./helpers";

const RECORD = "cloudflare_dns_record";
const SETTING = "cloudflare_zone_setting";

/** Zone-wide settings the platform requires, and the values that satisfy them. */
export const REQUIRED_ZONE_SETTINGS: Readonly<Record<string, { readonly ok: readonly string[]; readonly why: string }>> = {
  ssl: { ok: ["strict"], why: "Cloudflare must verify the API Gateway certificate (Full (strict))" },
  always_use_https: { ok: ["on"], why: "plain HTTP must redirect to HTTPS" },
  min_tls_version: { ok: ["1.2", "1.3"], why: "TLS 1.0/1.1 are broken" },
};

/** The setting's value as text (`ZoneSetting.value` synthesizes to a plain string). */
function valueOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as { value?: unknown }).value === "string") return (v as { value: string }).value;
  return undefined;
}

function settingRule(settingId: string, id: string, title: string): StackRule {
  const { ok, why } = REQUIRED_ZONE_SETTINGS[settingId];
  return stackRule({
    id,
    title,
    refs: ["guide:API Gateway custom domain"],
    check: eachResource(
      SETTING,
      (s) =>
        s.values.setting_id === settingId &&
        !ok.includes(valueOf(s.values.value) ?? "") &&
        `${settingId} is ${shown(s.values.value)}, must be ${ok.map((x) => shown(x)).join(" or ")}: ${why}`,
    ),
  });
}

/** Whether a record belongs to ACM DNS validation (it is built from a certificate's validation options). */
function isValidationRecord(stack: TfStack, values: Record<string, unknown>): boolean {
  return stack.targets(values, "aws_acm_certificate").length > 0;
}

export const cloudflareRules: (StackRule | AppRule)[] = [
  stackRule({
    id: "cf-api-record-proxied",
    title: "The public API host has a proxied Cloudflare record",
    refs: ["guide:API Gateway custom domain"],
    // HTTP and REST custom domains alike: the CNAME targets domain_name_configuration's
    // target_domain_name (HTTP) or regional_domain_name (REST).
    check: (stack) =>
      [...stack.resources("aws_apigatewayv2_domain_name"), ...stack.resources("aws_api_gateway_domain_name")].flatMap((domain) => {
        const records = stack.referrers(domain, RECORD).filter((r) => !isValidationRecord(stack, r.values));
        if (records.length === 0) {
          return [{ address: domain.address, message: "no Cloudflare record points at this custom domain: clients cannot reach it through Cloudflare" }];
        }
        return records
          .filter((r) => r.values.proxied !== true)
          .map((r) => ({ address: r.address, message: "points at the API's custom domain but proxied is not true: traffic would bypass Cloudflare" }));
      }),
  }),
  settingRule("ssl", "cf-ssl-strict", 'Cloudflare SSL mode is "strict"'),
  settingRule("always_use_https", "cf-always-use-https", "Cloudflare always uses HTTPS"),
  settingRule("min_tls_version", "cf-min-tls-1-2", "Cloudflare's minimum TLS version is 1.2"),
  stackRule({
    id: "cf-validation-not-proxied",
    title: "ACM validation records are not proxied",
    refs: ["guide:API Gateway custom domain"],
    check: eachResource(
      RECORD,
      (r, stack) =>
        isValidationRecord(stack, r.values) &&
        r.values.proxied === true &&
        "is an ACM validation record but proxied is true: ACM would see Cloudflare's answer and never validate",
    ),
  }),
  appRule({
    id: "cf-zone-settings-one-owner",
    title: "Zone-wide Cloudflare settings are managed by exactly one stack",
    refs: ["guide:API Gateway custom domain"],
    check: (app) => {
      const out: AppViolation[] = [];
      const usesCloudflare = app.stacks.filter((s) => s.resources(RECORD).length > 0 || s.resources(SETTING).length > 0);
      if (usesCloudflare.length === 0) return out;
      for (const settingId of Object.keys(REQUIRED_ZONE_SETTINGS)) {
        // Per zone: settings of different zones are different objects.
        const byZone = new Map<string, { stack: string; address: string }[]>();
        for (const stack of app.stacks) {
          for (const s of stack.resources(SETTING).filter((x) => x.values.setting_id === settingId)) {
            const zone = String(s.values.zone_id);
            if (!byZone.has(zone)) byZone.set(zone, []);
            byZone.get(zone)!.push({ stack: stack.name, address: s.address });
          }
        }
        if (byZone.size === 0) {
          const first = usesCloudflare[0];
          const anchor = [...first.resources(RECORD), ...first.resources(SETTING)][0];
          out.push({
            stack: first.name,
            address: anchor.address,
            message: `no stack manages the zone setting ${settingId}: set it in the stack of domain.zoneSettingsOwner`,
          });
        }
        for (const [owner, ...others] of byZone.values()) {
          for (const o of others) {
            out.push({
              stack: o.stack,
              address: o.address,
              message: `zone setting ${settingId} is also managed by ${owner.stack} (${owner.address}): the stacks would fight over one zone-wide object`,
            });
          }
        }
      }
      return out;
    },
  }),
];
