import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "../core/aws-facts";
import { jsonDocument } from "../core/json-document";

/**
 * GitHub Actions' OpenID Connect identity provider in IAM: what lets a workflow trade its
 * job's token for a role's credentials (`sts:AssumeRoleWithWebIdentity`), with no AWS key
 * stored at GitHub. One per account (IAM refuses a second provider with the same URL).
 *
 * No `thumbprint_list`: it is optional since hashicorp/aws 5.81 ("For certain OIDC identity
 * providers (e.g., Auth0, GitHub, GitLab, …), AWS relies on its own library of trusted root
 * certificate authorities (CAs) for validation instead of using any configured thumbprints").
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_openid_connect_provider
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export class GithubOidcProvider extends Construct {
  /** The issuer URL, the token's `iss`. */
  static readonly URL = `https://${GITHUB_OIDC_HOST}`;

  /** The provider resource. */
  public readonly provider: IamOpenidConnectProvider;
  /** Its ARN, `arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com`. */
  public readonly providerArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, "provider", {
      url: GithubOidcProvider.URL,
      // The audience aws-actions/configure-aws-credentials requests.
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    this.providerArn = this.provider.arn;
  }

  /**
   * The trust policy of a role that exactly the GitHub jobs whose token has the subject
   * `subject` may assume: audience and subject both `StringEquals`, as GitHub and IAM
   * advise (a role trusting the provider without a `sub` condition trusts every
   * repository on GitHub). Build subjects with `githubEnvironmentSubject` or
   * `githubPullRequestSubject` (core/aws-facts.ts).
   */
  trustPolicy(subject: string): string {
    if (subject.length === 0 || /[*?]/.test(subject)) {
      throw new Error(`${this.node.path}: a trusted subject must be one exact GitHub subject claim (no wildcards), got ${JSON.stringify(subject)}`);
    }
    return jsonDocument({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: this.providerArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
              [`${GITHUB_OIDC_HOST}:sub`]: subject,
            },
          },
        },
      ],
    });
  }
}
