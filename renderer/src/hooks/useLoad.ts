/** Loads a value from the API on mount (and on `reload()`); failures are reported, the last good value kept. */
import { useCallback, useEffect, useState } from 'react';
import { useAlive } from './useAction';
import { useReport } from './useReport';

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  reload(): Promise<void>;
  set(value: T): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const report = useReport();
  const alive = useAlive();
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  // `deps` is the caller's dependency list for `load` (like useCallback's).
  const stableLoad = useCallback(load, deps);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const value = await stableLoad();
      if (alive.current) setData(value);
    } catch (err) {
      if (alive.current) report(err);
    } finally {
      if (alive.current) setLoading(false);
    }
  }, [stableLoad, report, alive]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, loading, reload, set: setData };
}
