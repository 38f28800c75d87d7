/** Edits one mapping row (a family or an alias) against the active account's live catalog: model + effort. */
import { useState, type FormEvent } from 'react';
import type { CatalogModelView, ModelsView } from '../../../proxy/src/contract';
import type { DashboardApiV2, ModelMappingPatch } from '../../../proxy/src/contract-v2';

export interface MappingEditorProps {
  api: Pick<DashboardApiV2, 'updateModelMapping'>;
  catalog: CatalogModelView[];
  /** The family, or null for a new alias. */
  target: { kind: 'family'; family: 'opus' | 'sonnet' | 'haiku' | 'unknown' } | { kind: 'alias'; alias: string | null };
  model: string;
  effort: string | null;
  onSaved(v: ModelsView): void;
  onCancel(): void;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/^Error invoking remote method '[^']+': (Error: )?/, '');

export function MappingEditor({ api, catalog, target, model: initialModel, effort: initialEffort, onSaved, onCancel }: MappingEditorProps) {
  const [model, setModel] = useState(catalog.some((c) => c.slug === initialModel) ? initialModel : (catalog[0]?.slug ?? initialModel));
  const [effort, setEffort] = useState(initialEffort ?? '');
  const [alias, setAlias] = useState(target.kind === 'alias' ? (target.alias ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const efforts = catalog.find((c) => c.slug === model)?.efforts ?? [];
  const name = target.kind === 'family' ? target.family : alias || 'new alias';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (target.kind === 'alias' && !alias.trim()) return setError('Enter the client model id the alias is for.');
    if (effort && !efforts.includes(effort)) return setError(`${model} does not support effort ${effort}.`);
    const chosen = (effort || null) as Extract<ModelMappingPatch, { kind: 'family' }>['effort'];
    const patch: ModelMappingPatch = target.kind === 'family' ? { kind: 'family', family: target.family, model, effort: chosen } : { kind: 'alias', alias: alias.trim(), model, effort: chosen };
    setBusy(true);
    api.updateModelMapping(patch).then(
      (v) => {
        setBusy(false);
        onSaved(v);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorText(err));
      },
    );
  };

  return (
    <form className="form form--inline" onSubmit={submit} aria-label={`Edit the mapping of ${name}`} noValidate>
      {target.kind === 'alias' && (
        <label className="field field--inline">
          <span>Client model id</span>
          <input type="text" value={alias} onChange={(e) => setAlias(e.target.value)} disabled={target.alias !== null} spellCheck={false} />
        </label>
      )}
      <label className="field field--inline">
        <span>Codex model</span>
        <select value={model} onChange={(e) => (setModel(e.target.value), setEffort(''))}>
          {catalog.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.slug}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <span>Effort</span>
        <select value={effort} onChange={(e) => setEffort(e.target.value)}>
          <option value="">model default</option>
          {efforts.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p className="outcome outcome--error span-all" role="alert">
          {error}
        </p>
      )}
      <p className="muted small span-all">Takes effect on the next request.</p>
    </form>
  );
}
