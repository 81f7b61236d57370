import { describe, expect, it } from 'vitest';
import { parseListen } from '../../../src/cli/commands/agent';
import {
  accessPolicy,
  bearerToken,
  hostWithPort,
  normalizeOrigin,
} from '../../../src/server/request-guards';

describe('the agent access policy', () => {
  it('answers the loopback names at its port, plus the hosts it was given', () => {
    const policy = accessPolicy({ port: 7070, hosts: ['lab.example', 'tunnel.example:9000'] });
    for (const host of ['127.0.0.1:7070', 'localhost:7070', '[::1]:7070', 'LAB.example:7070']) {
      expect(policy.hostAllowed(host), host).toBe(true);
    }
    for (const host of ['lab.example:9000', 'tunnel.example:7070', 'evil.example:7070', '']) {
      expect(policy.hostAllowed(host), host).toBe(false);
    }
    expect(policy.hostAllowed('tunnel.example:9000')).toBe(true);
    expect(policy.hostAllowed(undefined)).toBe(false);
  });

  it('takes a missing Origin only when told to (the agent), never a foreign or opaque one', () => {
    const serve = accessPolicy({ port: 7070 });
    const agent = accessPolicy({
      port: 7070,
      origins: ['https://dash.example/some/page'],
      allowMissingOrigin: true,
    });
    expect(serve.originAllowed(undefined)).toBe(false);
    expect(agent.originAllowed(undefined)).toBe(true);
    expect(agent.originAllowed('https://dash.example')).toBe(true);
    expect(agent.originAllowed('http://127.0.0.1:7070')).toBe(true);
    expect(agent.originAllowed('http://dash.example')).toBe(false);
    expect(agent.originAllowed('null')).toBe(false);
  });

  it('refuses malformed --allow-host, --allow-origin and --listen values with a reason', () => {
    expect(hostWithPort('[::1]:80', 1)).toBe('[::1]:80');
    expect(() => hostWithPort('a b', 1)).toThrow('not a host name');
    expect(() => hostWithPort('x:99999', 1)).toThrow('not a host name');
    expect(() => normalizeOrigin('file:///etc')).toThrow('http:// or https://');
    expect(() => normalizeOrigin('nope')).toThrow('not an origin URL');
    expect(parseListen('0.0.0.0:7070')).toEqual({ host: '0.0.0.0', port: 7070 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListen('7070')).toThrow('--listen must be ADDR:PORT');
  });

  it('reads a bearer token and nothing else from Authorization', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
