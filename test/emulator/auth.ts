/** Access tokens: real-looking HS256 JWTs signed with a key that lives only as long as the emulator instance. */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'valid' | 'missing' | 'invalid' | 'expired';

export class TokenIssuer {
  readonly #key = randomBytes(32);
  readonly #issuer: string;

  constructor(issuer: string) {
    this.#issuer = issuer;
  }

  issue(clientId: string, lifetimeSeconds: number, nowMs: number): string {
    const iat = Math.floor(nowMs / 1000);
    const header = encodeJson({ alg: 'HS256', typ: 'JWT' });
    const payload = encodeJson({
      iss: this.#issuer,
      aud: 'api',
      client_id: clientId,
      scope: 'api',
      jti: randomUUID(),
      nbf: iat,
      iat,
      exp: iat + lifetimeSeconds,
    });
    return `${header}.${payload}.${this.#sign(`${header}.${payload}`)}`;
  }

  check(authorization: string | undefined, nowMs: number): TokenCheck {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (token === undefined) return 'missing';
    const [header, payload, signature] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined) return 'invalid';
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    let exp: unknown;
    try {
      exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    } catch {
      return 'invalid';
    }
    if (typeof exp !== 'number') return 'invalid';
    return nowMs / 1000 < exp ? 'valid' : 'expired';
  }

  #sign(data: string): string {
    return createHmac('sha256', this.#key).update(data).digest('base64url');
  }
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
