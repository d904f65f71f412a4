// Moved to core (AWS-independent arithmetic used by config, network and checks).
export * from "../core/cidr";
