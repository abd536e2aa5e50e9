// Inline editing of one composite's label: Enter or leaving the field saves, Escape cancels.
// Saving an empty label removes the user's label (the automatic one shows again).
import { useEffect, useRef, useState } from 'react';

interface Props {
  id: number;
  initial: string;
  /** Shown while empty (the automatic label). */
  placeholder: string;
  /** The new text, or null when cancelled. */
  onDone: (text: string | null) => void;
}

export function LabelEditor({ id, initial, placeholder, onDone }: Props) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (value: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(value);
  };
  return (
    <input
      ref={ref}
      type="text"
      className="atlas-label-input"
      aria-label={`Label of composite ${id}`}
      data-testid="label-input"
      value={text}
      placeholder={placeholder}
      maxLength={200}
      onChange={(e) => setText(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(text);
        else if (e.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(text)}
    />
  );
}
