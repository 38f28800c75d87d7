/** The Claude Code tab: settings.json state and configure/revert, the doctor, and the compatibility sentinel. */
import type { DashboardClient } from '../api';
import { ClaudeConfigPanel } from './ClaudeConfigPanel';
import { CompatPanel } from './CompatPanel';
import { DoctorPanel } from './DoctorPanel';

export function ClaudeCode({ api, requestsServed }: { api: DashboardClient; requestsServed: number }) {
  return (
    <>
      <ClaudeConfigPanel api={api} />
      <DoctorPanel api={api} />
      <CompatPanel api={api} refreshKey={requestsServed} />
    </>
  );
}
