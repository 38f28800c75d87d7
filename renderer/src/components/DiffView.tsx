/** A unified diff (already redacted by the proxy), one line per row, added/removed lines marked for color and AT. */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" aria-label={label} data-testid="diff" tabIndex={0}>
      {lines.map((line, i) => {
        const kind = line.startsWith('+++') || line.startsWith('---') ? 'file'
          : line.startsWith('@@') ? 'hunk'
            : line.startsWith('+') ? 'add'
              : line.startsWith('-') ? 'del'
                : 'ctx';
        return (
          <span key={i} className={`diff__line diff__line--${kind}`}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
