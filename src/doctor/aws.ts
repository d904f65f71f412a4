/** AWS calls as the doctor makes them: each failure names the call that failed. */

/** An AWS call that failed: which call, and AWS's error. */
export class AwsCallError extends Error {
  constructor(
    /** `EC2 DescribeVpcs`. */
    readonly call: string,
    /** AWS's error name (`AccessDeniedException`). */
    readonly code: string,
    message: string,
  ) {
    super(`${call} failed: ${code}: ${message}`);
    this.name = "AwsCallError";
  }
}

/** AWS's error name and message, whatever was thrown. */
export function awsErrorOf(err: unknown): { readonly name: string; readonly message: string } {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  return { name: typeof e?.name === "string" ? e.name : "Error", message: typeof e?.message === "string" ? e.message : String(err) };
}

/** Runs one AWS call; an AWS error becomes an {@link AwsCallError} naming the call. */
export async function call<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof AwsCallError) throw err;
    const e = awsErrorOf(err);
    throw new AwsCallError(what, e.name, e.message);
  }
}

/** Runs one AWS call; `undefined` when AWS answers with one of `missing` (its not-found errors). */
export async function callOrMissing<T>(what: string, send: () => Promise<T>, missing: readonly string[]): Promise<T | undefined> {
  try {
    return await call(what, send);
  } catch (err) {
    if (err instanceof AwsCallError && missing.includes(err.code)) return undefined;
    throw err;
  }
}

/** Pages through a token-paged list (NextToken, Marker, position). */
export async function allPages<P, I>(
  fetchPage: (token: string | undefined) => Promise<P>,
  items: (page: P) => readonly I[] | undefined,
  next: (page: P) => string | undefined,
): Promise<I[]> {
  const all: I[] = [];
  let token: string | undefined;
  // A cap, should an API ever hand back the same token.
  for (let page = 0; page < 100; page++) {
    const answer = await fetchPage(token);
    all.push(...(items(answer) ?? []));
    token = next(answer);
    if (!token) break;
  }
  return all;
}
