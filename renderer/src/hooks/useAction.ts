/** Runs one user action at a time: tracks `busy`, reports failures, ignores results after unmount. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useReport } from './useReport';

export interface Action {
  busy: boolean;
  /** Resolves with the action's result, or undefined when it failed (the failure is reported). */
  run<T>(fn: () => Promise<T>): Promise<T | undefined>;
}

export function useAction(): Action {
  const report = useReport();
  const [busy, setBusy] = useState(false);
  const alive = useAlive();
  const run = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await fn();
      } catch (err) {
        if (alive.current) report(err);
        return undefined;
      } finally {
        if (alive.current) setBusy(false);
      }
    },
    [report, alive],
  );
  return { busy, run };
}

/** A ref that is false once the component unmounted. */
export function useAlive(): { readonly current: boolean } {
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  return alive;
}
