import { IConstruct } from "constructs";
import { TerraformResource, TerraformStack } from "cdktf";
// cdktf's own logical-id function (HashedAddressingScheme); not re-exported from the root.
import { makeUniqueId } from "cdktf/lib/private/unique";

/**
 * Terraform `moved` blocks for resources whose construct path changed, so an upgrade
 * renames them in state instead of destroying and recreating them (an ECS service, an
 * ECR repository with its images, a log group with its history).
 *
 * A construct records what it was called before with {@link setLegacyId}: a new
 * wrapper scope that did not exist records `null` (skipped), a renamed construct its
 * old id. {@link addLegacyMoves} then computes every resource's old logical id the way
 * cdktf does (from the old path components) and adds `moved { from = old, to = new }`.
 * Terraform ignores a moved block whose `from` is not in state, so new environments
 * are unaffected. https://developer.hashicorp.com/terraform/language/modules/develop/refactoring
 */
const LEGACY_ID = Symbol.for("platform.legacyId");
/** The id cdktf leaves out of logical ids (cdktf/lib/private/unique.js). */
const HIDDEN_ID = "Default";

/** Records the id `scope` had before a refactoring, or `null` for a scope that did not exist. */
export function setLegacyId(scope: IConstruct, legacyId: string | null): void {
  Object.defineProperty(scope, LEGACY_ID, { value: legacyId, enumerable: false, configurable: true });
}

function legacyIdOf(scope: IConstruct): string | null | undefined {
  return (scope as unknown as Record<symbol, string | null | undefined>)[LEGACY_ID];
}

/** Adds a moved block to every resource of `stack` whose address changed; returns how many. */
export function addLegacyMoves(stack: TerraformStack): number {
  const resources = stack.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  const current = new Set(resources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`));
  let moves = 0;
  for (const resource of resources) {
    const scopes = resource.node.scopes.slice(resource.node.scopes.indexOf(stack) + 1);
    if (!scopes.some((s) => legacyIdOf(s) !== undefined)) continue;
    const legacy = scopes.flatMap((s) => {
      const id = legacyIdOf(s);
      return id === null ? [] : [id ?? s.node.id];
    });
    const from = `${resource.terraformResourceType}.${makeUniqueId(legacy)}`;
    const to = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    // Never point a move at an address that is itself declared (Terraform rejects that).
    if (from === to || current.has(from)) continue;
    resource.moveFromId(from);
    moves++;
  }
  return moves;
}

/** `scope`'s construct path as it was before the refactoring (legacy ids applied, new scopes dropped). */
export function legacyPathOf(scope: IConstruct): string {
  return (
    scope.node.scopes
      .flatMap((s) => {
        const id = legacyIdOf(s);
        return id === null ? [] : [id ?? s.node.id];
      })
      // cdktf leaves `Default` out of logical ids, so a refactoring may add such a scope freely.
      .filter((id) => id !== "" && id !== HIDDEN_ID)
      .join("/")
  );
}
