export * from "./types";
export * from "./tf";
export * from "./engine";
export * from "./report";
export * from "./suppress";
export { ALL_RULES } from "./rules";
