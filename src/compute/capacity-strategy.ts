/** One entry of a capacity provider strategy (cluster default or service). */
export interface CapacityProviderStrategyItem {
  /** FARGATE, FARGATE_SPOT, or an EC2 capacity provider's name. */
  readonly capacityProvider: string;
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

/** Where a service's tasks run: Fargate (Spot share by the environment), all Fargate Spot, or an EC2 capacity provider. */
export type ServiceCapacity =
  | { readonly kind: "fargate"; readonly preferSpot: boolean }
  | { readonly kind: "fargateSpot" }
  | { readonly kind: "ec2"; readonly capacityProviderName: string };

/**
 * The strategy of one service: only its own kind of capacity, so a service on EC2 never
 * lands on Fargate (or the other way round) when one of them runs short.
 */
export function serviceCapacityStrategy(capacity: ServiceCapacity): CapacityProviderStrategyItem[] {
  switch (capacity.kind) {
    case "fargate":
      return fargateCapacityStrategy(capacity.preferSpot);
    case "fargateSpot":
      return [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
    case "ec2":
      return [{ capacityProvider: capacity.capacityProviderName, weight: 1 }];
  }
}
