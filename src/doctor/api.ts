/**
 * The guide's Troubleshooting step 3, API Gateway connectivity: the VPC link's status,
 * each integration's Cloud Map service has instances, the custom domain's certificate is
 * issued and the API is mapped on it; with a Cloudflare token, the zone's SSL mode and the
 * proxied record's target.
 */
import { CloudflareDeps, cloudflareChecks } from "./cloudflare";
import { instanceHealth } from "./connectivity";
import { LiveEnvironment } from "./live";
import { CheckResult, fail, GUIDE, guard, pass, remedy, skip } from "./report";

const SECTION = "API Gateway";

/** The API Gateway checks. */
export async function apiChecks(live: LiveEnvironment, progress: (line: string) => void, cloudflare: CloudflareDeps): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const env = live.env;
  const rest = env.settings.api.kind === "rest";
  progress("API Gateway: VPC link");
  const linkName = rest ? live.names.restVpcLink : live.names.vpcLink;
  const linkCheck = `VPC link ${linkName}`;
  results.push(...(await guard(SECTION, linkCheck, () => vpcLinkCheck(live, linkCheck, rest))));

  progress("API Gateway: integrations");
  results.push(...(await integrationChecks(live, rest)));

  progress(`API Gateway: custom domain ${env.domain.apiHost}`);
  const certCheck = `custom domain ${env.domain.apiHost}: ACM certificate`;
  results.push(...(await guard(SECTION, certCheck, () => certificateCheck(live, certCheck))));
  const mapCheck = `custom domain ${env.domain.apiHost}: API mapping`;
  results.push(...(await guard(SECTION, mapCheck, () => mappingCheck(live, mapCheck, rest))));

  progress("API Gateway: Cloudflare");
  let target: string | undefined;
  try {
    target = (await live.domain())?.targetDomainName;
  } catch {
    // Already reported by the certificate line.
  }
  results.push(...(await cloudflareChecks(env, target, cloudflare)));
  return results;
}

async function vpcLinkCheck(live: LiveEnvironment, check: string, rest: boolean): Promise<CheckResult> {
  const env = live.env.envName;
  const replace = `a FAILED link does not recover: fix what its status message names (subnets, security group, ENI quota), then replace it: in cdktf.out/stacks/${env}, terraform apply -replace=<the ${rest ? "aws_api_gateway_vpc_link" : "aws_apigatewayv2_vpc_link"} address from terraform state list>`;
  let link: { id?: string; status?: string; message?: string } | undefined;
  if (rest) {
    const v1 = await live.restVpcLink();
    link = v1 && { id: v1.id, status: v1.status, message: v1.statusMessage };
  } else {
    const v2 = await live.httpVpcLink();
    link = v2 && { id: v2.VpcLinkId, status: v2.VpcLinkStatus, message: v2.VpcLinkStatusMessage };
  }
  if (!link) return fail(SECTION, check, "not found", remedy([GUIDE.vpcLink], `the stack creates it with the API: cdktf deploy ${env}`));
  const { id, status, message } = link;
  if (status === "AVAILABLE") return pass(SECTION, check, `${id} AVAILABLE`);
  const pending = status === "PENDING";
  return fail(
    SECTION,
    check,
    `${id} ${status ?? "without status"}${message ? `: ${message}` : ""}`,
    remedy([GUIDE.vpcLink], pending ? "a new link takes a few minutes to become AVAILABLE: run the doctor again shortly" : replace),
  );
}

/** Per public service: its integration reaches a Cloud Map service with instances (HTTP API on Cloud Map only). */
async function integrationChecks(live: LiveEnvironment, rest: boolean): Promise<CheckResult[]> {
  const env = live.env;
  const publics = env.services.filter((s) => s.expose === "public");
  if (rest) return [skip(SECTION, "integrations", "the REST API integrates the internal NLB, not Cloud Map (NLB target health is not read by the doctor)")];
  if (env.settings.api.targets === "loadBalancer") {
    return publics.map((s) =>
      skip(SECTION, `integration → ${s.name}`, "integrates its NLB listener, not Cloud Map (NLB target health is not read by the doctor)"),
    );
  }
  const results: CheckResult[] = [];
  for (const svc of publics) {
    const check = `integration → ${svc.name}`;
    results.push(
      ...(await guard(SECTION, check, async () => {
        const fix = (action: string) => remedy([GUIDE.cloudMapInstances], action);
        const api = await live.httpApi();
        if (!api?.ApiId) return fail(SECTION, check, `no HTTP API ${live.names.api}`, fix(`the stack creates it: cdktf deploy ${env.envName}`));
        const ns = await live.namespace();
        const cloudMap = ns ? (await live.discoveryServices(ns.id)).find((s) => s.Name === svc.name) : undefined;
        const integrations = (await live.httpIntegrations(api.ApiId)).filter((i) => cloudMap?.Arn !== undefined && i.IntegrationUri === cloudMap.Arn);
        if (!cloudMap?.Id || integrations.length === 0) {
          return fail(
            SECTION,
            check,
            cloudMap
              ? `no integration of ${live.names.api} targets Cloud Map service ${svc.name} (${cloudMap.Arn})`
              : `no Cloud Map service ${svc.name} to integrate`,
            fix(`each public service gets a private integration to its Cloud Map service: cdktf deploy ${env.envName}`),
          );
        }
        const link = await live.httpVpcLink();
        const wrongLink = integrations.filter((i) => i.ConnectionType !== "VPC_LINK" || (link?.VpcLinkId && i.ConnectionId !== link.VpcLinkId));
        if (wrongLink.length > 0) {
          return fail(
            SECTION,
            check,
            `integration ${wrongLink.map((i) => i.IntegrationId).join(", ")} goes through ${wrongLink[0].ConnectionId ?? wrongLink[0].ConnectionType}, not ${link?.VpcLinkId ?? live.names.vpcLink}`,
            remedy([GUIDE.vpcLink], `cdktf deploy ${env.envName} restores the integration's connection`),
          );
        }
        const h = await instanceHealth(live, cloudMap.Id);
        const ids = integrations.map((i) => i.IntegrationId).join(", ");
        if (h.healthy === 0) {
          return fail(
            SECTION,
            check,
            `integration ${ids} discovers Cloud Map service ${svc.name}, which has ${h.count === 0 ? "no instances" : `${h.count} instance(s), none healthy`}: API Gateway answers 503`,
            fix(`ECS registers running tasks of ${svc.name}; see the Cloud Map instances line above`),
          );
        }
        return pass(SECTION, check, `integration ${ids} discovers Cloud Map service ${svc.name}: ${h.healthy} healthy of ${h.count}`);
      })),
    );
  }
  return results;
}

