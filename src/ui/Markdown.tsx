// Draws core/markdown's blocks as React elements (text stays text: nothing is HTML). Links to the
// web open in a new tab; links between the project's documents, which the app does not serve,
// show their target as code so a reader with the repository can follow them.
import type { ReactNode } from 'react';
import type { Block, Inline } from '../core/markdown';

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.children)}</em>;
      case 'link':
        return /^https?:\/\//.test(n.href) ? (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {inline(n.children)}
          </a>
        ) : n.href.startsWith('#') ? (
          <a key={i} href={n.href} onClick={(e) => scrollToAnchor(e, n.href.slice(1))}>
            {inline(n.children)}
          </a>
        ) : (
          <span key={i}>
            {inline(n.children)} (<code>docs/{n.href}</code>)
          </span>
        );
    }
  });
}

/** In-document links scroll inside the dialog and leave the page's link (its hash) alone. */
function scrollToAnchor(e: React.MouseEvent, id: string) {
  e.preventDefault();
  document.getElementById(`doc-${id}`)?.scrollIntoView({ block: 'start' });
}

export function Markdown({ blocks }: { blocks: Block[] }) {
  return (
    <div className="markdown">
      {blocks.map((b, i) => {
        switch (b.kind) {
          case 'heading': {
            const H = `h${Math.min(6, b.level + 1)}` as 'h2';
            return (
              <H key={i} id={`doc-${b.id}`}>
                {inline(b.children)}
              </H>
            );
          }
          case 'paragraph':
            return <p key={i}>{inline(b.children)}</p>;
          case 'code':
            return (
              <pre key={i}>
                <code>{b.text}</code>
              </pre>
            );
          case 'list':
            return (
              <ul key={i}>
                {b.items.map((item, j) => (
                  <li key={j}>{inline(item)}</li>
                ))}
              </ul>
            );
          case 'table':
            return (
              <table key={i}>
                <thead>
                  <tr>
                    {b.head.map((c, j) => (
                      <th key={j}>{inline(c)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {b.rows.map((r, j) => (
                    <tr key={j}>
                      {r.map((c, k) => (
                        <td key={k}>{inline(c)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
        }
      })}
    </div>
  );
}
