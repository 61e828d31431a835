import http from 'node:http';
import { generateKeyPairSync, createHmac, sign, type KeyObject } from 'node:crypto';

export const CHANNEL_ISSUER = 'https://api.botframework.com';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * Stands in for login.botframework.com: serves an OpenID configuration and the signing key
 * (endorsed for msteams) the bot trusts, and signs tokens with it, or with anything else.
 */
export class ChannelTokenIssuer {
  readonly kid = 'test-signing-key';
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;
  url = '';

  get openIdMetadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${this.url}/v1/keys` }));
      } else if (req.url === '/v1/keys') {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Claims of a token the Bot Connector would send to `appId` for an activity from `serviceUrl`. */
  claims(appId: string, serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
  }

  /** An RS256 token signed with the trusted key, or with `key` (an attacker's). */
  sign(claims: Record<string, unknown>, options: { key?: KeyObject; kid?: string; alg?: string } = {}): string {
    const header = { alg: options.alg ?? 'RS256', typ: 'JWT', kid: options.kid ?? this.kid };
    const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${signed}.${b64url(sign('sha256', Buffer.from(signed), options.key ?? this.keys.privateKey))}`;
  }

  /** A token signed with HMAC over a shared secret (the algorithm-confusion attack). */
  signHs256(claims: Record<string, unknown>, secret: string): string {
    const signed = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: this.kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${signed}.${b64url(createHmac('sha256', secret).update(signed).digest())}`;
  }

  /** An unsigned token (alg none). */
  unsigned(claims: Record<string, unknown>): string {
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`;
  }
}
