import { readFileSync } from "fs";
import { join } from "path";
import { synthApp, TfJson } from "../support/synth";

/**
 * Every resource address the default config synthesized in 0.1.0 (the last release
 * before user-named constructs moved under scopes of their own).
 */
const RELEASED: Record<string, string[]> = JSON.parse(readFileSync(join(__dirname, "addresses-0.1.json"), "utf8"));

/**
 * Addresses that are gone on purpose, each with the CHANGELOG entry that tells users.
 * Anything else that disappears would be destroyed by the next apply: a bug.
 */
const REMOVED: Record<string, string> = {};

const addresses = (json: TfJson) =>
  new Set(Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`)));
const moves = (json: TfJson): { from: string; to: string }[] => json.moved ?? [];

describe("resource addresses of a released environment", () => {
  const { stacks } = synthApp();

  it.each(Object.keys(RELEASED))("%s: every 0.1.0 address still exists, or a moved block carries its state", (stack) => {
    // GIVEN the addresses a 0.1.0 deploy has in its state WHEN today's code synthesizes
    const now = addresses(stacks[stack]);
    const movedTo = new Map(moves(stacks[stack]).map((m) => [m.from, m.to]));
    // THEN none is left to be destroyed: it is kept, moved to an existing address, or removed on purpose
    const lost = RELEASED[stack].filter((a) => !now.has(a) && !now.has(movedTo.get(a) ?? "") && !(a in REMOVED));
    expect(lost).toEqual([]);
  });

  it.each(Object.keys(RELEASED))("%s: every moved block starts at a released address and ends at a declared one", (stack) => {
    // GIVEN the released addresses / WHEN today's code synthesizes / THEN every moved block goes from one of them to a declared resource
    const released = new Set(RELEASED[stack]);
    const now = addresses(stacks[stack]);
    const wrong = moves(stacks[stack]).filter((m) => !released.has(m.from) || !now.has(m.to));
    expect(wrong).toEqual([]);
  });
});
