// The keyboard shortcut list (`?`): generated from core/shortcuts, the table every key handler
// reads, grouped by where each key works.
import { shortcutGroups } from '../core/shortcuts';
import { Dialog } from './Dialog';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog
      titleId="shortcuts-title"
      title="Keyboard shortcuts"
      className="shortcuts-dialog"
      testId="shortcuts-dialog"
      onClose={onClose}
    >
      <p className="hint">
        Single keys work when no text field has the focus. Keys marked “focused” work on the control
        that has the focus (Tab to it).
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
    </Dialog>
  );
}
