// "Encode your own rows": pick or drop a .npy or safetensors file of raw activations [n, d], or
// paste one vector; the page parses it (core/ownRows) and asks the engine to encode it (the app's
// `onFile` / `onPaste`). Lists the rows already encoded, each opening in the token view.
import { useRef, useState, type DragEvent } from 'react';
import type { OwnRow } from '../../state/ownRowsStore';

export function EncodeRows({
  d,
  rows,
  busy,
  onFile,
  onPaste,
  onOpenOwn,
}: {
  /** The model's input width. */
  d: number;
  rows: readonly OwnRow[];
  /** An encoding is running. */
  busy: boolean;
  onFile: (file: File) => void;
  onPaste: (text: string) => void;
  onOpenOwn: (index: number) => void;
}) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    // This drop is for the token view, not the window's "open a model" drop target.
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <section className="token-encode" aria-labelledby="encode-title" data-testid="encode-rows">
      <h3 id="encode-title">Encode your own rows</h3>
      <div
        className={over ? 'encode-drop over' : 'encode-drop'}
        onDragOver={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="muted">
          Raw activations at the model’s hook point, width d = {d}: a <code>.npy</code> array or a
          safetensors file (tensor <code>activations</code>), shape [n, {d}] or [{d}]. Drop it here
          or{' '}
          <button
            type="button"
            className="link"
            onClick={() => fileRef.current?.click()}
            disabled={busy}
          >
            pick a file
          </button>
          .
        </p>
        <input
          ref={fileRef}
          type="file"
          accept=".npy,.safetensors,application/octet-stream"
          hidden
          data-testid="encode-file"
          aria-label="Activations file to encode"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onFile(file);
          }}
        />
      </div>
      <form
        className="encode-paste"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() !== '') onPaste(text);
        }}
      >
        <textarea
          rows={2}
          placeholder={`or paste one vector of ${d} numbers`}
          aria-label="One activation vector to encode"
          data-testid="encode-paste"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={busy || text.trim() === ''}>
          Encode
        </button>
      </form>
      {rows.length > 0 && (
        <ol className="own-rows" data-testid="own-rows">
          {rows.map((r, i) => (
            <li key={i}>
              <button type="button" className="link" onClick={() => onOpenOwn(i)}>
                {r.source === 'pasted vector' ? 'pasted vector' : `${r.source} · row ${r.fileRow}`}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
