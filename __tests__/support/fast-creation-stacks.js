// cdktf records a full stack trace for every token it creates (Lazy, Intrinsic: the
// "creation stack" shown when a token fails to resolve), with Error.captureStackTrace on
// a plain object and no depth limit. Under jest, formatting a trace goes through
// source-map-support, which maps every frame; with thousands of tokens per synth that
// was most of a construct suite's CPU. Real errors (instanceof Error) keep the mapped
// trace, so failures still point at .ts lines; creation stacks get V8's plain format.
const mapped = Error.prepareStackTrace;
if (typeof mapped === "function") {
  Error.prepareStackTrace = function prepareStackTrace(error, frames) {
    if (error instanceof Error) return mapped(error, frames);
    return [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
  };
}
