import {
  createHmac,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  timingSafeEqual,
} from 'node:crypto';

/**
 * The two JWTs GitHub deals in, with node:crypto only: RS256 tokens an App signs with its
 * private key (verified with the App's public key, as GitHub does), and the HS256
 * `ACTIONS_RUNTIME_TOKEN` the sandbox mints for the results service. Compact JWS is three
 * base64url parts; the whole format fits in this file, so no dependency is pulled in for it.
 */

/** Credentials of a GitHub App: its id and an RSA key pair in PEM. */
export interface AppCredentials {
  appId: number;
  privateKey: string;
  publicKey: string;
}

/** Generates an App id and a 2048-bit RSA key pair (what GitHub hands out as the `.pem`). */
export function generateAppCredentials(appId = 1): AppCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { appId, privateKey, publicKey };
}

/** The public key of a PEM private key (PKCS#1 or PKCS#8). */
export function publicKeyOf(privateKey: string): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Claims are whatever JSON object the token carries. */
export type Claims = Record<string, unknown>;

/** Why a token was rejected; the message is GitHub's wording where GitHub has one. */
export class JwtError extends Error {
  override name = 'JwtError';
}

function decodeParts(token: string): {
  header: Claims;
  claims: Claims;
  signingInput: string;
  signature: Buffer;
} {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('A JSON web token could not be decoded');
  const [header = '', payload = '', signature = ''] = parts;
  const parse = (part: string): Claims => {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new JwtError('A JSON web token could not be decoded');
    }
    return Object.fromEntries(Object.entries(value));
  };
  try {
    return {
      header: parse(header),
      claims: parse(payload),
      signingInput: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtError('A JSON web token could not be decoded');
  }
}

/** Signs claims with RS256 (what `@octokit/auth-app` does with the App's private key). */
export function signRs256(claims: Claims, privateKey: string): string {
  const input = `${encodePart({ alg: 'RS256', typ: 'JWT' })}.${encodePart(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/**
 * Verifies an App JWT like GitHub: RS256 only, signature by the App's key, `iat` not in the
 * future (60 s skew allowed), `exp` in the future and at most 10 minutes after `iat`.
 */
export function verifyAppJwt(token: string, publicKey: string, now = Date.now()): Claims {
  const { header, claims, signingInput, signature } = decodeParts(token);
  if (header['alg'] !== 'RS256') throw new JwtError("'alg' must be RS256 for a GitHub App JWT");
  const valid = createVerify('RSA-SHA256').update(signingInput).verify(publicKey, signature);
  if (!valid) throw new JwtError('A JSON web token could not be decoded');
  const seconds = Math.floor(now / 1000);
  const iat = claims['iat'];
  const exp = claims['exp'];
  if (typeof iat !== 'number' || typeof exp !== 'number') {
    throw new JwtError(
      "'Issued at' claim ('iat') and 'Expiration time' claim ('exp') are required",
    );
  }
  if (iat > seconds + 60)
    throw new JwtError(
      "'Issued at' claim ('iat') must be an Integer representing a time in the past",
    );
  if (exp <= seconds)
    throw new JwtError(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  if (exp - iat > 600)
    throw new JwtError("'Expiration time' claim ('exp') is too far in the future");
  return claims;
}

/** Signs claims with HS256 under a server secret. */
export function signHs256(claims: Claims, secret: Buffer): string {
  const input = `${encodePart({ alg: 'HS256', typ: 'JWT' })}.${encodePart(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Verifies an HS256 token minted by `signHs256` and returns its claims. */
export function verifyHs256(token: string, secret: Buffer, now = Date.now()): Claims {
  const { header, claims, signingInput, signature } = decodeParts(token);
  if (header['alg'] !== 'HS256') throw new JwtError('Runtime token must be HS256');
  const expected = createHmac('sha256', secret).update(signingInput).digest();
  if (expected.length !== signature.length || !timingSafeEqual(expected, signature)) {
    throw new JwtError('Runtime token signature is invalid');
  }
  const exp = claims['exp'];
  if (typeof exp === 'number' && exp * 1000 <= now) throw new JwtError('Runtime token has expired');
  return claims;
}
