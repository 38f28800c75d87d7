/**
 * Whether the proxy is alive, from the `heartbeat` push event (every 1 s on both transports): no heartbeat for
 * LOST_AFTER_MS → lost; the next one → live again. Without a heartbeat channel the caller falls back to polling.
 */
import { useEffect, useRef, useState } from 'react';
import type { DashboardClientV2 } from '../v2';

export const LOST_AFTER_MS = 3_000;

export type Liveness = 'unknown' | 'live' | 'lost';

export function useHeartbeat(api: DashboardClientV2, lostAfterMs = LOST_AFTER_MS): Liveness {
  const [state, setState] = useState<Liveness>(api.onHeartbeat ? 'unknown' : 'unknown');
  const last = useRef(Date.now());
  useEffect(() => {
    if (!api.onHeartbeat) return undefined;
    last.current = Date.now();
    const off = api.onHeartbeat(() => {
      last.current = Date.now();
      setState('live');
    });
    const timer = setInterval(() => {
      if (Date.now() - last.current > lostAfterMs) setState('lost');
    }, Math.min(500, lostAfterMs / 3));
    return () => {
      off();
      clearInterval(timer);
    };
  }, [api, lostAfterMs]);
  return state;
}
