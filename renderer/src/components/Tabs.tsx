/** Accessible tabs (WAI-ARIA tabs pattern): roving tabindex, arrow keys, Home/End. Panels stay mounted only when active. */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<Id extends string> {
  id: Id;
  label: string;
  /** A short badge after the label (e.g. a count). */
  badge?: string | null;
}

export interface TabsProps<Id extends string> {
  tabs: readonly TabDef<Id>[];
  active: Id;
  onSelect(id: Id): void;
  label: string;
  children: ReactNode;
}

export function Tabs<Id extends string>({ tabs, active, onSelect, label, children }: TabsProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const move = (e: KeyboardEvent, index: number): void => {
    const last = tabs.length - 1;
    const next = e.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
        : e.key === 'Home' ? 0
          : e.key === 'End' ? last
            : -1;
    if (next < 0) return;
    e.preventDefault();
    const tab = tabs[next]!;
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === active}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === active ? 0 : -1}
            className="tabs__tab"
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => move(e, i)}
          >
            {t.label}
            {t.badge ? <span className="tabs__badge">{t.badge}</span> : null}
          </button>
        ))}
      </div>
      <div className="tabs__panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