async function certificateCheck(live: LiveEnvironment, check: string): Promise<CheckResult> {
  const env = live.env;
  const fix = (action: string) => remedy([GUIDE.certificate], action);
  const domain = await live.domain();
  if (!domain)
    return fail(
      SECTION,
      check,
      `no API Gateway custom domain ${env.domain.apiHost} in ${env.region}`,
      fix(`the stack creates it with its certificate: cdktf deploy ${env.envName}`),
    );
  if (!domain.certificateArn) return fail(SECTION, check, "the custom domain has no certificate", fix(`cdktf deploy ${env.envName}`));
  const region = domain.certificateArn.split(":")[3];
  if (region && region !== env.region) {
    return fail(
      SECTION,
      check,
      `${domain.certificateArn} is in ${region}, the API in ${env.region}`,
      fix(`the stack issues it in the API's region: cdktf deploy ${env.envName}`),
    );
  }
  const cert = await live.certificate(domain.certificateArn);
  if (cert?.Status === "ISSUED") {
    return pass(
      SECTION,
      check,
      `${domain.certificateArn} ISSUED for ${cert.DomainName ?? env.domain.apiHost}${cert.NotAfter ? `, valid until ${cert.NotAfter.toISOString().slice(0, 10)}` : ""}`,
    );
  }
  const records = (cert?.DomainValidationOptions ?? [])
    .filter((o) => o.ValidationStatus !== "SUCCESS" && o.ResourceRecord)
    .map((o) => `${o.ResourceRecord!.Type} ${o.ResourceRecord!.Name} → ${o.ResourceRecord!.Value}`);
  return fail(
    SECTION,
    check,
    `${domain.certificateArn} is ${cert?.Status ?? "unknown"}${cert?.FailureReason ? ` (${cert.FailureReason})` : ""}${records.length > 0 ? `; ACM waits for ${records.join(", ")}` : ""}`,
    fix(
      `ACM validates by DNS: the validation CNAME must exist in Cloudflare zone ${env.domain.name}, DNS only (not proxied); cdktf deploy ${env.envName} writes it and waits for issuance (a certificate not validated within 72 hours fails: let the deploy replace it)`,
    ),
  );
}

async function mappingCheck(live: LiveEnvironment, check: string, rest: boolean): Promise<CheckResult> {
  const env = live.env;
  const host = env.domain.apiHost;
  const fix = remedy([GUIDE.mapping], `the stack maps the API's ${rest ? "stage" : "$default stage"} at the domain's root: cdktf deploy ${env.envName}`);
  if (!(await live.domain())) return skip(SECTION, check, `no custom domain ${host} (see the certificate line)`);
  if (rest) {
    const api = await live.restApi();
    if (!api?.id) return fail(SECTION, check, `no REST API ${live.names.api}`, fix);
    const mappings = await live.basePathMappings(host);
    const mine = mappings.find((m) => m.restApiId === api.id);
    if (!mine)
      return fail(
        SECTION,
        check,
        `${host} maps ${mappings.length === 0 ? "nothing" : `other APIs (${mappings.map((m) => m.restApiId).join(", ")})`}, not ${live.names.api} (${api.id})`,
        fix,
      );
    return pass(
      SECTION,
      check,
      `${host}/${mine.basePath === "(none)" || !mine.basePath ? "" : mine.basePath} → ${live.names.api} (${api.id}) stage ${mine.stage ?? "?"}`,
    );
  }
  const api = await live.httpApi();
  if (!api?.ApiId) return fail(SECTION, check, `no HTTP API ${live.names.api}`, fix);
  const mappings = await live.apiMappings(host);
  const mine = mappings.find((m) => m.ApiId === api.ApiId);
  if (!mine)
    return fail(
      SECTION,
      check,
      `${host} maps ${mappings.length === 0 ? "nothing" : `other APIs (${mappings.map((m) => m.ApiId).join(", ")})`}, not ${live.names.api} (${api.ApiId})`,
      fix,
    );
  return pass(SECTION, check, `${host}/${mine.ApiMappingKey ?? ""} → ${live.names.api} (${api.ApiId}) stage ${mine.Stage ?? "?"}`);
}
