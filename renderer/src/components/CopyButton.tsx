/** Copies a text to the clipboard and says so (the label names what is copied, for screen readers). */
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const copy = () => {
    const clip = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clip) return setDone('failed');
    clip.writeText(text).then(
      () => setDone('copied'),
      () => setDone('failed'),
    );
  };
  return (
    <button type="button" className="copy" aria-label={label} onClick={copy}>
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
