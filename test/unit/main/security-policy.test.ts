import { describe, expect, it } from 'vitest';
import {
  allowsNavigation,
  grantsPermission,
  newWindowDecision,
} from '../../../src/main/security-policy';

describe('the Electron security policy', () => {
  it('denies every permission', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'unknown',
    ]) {
      expect(grantsPermission(permission)).toBe(false);
    }
  });

  it('never lets the page navigate, not even to itself or a file', () => {
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'http://127.0.0.1:1/',
      'about:blank',
    ]) {
      expect(allowsNavigation(url)).toBe(false);
    }
  });

  it("never opens a window; only https links go to the user's browser", () => {
    expect(newWindowDecision('https://ui.perfetto.dev/')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(newWindowDecision('http://example.com/')).toEqual({
      action: 'deny',
      openExternally: false,
    });
    expect(newWindowDecision('file:///etc/passwd')).toEqual({
      action: 'deny',
      openExternally: false,
    });
    expect(newWindowDecision('javascript:alert(1)')).toEqual({
      action: 'deny',
      openExternally: false,
    });
    expect(newWindowDecision('not a url')).toEqual({ action: 'deny', openExternally: false });
  });
});
