// The token view: one input — a probe row (its token in context) or one of the user's own rows —
// with its reconstruction error, its encoding h over every composite as a bar list sorted by
// |h|, and for its top composites a card each (label, value, the composite's manifold in 2-D
// with this input marked). Also opens another input by its word, and encodes the user's own
// rows. Reads labels from the label store; everything else comes from the app (RowPage).
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Analysis } from '../../core/analysis';
import { formatCount, formatSig, formatValue } from '../../core/numberFormat';
import type { ProbeSet } from '../../core/probes';
import { labelOf, useLabelStore } from '../../state/labelStore';
import type { OwnRow } from '../../state/ownRowsStore';
import { ContextText, LabelPieces } from '../TokenText';
import { EncodeRows } from './EncodeRows';
import { MiniManifold } from './MiniManifold';
import { byMagnitude, miniProjection, type InputView } from './tokenData';
import './token.css';

/** Composites with a card (the largest |h|), and bars shown before "show all". */
const CARDS = 6;
const BARS_FIRST = 60;

export interface TokenViewProps {
  analysis: Analysis;
  probes: ProbeSet | null;
  /** The model's input width d (own rows must have it). */
  d: number;
  /** The input shown, or null with `missing` saying why. */
  input: InputView | null;
  missing: string | null;
  ownRows: readonly OwnRow[];
  /** An encoding of own rows is running. */
  encoding: boolean;
  /** Probe rows whose token is exactly `word` (the token index), at most `max`. */
  rowsOf: (word: string, max: number) => number[];
  onBack: () => void;
  onOpenComposite: (k: number) => void;
  onOpenRow: (row: number) => void;
  onOpenOwn: (index: number) => void;
  onEncodeFile: (file: File) => void;
  onEncodePaste: (text: string) => void;
}

export function TokenView(props: TokenViewProps) {
  const { analysis, probes, input } = props;
  const C = analysis.nComposites;
  const order = useMemo(() => (input ? byMagnitude(input.h) : []), [input]);
  const cards = useMemo(() => {
    if (!input || !probes) return [];
    return order.slice(0, CARDS).map((k) => ({
      k,
      projection: miniProjection(analysis, probes, k, input.xt),
    }));
  }, [analysis, probes, input, order]);
  const [allBars, setAllBars] = useState(false);
  const [word, setWord] = useState('');
  const [notFound, setNotFound] = useState<string | null>(null);
  const maxAbs = input ? Math.max(1e-12, Math.abs(input.h[order[0] ?? 0] ?? 0)) : 1;

  const goWord = () => {
    const rows = props.rowsOf(word, 1);
    if (rows.length > 0) {
      setNotFound(null);
      props.onOpenRow(rows[0] as number);
    } else setNotFound(word.trim());
  };

  return (
    <div
      className="token-view"
      data-testid="token-view"
      data-state={input ? 'ready' : 'missing'}
      data-row={input?.row ?? ''}
      data-source={input?.source ?? ''}
    >
      <header className="token-header">
        <div className="token-nav">
          <button type="button" onClick={props.onBack} title="Back to the atlas">
            ← Atlas
          </button>
          <form
            className="token-find"
            onSubmit={(e) => {
              e.preventDefault();
              goWord();
            }}
          >
            <input
              type="search"
              value={word}
              placeholder="open another input by its word"
              aria-label="Open the input with this word"
              data-testid="token-find"
              onChange={(e) => setWord(e.target.value)}
            />
            {notFound !== null && (
              <span className="muted" role="status">
                no probe row fires on “{notFound}”
              </span>
            )}
          </form>
        </div>
        {input ? (
          <>
            <h2 className="token-title">
              {input.context ? (
                <ContextText
                  before={input.context.before}
                  token={input.context.token}
                  after={input.context.after}
                  className="token-context"
                />
              ) : (
                <span className="token-own">your input</span>
              )}
            </h2>
            <p className="muted token-meta" data-testid="token-meta">
              {input.title} · reconstruction error{' '}
              <span
                data-testid="token-error"
                title="‖x̃x̃ᵀ − Σ_j g_j l_j r_jᵀ‖²_F with g = Dᵀh (docs/engine.md); the error of reconstructing nothing is ‖x̃‖⁴"
              >
                {Number.isFinite(input.error) ? formatSig(input.error, 4) : '— (no Gram matrix)'}
              </span>{' '}
              (of {formatSig(input.errorScale)} for reconstructing nothing)
            </p>
          </>
        ) : (
          <p className="token-missing" role="alert">
            {props.missing}
          </p>
        )}
      </header>
      {input && (
        <div className="token-body">
          <section className="token-cards" aria-label="Top composites of this input">
            {cards.map(({ k, projection }) => (
              <Card
                key={k}
                k={k}
                value={input.h[k] as number}
                projection={projection}
                own={input.source === 'own'}
                onOpen={props.onOpenComposite}
              />
            ))}
          </section>
          <section className="token-bars" aria-labelledby="bars-title">
            <div className="section-head">
              <h3 id="bars-title">Encoding h</h3>
              <span className="muted">{formatCount(C)} composites by |h|</span>
            </div>
            <ol className="h-bars" data-testid="token-h-list">
              {(allBars ? order : order.slice(0, BARS_FIRST)).map((k) => (
                <Bar
                  key={k}
                  k={k}
                  value={input.h[k] as number}
                  share={Math.abs(input.h[k] as number) / maxAbs}
                  onOpen={props.onOpenComposite}
                />
              ))}
            </ol>
            {C > BARS_FIRST && (
              <button type="button" className="link" onClick={() => setAllBars(!allBars)}>
                {allBars ? `the first ${BARS_FIRST}` : `show all ${formatCount(C)}`}
              </button>
            )}
          </section>
        </div>
      )}
      <EncodeRows
        d={props.d}
        rows={props.ownRows}
        busy={props.encoding}
        onFile={props.onEncodeFile}
        onPaste={props.onEncodePaste}
        onOpenOwn={props.onOpenOwn}
      />
    </div>
  );
}

