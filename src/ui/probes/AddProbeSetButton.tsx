// A button that picks one .safetensors file and adds it as the open model's probe set.
import { useRef, type ReactNode } from 'react';
import { useProbeActions } from './probeActions';
import './probes.css';

export function AddProbeSetButton({
  children = 'Add probe set…',
  className,
  title = 'Choose a probes.safetensors made for this model (tools/make_probes.py); it replaces the current probe set',
  label,
  testId = 'add-probes',
}: {
  children?: ReactNode;
  className?: string;
  title?: string;
  /** The accessible name, when the visible text is not enough. */
  label?: string;
  testId?: string;
}) {
  const { add } = useProbeActions();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        title={title}
        aria-label={label}
        data-testid={testId}
        onClick={() => input.current?.click()}
      >
        {children}
      </button>
      <input
        ref={input}
        type="file"
        accept=".safetensors"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) add(file);
        }}
      />
    </>
  );
}
