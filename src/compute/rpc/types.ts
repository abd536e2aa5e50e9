// The only owner of the worker RPC's wire format and of how call types derive from a handler
// module: a worker exports a map of handlers `(args, ctx) => Promise<result>`, and the page's
// client takes `typeof handlers` (an `import type`), so requests and replies cannot drift apart.
// Shared by rpc/server.ts (worker side) and rpc/client.ts (page side).

/** What a handler gets besides its arguments. */
export interface RpcContext<Event = never> {
  /** Aborted when the page cancels this call (or abandons it). */
  readonly signal: AbortSignal;
  /** Progress of this call: a phase in words and the fraction done (0..1); throttled. */
  progress(phase: string, fraction: number): void;
  /** Moves these buffers with the reply instead of copying them (the handler keeps none). */
  transfer(...buffers: ArrayBuffer[]): void;
  /** An unprompted message to the page (e.g. the backend changed). */
  emit(event: Event): void;
}

/** One call's handler. */
export type Handler<Args = never, Result = unknown, Event = never> = (
  args: Args,
  ctx: RpcContext<Event>,
) => Promise<Result>;

/** A worker's handlers by call name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler's argument type
export type HandlerMap = Record<string, (args: any, ctx: RpcContext<any>) => Promise<unknown>>;

export type CallName<H> = Extract<keyof H, string>;
export type ArgsOf<H, K extends keyof H> = H[K] extends (args: infer A, ctx: never) => unknown
  ? A
  : never;
export type ResultOf<H, K extends keyof H> = H[K] extends (...args: never[]) => Promise<infer R>
  ? R
  : never;

/** Page → worker. */
export type RpcRequest =
  { kind: 'call'; id: number; call: string; args: unknown } | { kind: 'cancel'; id: number };

/** Worker → page: progress, then exactly one `ok` or `error` per call; events at any time. */
export type RpcResponse<Event = unknown> =
  | { kind: 'progress'; id: number; phase: string; fraction: number }
  | { kind: 'ok'; id: number; value: unknown }
  | { kind: 'error'; id: number; name: string; message: string }
  | { kind: 'event'; event: Event };
