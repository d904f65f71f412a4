export * from "./types";
export * from "./tf";
export * from "./engine";
export * from "./report";
export { ALL_RULES } from "./rules";
