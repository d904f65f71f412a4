export * from "./schema";
export * from "./loader";
export * from "./environment";
export * from "./cidr";
