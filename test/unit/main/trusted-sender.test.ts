import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from '../../../src/main/trusted-sender';

describe('isTrustedRendererUrl', () => {
  const built = 'file:///opt/lab/out/renderer/index.html';

  it('trusts the renderer file we loaded, with or without a hash or query', () => {
    expect(isTrustedRendererUrl(built, built)).toBe(true);
    expect(isTrustedRendererUrl(`${built}#/ipc`, built)).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(isTrustedRendererUrl('file:///tmp/evil.html', built)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', built)).toBe(false);
    expect(isTrustedRendererUrl('not a url', built)).toBe(false);
  });

  it('trusts the dev server by origin only', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/src/x', 'http://localhost:5173/')).toBe(
      true,
    );
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
