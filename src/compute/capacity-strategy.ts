/** One entry of a capacity provider strategy (cluster default or service). */
export interface CapacityProviderStrategyItem {
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  readonly weight: number;
  readonly base?: number;
}

/**
 * The Fargate capacity provider strategy of an environment. Preferring Spot puts
 * four of five tasks on FARGATE_SPOT but keeps a base of one on-demand task, so a
 * Spot reclamation never takes the whole service down; otherwise everything runs
 * on on-demand FARGATE.
 */
export function fargateCapacityStrategy(preferSpot: boolean): CapacityProviderStrategyItem[] {
  return preferSpot
    ? [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 4 },
      ]
    : [{ capacityProvider: "FARGATE", weight: 1 }];
}
