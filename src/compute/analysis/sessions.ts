// The only owner of how an analysis meters onnxruntime: a session factory whose runs add their
// time to a meter, so each phase reports the time spent inside onnxruntime (its GFLOP/s) apart
// from its CPU work and session set-up. Consumed by analyse() and the join of parts, and passed
// to every phase.
import type { PhaseTiming } from '../../core/analysis';
import type { BuiltModel } from '../onnx/graph';
import type { Session } from '../runtime';

/** What the phases need of a backend: sessions of built graphs. */
export interface SessionFactory {
  session<Out extends string, Opt extends string = never>(
    model: BuiltModel<Out, Opt>,
  ): Promise<Session<Out, Opt>>;
}

/** A factory whose sessions add the time spent inside onnxruntime runs to `meter.ms`. */
export function metered(backend: SessionFactory, meter: { ms: number }): SessionFactory {
  return {
    async session<Out extends string, Opt extends string = never>(
      model: BuiltModel<Out, Opt>,
    ): Promise<Session<Out, Opt>> {
      const inner = await backend.session(model);
      return {
        run: async (feeds) => {
          const start = performance.now();
          try {
            return await inner.run(feeds);
          } finally {
            meter.ms += performance.now() - start;
          }
        },
        release: () => inner.release(),
      };
    },
  };
}

/** Metered sessions, and `timed`, which runs a phase and records its timing. */
export interface PhaseClock {
  sessions: SessionFactory;
  timed<T extends { flops: number }>(phase: string, run: () => Promise<T>): Promise<T>;
}

/** A PhaseClock whose phases append their timings (ms, flops, time in onnxruntime) to `timings`. */
export function phaseClock(backend: SessionFactory, timings: PhaseTiming[]): PhaseClock {
  const meter = { ms: 0 };
  return {
    sessions: metered(backend, meter),
    async timed<T extends { flops: number }>(phase: string, run: () => Promise<T>): Promise<T> {
      const start = performance.now();
      const ortStart = meter.ms;
      const result = await run();
      timings.push({
        phase,
        ms: performance.now() - start,
        flops: result.flops,
        runMs: meter.ms - ortStart,
      });
      return result;
    },
  };
}
