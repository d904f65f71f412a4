import { Construct } from "constructs";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";

/** Properties of {@link ZoneSettings}. */
export interface ZoneSettingsProps {
  /** The Cloudflare zone id. */
  readonly zoneId: string;
  /**
   * Minimum TLS version clients may use at Cloudflare's edge: "1.2" or "1.3".
   * @default "1.2"
   */
  readonly minTlsVersion?: string;
}

/**
 * The zone-wide Cloudflare TLS settings the API relies on: SSL mode "Full (strict)"
 * (Cloudflare verifies API Gateway's ACM certificate; anything weaker lets a
 * man-in-the-middle between Cloudflare and AWS go unnoticed), HTTPS redirects and a
 * TLS 1.2 floor.
 *
 * These settings belong to the *zone*, not to an environment: exactly one stack may
 * manage them, or the stacks overwrite each other's state of one object (this app
 * creates them only in the stack of `domain.zoneSettingsOwner`).
 */
export class ZoneSettings extends Construct {
  /** @default "1.2" */
  static readonly DEFAULT_MIN_TLS_VERSION = "1.2";
  /** Versions accepted for {@link ZoneSettingsProps.minTlsVersion}: never below 1.2. */
  static readonly ALLOWED_MIN_TLS_VERSIONS: readonly string[] = ["1.2", "1.3"];

  /** `ssl = strict`. */
  public readonly ssl: ZoneSetting;
  /** `always_use_https = on`. */
  public readonly alwaysUseHttps: ZoneSetting;
  /** `min_tls_version`. */
  public readonly minTlsVersion: ZoneSetting;

  constructor(scope: Construct, id: string, props: ZoneSettingsProps) {
    super(scope, id);
    const minTls = props.minTlsVersion ?? ZoneSettings.DEFAULT_MIN_TLS_VERSION;
    if (!ZoneSettings.ALLOWED_MIN_TLS_VERSIONS.includes(minTls)) {
      throw new Error(`${this.node.path}: minTlsVersion must be one of ${ZoneSettings.ALLOWED_MIN_TLS_VERSIONS.join(", ")}, got ${JSON.stringify(minTls)}`);
    }
    // The bindings type `value` as a map, but each of these settings takes a plain
    // string; `as any` synthesizes exactly that string.
    const setting = (cid: string, settingId: string, value: string) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- binding types `value` as a map; see above
      new ZoneSetting(this, cid, { zoneId: props.zoneId, settingId, value: value as any });
    this.ssl = setting("ssl", "ssl", "strict");
    this.alwaysUseHttps = setting("always-use-https", "always_use_https", "on");
    this.minTlsVersion = setting("min-tls-version", "min_tls_version", minTls);
  }
}
