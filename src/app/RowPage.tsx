// The token view, composed: one input (a probe row from the view store, or one of the user's own
// rows) from the analysis, the probe set and the own-rows store; reading and encoding the user's
// files (core/ownRows, then the session's encodeOwnRows) and the navigation it offers.
import { useMemo } from 'react';
import { BaeFileError } from '../core/errors';
import { compositeId, probeRow } from '../core/ids';
import { parseOwnRowsFile, parsePastedVector, type OwnRows } from '../core/ownRows';
import { exactRows } from '../core/tokenIndex';
import { useAppStore } from '../state/appStore';
import { useEngineStore } from '../state/engineStore';
import { useOwnRowsStore } from '../state/ownRowsStore';
import { useSearchStore } from '../state/searchStore';
import { useViewStore, type InputRef } from '../state/viewStore';
import { TokenView } from '../ui/token/TokenView';
import { ownInput, probeInput } from '../ui/token/tokenData';
import { encodeOwnRows } from './session/current';

const setView = (...a: Parameters<ReturnType<typeof useViewStore.getState>['setView']>) =>
  useViewStore.getState().setView(...a);

/** Encodes `rows` and opens the first one (a notice says what failed). */
async function encodeAndOpen(rows: OwnRows): Promise<void> {
  const first = await encodeOwnRows(rows);
  if (first !== null) setView({ kind: 'row', input: { source: 'own', index: first } });
}

function reportBad(err: unknown, what: string): void {
  const detail = err instanceof BaeFileError ? err.message : String(err);
  useAppStore.getState().notify('error', `Could not read ${what}`, detail);
}

export function RowPage({ input }: { input: InputRef }) {
  const analysis = useEngineStore((s) => s.analysis);
  const status = useEngineStore((s) => s.status);
  const probes = useAppStore((s) => s.open?.probes ?? null);
  const d = useAppStore((s) => s.open?.model.dModel ?? 0);
  const ownRows = useOwnRowsStore((s) => s.rows);
  const index = useSearchStore((s) => s.index);
  const encoding = useAppStore((s) => s.jobs.some((j) => j.label.startsWith('Encode ')));
  const view = useMemo(() => {
    if (!analysis) return { input: null, missing: null };
    if (input.source === 'own') {
      const own = ownRows[input.index];
      return own
        ? { input: ownInput(analysis, own, d), missing: null }
        : {
            input: null,
            missing:
              'That row of yours is no longer there (rows are kept until the analysis changes). Encode it again below.',
          };
    }
    if (!probes)
      return {
        input: null,
        missing:
          'This model has no probe set, so there are no inputs to show. Encode your own rows below.',
      };
    const got = probeInput(analysis, probes, input.row);
    return got
      ? { input: got, missing: null }
      : {
          input: null,
          missing: `Probe row ${input.row} does not exist (the probe set has 0–${probes.n - 1}).`,
        };
  }, [analysis, probes, ownRows, input, d]);

  if (!analysis) {
    return (
      <div className="empty" data-testid="token-waiting">
        {status.state === 'failed'
          ? 'The analysis failed; run it again from the Engine menu.'
          : 'The input appears when the engine has analysed the model.'}
      </div>
    );
  }
  return (
    <TokenView
      analysis={analysis}
      probes={probes}
      d={d}
      input={view.input}
      missing={view.missing}
      ownRows={ownRows}
      encoding={encoding}
      rowsOf={(word, max) => (index ? exactRows(index, word, max) : [])}
      onBack={() => setView({ kind: 'atlas' })}
      onOpenComposite={(k) => setView({ kind: 'latent', composite: compositeId(k) })}
      onOpenRow={(row) => setView({ kind: 'row', input: { source: 'probe', row: probeRow(row) } })}
      onOpenOwn={(i) => setView({ kind: 'row', input: { source: 'own', index: i } })}
      onEncodeFile={(file) =>
        void file.arrayBuffer().then(
          (buf) => {
            let rows: OwnRows;
            try {
              rows = parseOwnRowsFile(new Uint8Array(buf), file.name, d);
            } catch (err) {
              reportBad(err, file.name);
              return;
            }
            return encodeAndOpen(rows);
          },
          (err: unknown) => reportBad(err, file.name),
        )
      }
      onEncodePaste={(text) => {
        let rows: OwnRows;
        try {
          rows = parsePastedVector(text, d);
        } catch (err) {
          reportBad(err, 'the pasted vector');
          return;
        }
        void encodeAndOpen(rows);
      }}
    />
  );
}