function Card({
  k,
  value,
  projection,
  own,
  onOpen,
}: {
  k: number;
  value: number;
  projection: ReturnType<typeof miniProjection>;
  own: boolean;
  onOpen: (k: number) => void;
}) {
  const label = useLabelStore(useShallow((s) => labelOf(s, k)));
  return (
    <button
      type="button"
      className="token-card"
      data-testid="token-card"
      data-composite={k}
      onClick={() => onOpen(k)}
      title={`Open composite ${k}`}
    >
      <span className="token-card-head">
        <span className="neighbour-id">#{k}</span>{' '}
        <span className={label.automatic ? 'token-card-label automatic' : 'token-card-label'}>
          <LabelPieces text={label.text} automatic={label.automatic} maxChars={16} />
        </span>
      </span>
      <span className={value >= 0 ? 'act-value pos' : 'act-value neg'}>h {formatValue(value)}</span>
      {projection ? (
        <MiniManifold
          projection={projection}
          own={own}
          label={`Composite ${k}'s top probe rows on its two largest-|λ| eigenvectors; this input is ringed`}
        />
      ) : (
        <span className="muted">no manifold (no eigenvectors or probe set)</span>
      )}
    </button>
  );
}

function Bar({
  k,
  value,
  share,
  onOpen,
}: {
  k: number;
  value: number;
  share: number;
  onOpen: (k: number) => void;
}) {
  const label = useLabelStore(useShallow((s) => labelOf(s, k)));
  return (
    <li>
      <button
        type="button"
        className="h-bar"
        data-composite={k}
        onClick={() => onOpen(k)}
        title={`Open composite ${k}: h = ${formatValue(value)}`}
      >
        <span className="neighbour-id">#{k}</span>
        <span className={label.automatic ? 'h-bar-label automatic' : 'h-bar-label'}>
          <LabelPieces text={label.text} automatic={label.automatic} maxChars={24} />
        </span>
        <span className="h-bar-track" aria-hidden="true">
          <span
            className={value >= 0 ? 'h-bar-fill pos' : 'h-bar-fill neg'}
            style={{ width: `${(100 * Math.min(1, share)).toFixed(1)}%` }}
          />
        </span>
        <span className={value >= 0 ? 'act-value pos' : 'act-value neg'}>{formatValue(value)}</span>
      </button>
    </li>
  );
}
