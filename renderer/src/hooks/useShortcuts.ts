/** Keyboard shortcuts for the views: keys 1…9 select the n-th view, unless the user is typing or holds a modifier. */
import { useEffect } from 'react';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useViewShortcuts<Id extends string>(ids: readonly Id[], select: (id: Id) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const n = Number(e.key);
      if (!Number.isInteger(n) || n < 1 || n > ids.length) return;
      e.preventDefault();
      select(ids[n - 1]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ids, select]);
}
