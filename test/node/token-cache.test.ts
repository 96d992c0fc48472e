import { afterEach, describe, expect, it, vi } from 'vitest';
import { signToken, verifyToken } from '../../src/modules/auth/token.ts';

const SECRET = 'token-cache-test-secret-0123456789abcdef';
const user = { id: 7, email: 'seven@example.com', name: 'Seven', role: 'customer' as const };

describe('verified-token cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a token verified before with the same user', async () => {
    const token = await signToken(user, SECRET, 60);
    expect(await verifyToken(token, SECRET)).toEqual(user);
    expect(await verifyToken(token, SECRET)).toEqual(user);
  });

  it('refuses a cached token under another secret', async () => {
    const token = await signToken(user, SECRET, 60);
    expect(await verifyToken(token, SECRET)).toEqual(user);
    expect(await verifyToken(token, `${SECRET}-rotated`)).toBeNull();
  });

  it('refuses a cached token from the second it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const token = await signToken(user, SECRET, 60);
    expect(await verifyToken(token, SECRET)).toEqual(user);
    vi.setSystemTime(new Date('2026-01-01T00:00:59.999Z'));
    expect(await verifyToken(token, SECRET)).toEqual(user);
    vi.setSystemTime(new Date('2026-01-01T00:01:00Z'));
    expect(await verifyToken(token, SECRET)).toBeNull();
  });

  it('never answers a tampered token, even when the original was verified', async () => {
    const token = await signToken(user, SECRET, 60);
    expect(await verifyToken(token, SECRET)).toEqual(user);
    const [header, , signature] = token.split('.');
    const claims = Buffer.from(JSON.stringify({ ...user, sub: '8', role: 'admin', iss: 'stockroom' })).toString(
      'base64url',
    );
    expect(await verifyToken(`${header}.${claims}.${signature}`, SECRET)).toBeNull();
  });
});
