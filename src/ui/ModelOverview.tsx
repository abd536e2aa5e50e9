// The model overview: what is open — config, tensors, and a sample of the probe set. Its cards
// flow into the model panel's columns (the wrapper takes no box of its own).
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { probeRowContext, type ProbeSet } from '../core/probes';
import { useAppStore } from '../state/appStore';
import type { ModelSource } from '../core/sources';
import { ContextText, TokenText } from './TokenText';
import { NoProbes } from './probes/NoProbes';

const SAMPLE_ROWS = 12;
/** File names listed for a local source before the rest are counted. */
const SOURCE_NAMES = 6;

export function ModelOverview() {
  const open = useAppStore(useShallow((s) => s.open));
  if (!open) {
    return (
      <div className="empty" data-testid="no-model">
        No model is open. Use <kbd>O</kbd> or “Open model” to open one.
      </div>
    );
  }
  const { model, probes, source } = open;
  const c = model.config;
  const weightCount =
    model.left.length +
    model.right.length +
    (model.down?.length ?? 0) +
    (model.leftBias?.length ?? 0) +
    (model.rightBias?.length ?? 0);
  return (
    <div className="overview" data-testid="model-overview">
      <section className="card" aria-labelledby="card-model">
        <h2 id="card-model">Model</h2>
        <table className="kv">
          <tbody>
            <Row k="Name" v={<TokenText text={model.name} maxChars={120} />} />
            <Row k="Source" v={describeSource(source)} />
            <Row k="Kind" v={model.kind + (model.biased ? ' (v1, biased)' : '')} />
            <Row k="d (width)" v={model.dModel} />
            <Row k="F (features)" v={`${model.nFeatures} (expansion ${c.expansion})`} />
            <Row
              k="C (composites)"
              v={
                model.down
                  ? `${model.nComposites} (rows of down)`
                  : `${model.nComposites} (no down: one per feature)`
              }
            />
            <Row k="Layer" v={model.layer ?? '—'} />
            <Row k="alpha / beta" v={`${c.alpha} / ${c.beta}`} />
            <Row
              k="Tags"
              v={c.tags.length ? <TokenText text={c.tags.join(', ')} maxChars={120} /> : '—'}
            />
            <Row
              k="Weights"
              v={`${weightCount.toLocaleString()} values, ${model.dtype}, ${mb(model.weightBytes)}`}
            />
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="card-probes">
        <h2 id="card-probes">Probe set</h2>
        {probes ? (
          <ProbeSummary probes={probes} />
        ) : (
          <NoProbes
            needs="Firing statistics (density, histograms), top activations, automatic labels and manifolds"
            plural
            testId="no-probes"
          />
        )}
      </section>
    </div>
  );
}

function ProbeSummary({ probes }: { probes: ProbeSet }) {
  const rows = Math.min(SAMPLE_ROWS, probes.n);
  return (
    <>
      <table className="kv">
        <tbody>
          <Row k="File" v={probes.fileName} />
          <Row k="Rows" v={probes.n.toLocaleString()} />
          <Row
            k="Row kind"
            v={probes.rowKind === 'words' ? 'single words' : `token windows of ${probes.window}`}
          />
          <Row
            k="Vocabulary"
            v={`${probes.vocab.length.toLocaleString()} entries${probes.byteLevel ? ', byte-level BPE (shown decoded)' : ''}`}
          />
          {probes.description && (
            <Row
              k="About"
              v={<TokenText text={probes.description} mode="context" maxChars={300} />}
            />
          )}
        </tbody>
      </table>
      <table className="grid" style={{ marginTop: 8 }} data-testid="probe-sample">
        <thead>
          <tr>
            <th className="num">row</th>
            <th>{probes.rowKind === 'words' ? 'word' : 'context (firing token marked)'}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => {
            const ctx = probeRowContext(probes, i);
            return (
              <tr key={i}>
                <td className="num">{i}</td>
                <td>
                  <ContextText before={ctx.before} token={ctx.token} after={ctx.after} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Row({ k, v }: { k: string; v: ReactNode }) {
  return (
    <tr>
      <th scope="row">{k}</th>
      <td>{v}</td>
    </tr>
  );
}

export function describeSource(source: ModelSource): string {
  switch (source.type) {
    case 'bundled':
      return `bundled (${source.name})`;
    case 'url':
      return source.url;
    case 'files':
      // A folder of hundreds of files (the paper explorer's layout) is summarised.
      return source.names.length > SOURCE_NAMES
        ? `local files: ${source.names.slice(0, SOURCE_NAMES).join(', ')} … and ${(source.names.length - SOURCE_NAMES).toLocaleString('en-US')} more`
        : `local files: ${source.names.join(', ')}`;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}
