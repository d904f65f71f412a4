import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { GithubOidcProvider } from "../../src/ci/github-oidc-provider";
import { decodeJson } from "../support/json-document";
import { synthJson, testStack } from "../support/test-stack";

describe("GithubOidcProvider", () => {
  const build = () => {
    const stack = testStack();
    const github = new GithubOidcProvider(stack, "oidc");
    return { stack, github };
  };

  it("registers GitHub's issuer for the STS audience, without thumbprints (AWS trusts GitHub's CA itself)", () => {
    // GIVEN / WHEN the provider is synthesized / THEN url and audience are GitHub's, thumbprint_list is left out
    const { stack } = build();
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    const provider = Object.values(JSON.parse(json).resource.aws_iam_openid_connect_provider)[0] as Record<string, unknown>;
    expect(provider.thumbprint_list).toBeUndefined();
  });

  it("writes a trust policy for one subject: the provider by reference, audience and subject StringEquals", () => {
    // GIVEN the provider / WHEN a role trusts an environment's subject
    const { stack, github } = build();
    new IamRole(stack, "role", { name: "acme-prod-deploy", assumeRolePolicy: github.trustPolicy("repo:acme/platform:environment:prod") });
    const trust = decodeJson((Object.values(synthJson(stack).resource.aws_iam_role)[0] as { assume_role_policy: string }).assume_role_policy);
    // THEN web identity from this provider, pinned to both claims
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: `\${${github.provider.terraformResourceType}.${github.provider.friendlyUniqueId}.arn}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:acme/platform:environment:prod",
          },
        },
      },
    ]);
  });

  it.each([["repo:acme/*:environment:prod"], ["repo:acme/platform:ref:refs/heads/?ain"], [""]])("refuses the subject %j (a wildcard or nothing)", (subject) => {
    // GIVEN a subject that is not one exact claim / WHEN trusted / THEN it throws, naming the construct
    const { github } = build();
    expect(() => github.trustPolicy(subject)).toThrow(/test\/oidc: a trusted subject must be one exact GitHub subject claim/);
  });
});
