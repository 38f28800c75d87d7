/**
 * The contract table covers DashboardApi exactly. Half of it is the type checker's (the table halves are mapped
 * types over DashboardApi, and the assertions below fail to compile when the key sets drift); the other half runs:
 * every table method is a method of the real ProxyCore, every half has the same keys, and each method's HTTP
 * request lands on one of its own routes with the arguments it was made from. Plus the error-code map.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { dashboardChannels, dashboardEventChannels, type DashboardApi, type DashboardEvents } from '../../proxy/src/contract.js';
import { ProxyCore } from '../../proxy/src/core.js';
import { dashboardMethodNames, dashboardMethods } from '../../proxy/src/contract/methods.js';
import { argSchemas, parseArgs } from '../../proxy/src/contract/schemas.js';
import { httpMethods, type HttpInput } from '../../proxy/src/contract/http-routes.js';
import {
  CONTRACT_ERROR_CODES,
  ContractError,
  HTTP_STATUS,
  codeForStatus,
  fromRemoteError,
} from '../../proxy/src/contract/errors.js';
import { toContractError } from '../../proxy/src/contract/classify.js';
import { LoginError, RefreshError } from '../../proxy/src/accounts/token-client.js';
import { ChangeError } from '../../proxy/src/claude-code/change-journal.js';
import { ClaudeSettingsError } from '../../proxy/src/claude-code/settings-file.js';
import { CodexAuthFileError } from '../../proxy/src/accounts/codex-auth-file.js';
import { ConfigError } from '../../proxy/src/config.js';
import { sampleArgs } from './main/fixtures.js';

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('the contract table', () => {
  it('has exactly the DashboardApi methods, in every half (compile-time)', () => {
    expectTypeOf<keyof typeof dashboardMethods>().toEqualTypeOf<keyof DashboardApi>();
    expectTypeOf<keyof typeof argSchemas>().toEqualTypeOf<keyof DashboardApi>();
    expectTypeOf<keyof typeof httpMethods>().toEqualTypeOf<keyof DashboardApi>();
    expectTypeOf<keyof typeof dashboardChannels>().toEqualTypeOf<keyof DashboardApi>();
    expectTypeOf<keyof typeof dashboardEventChannels>().toEqualTypeOf<keyof DashboardEvents>();
  });

  it('every table method is a method of the real ProxyCore, and every half has the same keys', () => {
    const coreMethods = Object.entries(Object.getOwnPropertyDescriptors(ProxyCore.prototype))
      .filter(([, d]) => typeof d.value === 'function')
      .map(([name]) => name);
    for (const m of dashboardMethodNames) expect(coreMethods, `ProxyCore.${m}`).toContain(m);
    const names = sorted(dashboardMethodNames);
    expect(names.length).toBeGreaterThan(20);
    expect(sorted(Object.keys(dashboardMethods))).toEqual(names);
    expect(sorted(Object.keys(argSchemas))).toEqual(names);
    expect(sorted(Object.keys(httpMethods))).toEqual(names);
    expect(sorted(Object.keys(sampleArgs))).toEqual(names);
    for (const m of dashboardMethodNames) {
      const e = dashboardMethods[m];
      expect([e.name, e.channel, e.read], m).toEqual([m, `dashboard:${m}`, httpMethods[m].read]);
      expect(e.args, m).toBe(argSchemas[m]);
      expect(e.http, m).toBe(httpMethods[m]);
    }
  });

  it('reads are GETs and GETs are reads', () => {
    for (const m of dashboardMethodNames) {
      const { read, routes } = dashboardMethods[m].http;
      for (const route of routes) expect(route.verb === 'GET', `${m} ${route.verb} ${route.path}`).toBe(read);
    }
  });

  it('no two methods share a verb and path', () => {
    const seen = new Map<string, string>();
    for (const m of dashboardMethodNames) {
      for (const { verb, path } of httpMethods[m].routes) {
        const key = `${verb} ${path}`;
        expect(seen.get(key), key).toBeUndefined();
        seen.set(key, m);
      }
    }
  });

  it('each method’s HTTP request matches one of its routes, which rebuilds the same (valid) arguments', () => {
    for (const m of dashboardMethodNames) {
      const req = (httpMethods[m].request as (...a: unknown[]) => ReturnType<(typeof httpMethods)[typeof m]['request']>)(...sampleArgs[m]);
      const [pathname, search = ''] = req.path.split('?');
      const hits = httpMethods[m].routes.flatMap((route) => {
        if (route.verb !== req.verb) return [];
        const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
        const match = pattern.exec(pathname!);
        if (!match) return [];
        const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
        const input: HttpInput = { params, query: Object.fromEntries(new URLSearchParams(search)), body: req.body ?? {} };
        return [route.args(input)];
      });
      expect(hits, m).toHaveLength(1);
      expect(parseArgs(m, hits[0]!), m).toEqual(sampleArgs[m]);
    }
  });
});

describe('contract errors', () => {
  it('map every code to one HTTP status, and statuses back to codes', () => {
    expect(sorted(Object.keys(HTTP_STATUS))).toEqual(sorted(CONTRACT_ERROR_CODES));
    for (const code of CONTRACT_ERROR_CODES) expect(codeForStatus(HTTP_STATUS[code])).toBe(code);
    expect(codeForStatus(401)).toBe('forbidden');
    expect(codeForStatus(413)).toBe('invalid_argument');
    expect(codeForStatus(503)).toBe('unavailable');
  });

  it('survive the IPC wire: String(error) after Electron’s prefix decodes to the same code and message', () => {
    const sent = new ContractError('conflict', 'nothing to revert: no configure change');
    const received = new Error(`Error invoking remote method 'dashboard:revertClaudeConfig': ${String(sent)}`);
    expect(fromRemoteError(received)).toMatchObject({ name: 'ContractError', code: 'conflict', message: sent.message });
    expect(fromRemoteError(new Error("Error invoking remote method 'dashboard:x': Error: No handler registered"))).toMatchObject({
      code: 'internal',
      message: 'No handler registered',
    });
  });

  it('are chosen by error class, never by message', () => {
    const cases: [unknown, string][] = [
      [new ContractError('not_found', 'No account x'), 'not_found'],
      [new LoginError('busy', 'port_in_use'), 'conflict'],
      [new LoginError('State mismatch', 'state_mismatch'), 'invalid_argument'],
      [new RefreshError('Token refresh failed (500)', false), 'unavailable'],
      [new RefreshError('Token refresh failed (401)', true), 'invalid_argument'],
      [new CodexAuthFileError('not a Codex auth.json'), 'invalid_argument'],
      [new ConfigError('The Haiku lane needs a model'), 'invalid_argument'],
      [new ChangeError('nothing to revert'), 'conflict'],
      [new ClaudeSettingsError('settings.json is not valid JSON; it was left unchanged'), 'conflict'],
      [new Error('No account x'), 'internal'],
      ['a string', 'internal'],
    ];
    for (const [err, code] of cases) expect(toContractError(err).code, String(err)).toBe(code);
  });
});
