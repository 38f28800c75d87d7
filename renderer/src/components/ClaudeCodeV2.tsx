/**
 * The Claude Code tab: settings.json state and configure/revert, the backups (restore), the doctor — re-run after
 * every change made here — the status line preview and the compatibility sentinel.
 */
import { useState } from 'react';
import { has, type DashboardClientV2 } from '../v2';
import { BackupsPanel } from './BackupsPanel';
import { ClaudeConfigPanel } from './ClaudeConfigPanel';
import { CompatPanel } from './CompatPanel';
import { DoctorPanel } from './DoctorPanel';
import { StatuslinePreview } from './StatuslinePreview';

export function ClaudeCodeV2({ api, requestsServed }: { api: DashboardClientV2; requestsServed: number }) {
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  return (
    <>
      <ClaudeConfigPanel api={api} />
      <DoctorPanel key={`doctor-${changes}`} api={api} />
      {has(api, 'listClaudeBackups') && has(api, 'restoreClaudeBackup') && <BackupsPanel api={api} refreshKey={changes} onRestored={changed} />}
      <StatuslinePreview api={api} refreshKey={requestsServed + changes} />
      <CompatPanel api={api} refreshKey={requestsServed} />
    </>
  );
}
