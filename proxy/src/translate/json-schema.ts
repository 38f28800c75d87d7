/**
 * JSON-schema cleanup for tool parameters and structured-output formats (docs/codex-backend.md §5.2 rule 7).
 *
 * The backend takes ordinary JSON Schema with `strict:false`, so the cleanup is deliberately minimal:
 * only Claude-Code noise at the TOP level is removed (`$schema`, `cache_control`, `defer_loading`).
 * Unions (`anyOf`/`oneOf`/`allOf`), `$ref`/`$defs` and every nested keyword are kept as they are —
 * collapsing unions changes what the model may send (the seed project's bug).
 */

export type JsonSchema = Record<string, unknown>;

/** Top-level keys that are Anthropic/Claude Code metadata, not schema. */
export const TOP_LEVEL_NOISE_KEYS: readonly string[] = ['$schema', 'cache_control', 'defer_loading'];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A deep copy without the top-level noise keys; key order is preserved. */
export function stripTopLevelNoise(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (TOP_LEVEL_NOISE_KEYS.includes(key)) continue;
    out[key] = structuredClone(value);
  }
  return out;
}

/**
 * Function `parameters` for the Responses API: noise stripped, and a top-level object shape guaranteed
 * (`type:'object'` added when `type` is missing, `properties:{}` added to an object schema without it).
 * A top-level `anyOf`/`oneOf` stays next to the added `type`.
 */
export function cleanToolParameters(schema: JsonSchema): JsonSchema {
  const stripped = stripTopLevelNoise(schema);
  const withType: JsonSchema = 'type' in stripped ? stripped : { type: 'object', ...stripped };
  if (withType['type'] === 'object' && !isPlainObject(withType['properties'])) {
    return { ...withType, properties: {} };
  }
  return withType;
}

/** Keywords the Responses API's strict structured-output mode understands. */
const STRICT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'description',
  'title',
  'anyOf',
  '$defs',
  'definitions',
  '$ref',
]);

/**
 * True when `schema` can be sent with `strict:true`: only supported keywords, every object closed
 * (`additionalProperties:false`) and listing all its properties in `required`. Anything doubtful → false.
 */
export function qualifiesForStrictMode(schema: unknown): boolean {
  if (!isPlainObject(schema)) return false;
  for (const key of Object.keys(schema)) if (!STRICT_KEYWORDS.has(key)) return false;
  const type = schema['type'];
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object'));
  const properties = schema['properties'];
  if (isObject || properties !== undefined) {
    if (schema['additionalProperties'] !== false) return false;
    if (properties !== undefined && !isPlainObject(properties)) return false;
    const keys = Object.keys(properties ?? {});
    const required = schema['required'];
    if (keys.length > 0 && !Array.isArray(required)) return false;
    const requiredSet = new Set(Array.isArray(required) ? required : []);
    if (!keys.every((k) => requiredSet.has(k))) return false;
    for (const sub of Object.values(properties ?? {})) if (!qualifiesForStrictMode(sub)) return false;
  }
  const items = schema['items'];
  if (items !== undefined && !qualifiesForStrictMode(items)) return false;
  const anyOf = schema['anyOf'];
  if (anyOf !== undefined && !(Array.isArray(anyOf) && anyOf.every(qualifiesForStrictMode))) return false;
  for (const defsKey of ['$defs', 'definitions']) {
    const defs = schema[defsKey];
    if (defs === undefined) continue;
    if (!isPlainObject(defs) || !Object.values(defs).every(qualifiesForStrictMode)) return false;
  }
  return true;
}
