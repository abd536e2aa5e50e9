// The keyboard shortcut list (`?`): generated from core/shortcuts, the table every key handler
// reads, grouped by where each key works.
import { useRef } from 'react';
import { shortcutGroups } from '../core/shortcuts';
import { useDialogFocus } from './useDialogFocus';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useDialogFocus(onClose, () => closeRef.current?.focus());
  return (
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        className="dialog shortcuts-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-dialog"
      >
        <div className="row">
          <h2 id="shortcuts-title" style={{ flex: 1 }}>
            Keyboard shortcuts
          </h2>
          <button ref={closeRef} type="button" onClick={onClose} aria-label="Close dialog">
            ×
          </button>
        </div>
        <p className="hint">
          Single keys work when no text field has the focus. Keys marked “focused” work on the
          control that has the focus (Tab to it).
        </p>
        <div className="shortcut-groups">
          {shortcutGroups().map((g) => (
            <section key={g.scope} aria-labelledby={`keys-${g.scope}`}>
              <h3 id={`keys-${g.scope}`}>{g.scope}</h3>
              <dl className="shortcut-list">
                {g.items.map((item) => (
                  <div key={item.id} data-testid={`shortcut-${item.id}`}>
                    <dt>
                      {item.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' or '}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{item.does}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
