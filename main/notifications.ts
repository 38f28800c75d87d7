/**
 * Native notifications for notices (proxy/src/notices/): one per admitted notice (the NoticeCenter dedups and
 * rate-limits), with the notice's action as the notification's button and its click.
 */
import type { NoticeAction } from '../proxy/src/notices/types.js';
import type { Notice } from '../proxy/src/notices/types.js';

/** The slice of Electron's Notification used here (faked in tests). */
export interface NotificationLike {
  on(event: 'action' | 'click', listener: () => void): unknown;
  show(): void;
}
export type NotificationFactory = (options: { title: string; body: string; actions: { type: 'button'; text: string }[]; silent: boolean }) => NotificationLike;

export function showNotice(create: NotificationFactory, notice: Notice, perform: (action: NoticeAction) => void): NotificationLike {
  const n = create({
    title: notice.title,
    body: notice.body,
    actions: [{ type: 'button', text: notice.action.label }],
    // A failure that blocks Claude Code is worth a sound; the rest are informational.
    silent: notice.kind === 'low-quota' || notice.kind === 'failover',
  });
  const act = (): void => perform(notice.action);
  n.on('action', act);
  n.on('click', act);
  n.show();
  return n;
}
