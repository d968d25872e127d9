import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findSecrets,
  findValues,
  keysDirSecrets,
  MIN_SECRET_VALUE_LENGTH,
  storageStateSecrets,
  type KnownSecret,
} from './secret-scan.js';

/** Real lines of the apps' logs (`.run/test/logs/*.log`): none of them may be reported. */
const CLEAN_LINES = [
  '{"level":30,"time":"2026-12-05T08:41:53.617Z","service":"claims","claimId":"ae819014-e1a8-4208-b012-d8e7b48b28a5","step":"TowDispatched","status":"TOW_DISPATCHED","correlationId":"84e85455-6bd0-4926-87a2-1256aa0e441f","causationId":"b32ca73d-e054-4f79-a94a-5ab9bb080fd2","msg":"claim advanced"}',
  '{"level":30,"time":"2026-12-05T08:36:04.916Z","service":"gateway","correlationId":"076c1a3a-d2a9-4882-b121-d919ffc07fbd","method":"POST","path":"/api/_training/sync","status":200,"ms":6,"msg":"request"}',
  '{"level":40,"time":"2026-12-05T08:41:41.256Z","service":"gateway","audit":true,"action":"authz.denied","correlationId":"68f3aa92-0abb-48ba-9c23-bb538c81b8d3","resource":"POST /api/claims","reason":"missing scope(s) claims:write for POST /claims","defense":"bfla","sub":"c769dd57-11a0-40a4-ae73-346c953c991d","party":{"kind":"service_rep","id":"E-3001"},"msg":"audit authz.denied"}',
  '{"level":40,"time":"2026-12-05T08:45:11.571Z","service":"gateway","audit":true,"action":"token.rejected","correlationId":"0e4197bf-edf1-4b6a-84e4-ad735ebc0a30","resource":"GET /api/claims","reason":"token is not active","defense":"phantom-token","msg":"audit token.rejected"}',
  '{"level":40,"time":"2026-12-05T08:45:12.254Z","service":"gateway","audit":true,"action":"defense.off","defense":"phantom-token","correlationId":"20dde555-edbe-4574-9c43-b82f97fe39ae","sub":"54a81cbf-9c42-4f1a-854b-6451d96d3b98","party":{"kind":"member","id":"M-100001"},"reason":"accepted a JWT access token without introspection (defense phantom-token is off)","msg":"audit defense.off"}',
  '{"level":40,"time":"2026-12-05T08:45:12.237Z","service":"identity","audit":true,"action":"token.revoked","resource":"grant:McHn5MAQBlF1NuaH1xGCHJQ975z_5JMQD0nLZenZA2-","reason":"grant revoked at revocation","msg":"audit token.revoked"}',
  '{"level":30,"time":"2026-12-05T08:45:12.210Z","service":"identity","event":"revocation.error","error":"unsupported_token_type","description":"Structured JWT Tokens cannot be revoked via the revocation_endpoint","client":"claimguard-cli","msg":"oidc request refused"}',
  '{"level":40,"time":"2026-12-05T08:44:54.699Z","service":"identity","audit":true,"action":"authn.failure","reason":"wrong_password","sub":"c5454cfd-39f0-423f-bb6b-90539a42b8fd","party":{"kind":"tow_operator","id":"T-01"},"resource":"client:claimguard-cli","msg":"audit authn.failure"}',
  '{"level":40,"time":"2026-12-05T08:45:35.898Z","service":"claims","audit":true,"action":"authn.failure","defense":"mtls","actor":"client 127.0.0.61","reason":"TLS client without a verified certificate: UNABLE_TO_GET_ISSUER_CERT","msg":"audit authn.failure"}',
  '{"level":"warn","time":"2026-12-05T08:45:06.148Z","app":"web","msg":"sign-in refused: no login transaction in this browser","audit":true,"action":"authn.failure","defense":"oauth-state","correlationId":"16bd1904-81af-4529-abec-a68285b8411a"}',
  '{"level":"info","time":"2026-12-05T08:35:43.212Z","app":"web","msg":"signed in","sub":"2bf9dbfc-5101-454b-8426-ab140f655df9","party":"member"}',
  'oidc-provider NOTICE: default features.revocation.allowedPolicy function called, you SHOULD change it in order to to check whether the caller is authorized to revoke the token.',
  '    at async t (.next/server/chunks/ssr/0a1k_next_dist_0iagfv706effs._.js:2:6022)',
  '▲ Next.js 16.4.6',
  // What redaction leaves, and prose that names a scheme or a secret without holding one.
  '{"level":30,"service":"identity","req":{"headers":{"authorization":"[redacted]","cookie":"[redacted]"}},"client_secret":"[redacted]","msg":"request"}',
  '{"level":30,"service":"identity","token_endpoint_auth_method":"client_secret_basic","msg":"client registered"}',
  '{"level":40,"service":"gateway","reason":"Basic authentication refused; a Bearer token is required","msg":"audit authn.failure"}',
  '{"level":40,"service":"gateway","reason":"bearer token missing","msg":"audit token.rejected"}',
];

/** An opaque token as identity issues it: 32 random bytes, base64url (43 characters). */
const opaque = (): string => randomBytes(32).toString('base64url');

const JWT =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6Im9ZQ3dJIn0.eyJzdWIiOiI1NGE4MWNiZiIsImF1ZCI6ImNsYWltcyJ9.MEUCIQDx3kZ8bAq9';
const JWE =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..q3vB7yZx0Lw2Kp4M.Zm9vYmFyYmF6cXV4cXV1eA.c2VjcmV0dGFnc2VjcmV0';
const basic = Buffer.from(`claimguard-web:${opaque()}`).toString('base64');
/**
 * Key material is made on each run, never written into this file: a real key pair's PEM and its
 * private JWK member, and the marker assembled from parts (a repository scan for committed private
 * keys must find none here).
 */
const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = keyPair.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const privateD = String(keyPair.privateKey.export({ format: 'jwk' }).d);
const pemMarker = (type: string): string =>
  `-----BEGIN ${type}${['PRIVATE', 'KEY'].join(' ')}-----`;

/** A log as an app writes it: clean lines with the planted one at a known line. */
function logWith(planted: string): { text: string; line: number } {
  const lines = [...CLEAN_LINES.slice(0, 3), planted, ...CLEAN_LINES.slice(3)];
  return { text: lines.join('\n') + '\n', line: 4 };
}

describe('findSecrets', () => {
  it('reports nothing in ordinary log lines', () => {
    expect(findSecrets(CLEAN_LINES.join('\n') + '\n')).toEqual([]);
  });

  it.each([
    [
      'JWT',
      `{"level":40,"time":"2026-12-05T08:45:11.571Z","service":"gateway","token":"${JWT}","msg":"audit token.rejected"}`,
    ],
    [
      'JWE',
      `{"level":"info","time":"2026-12-05T08:35:43.212Z","app":"web","cookie":"cg_session=${JWE}","msg":"signed in"}`,
    ],
    [
      'bearer credential',
      `{"level":30,"service":"gateway","headers":{"authorization":"Bearer ${opaque()}"},"msg":"request"}`,
    ],
    [
      'bearer credential',
      `{"level":30,"service":"rental","msg":"upstream call: authorization: bearer ${opaque().slice(0, 10)}"}`,
    ],
    [
      'basic credential',
      `{"level":30,"service":"identity","headers":{"authorization":"Basic ${basic}"},"msg":"request"}`,
    ],
    [
      'basic credential',
      `{"level":30,"service":"gateway","msg":"introspecting with Basic ${basic}"}`,
    ],
    [
      'basic credential',
      `{"level":30,"service":"rental","msg":"sent Authorization: basic abcdefgh12"}`,
    ],
    [
      'client secret',
      '{"level":30,"service":"identity","body":{"client_secret":"Zl0p9s8WqLc3Xv2bN7mR4tY6uI1oP5aE"},"msg":"token request"}',
    ],
    [
      'client secret',
      '{"level":30,"service":"identity","body":{"client_secret" :  "Zl0p9s8WqLc3Xv2bN7mR4tY6uI1oP5aE"},"msg":"token request"}',
    ],
    [
      'client secret',
      '{"level":30,"service":"identity","body":"{\\"client_secret\\":\\"Zl0p9s8WqLc3Xv2bN7mR4tY6uI1oP5aE\\"}","msg":"token request"}',
    ],
    [
      'client secret',
      '{"level":30,"service":"identity","body":"grant_type=refresh_token&client_secret=Zl0p9s8WqLc3Xv2bN7mR4tY6uI1oP5aE","msg":"token request"}',
    ],
    [
      'PEM private key',
      `{"level":50,"service":"gateway","key":${JSON.stringify(pem)},"msg":"party-token key loaded"}`,
    ],
    [
      'argon2 hash',
      '{"level":30,"service":"identity","user":{"passwordHash":"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA"},"msg":"user loaded"}',
    ],
    [
      'private JWK',
      `{"level":30,"service":"gateway","jwk":{"kty":"EC","crv":"P-256","d":"${privateD}"},"msg":"key"}`,
    ],
    [
      'demo password',
      '{"level":40,"service":"identity","body":{"username":"alice","password":"alice-ClaimGuard-2026!"},"msg":"login"}',
    ],
  ])('catches a %s planted in a pino line, at its line', (kind, planted) => {
    const { text, line } = logWith(planted);
    expect(findSecrets(text)).toEqual([{ line, kind }]);
  });

  it('catches a PEM block written across lines by the line of its BEGIN marker', () => {
    const text = [CLEAN_LINES[0], 'Error: bad key', ...pem.trimEnd().split('\n'), CLEAN_LINES[1]];
    expect(pem.startsWith(`${pemMarker('EC ')}\n`)).toBe(true);
    expect(findSecrets(text.join('\n'))).toEqual([{ line: 3, kind: 'PEM private key' }]);
  });

  it.each(['RSA ', 'ENCRYPTED ', ''])('knows the %sprivate key marker', (type) => {
    expect(findSecrets(pemMarker(type))).toEqual([{ line: 1, kind: 'PEM private key' }]);
  });

  it('reports a line once per kind, however many matches it holds', () => {
    const line = `{"a":"Bearer ${opaque()}","b":"Bearer ${opaque()}","c":"${JWT}"}`;
    expect(findSecrets(line)).toEqual([
      { line: 1, kind: 'JWT' },
      { line: 1, kind: 'bearer credential' },
    ]);
  });

  it('never puts the secret itself in a hit', () => {
    const { text } = logWith(`{"authorization":"Basic ${basic}"}`);
    expect(JSON.stringify(findSecrets(text))).not.toContain(basic);
  });
});

describe('findValues', () => {
  // Each kind of value the run issues or generates, in the shape it really has.
  const issued: KnownSecret[] = [
    { kind: 'access_token', value: 'xK3vQ9pL2mN7rT4wY8zA1bC5dE6fG0hJ-_kMnOpQrSt' },
    { kind: 'refresh_token', value: opaque() },
    { kind: 'id_token', value: JWT },
    { kind: 'session_cookie', value: JWE },
    { kind: 'totp_secret', value: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
    { kind: 'client_secret', value: opaque() },
  ];
  // Contexts no pattern knows: only the exact value gives each one away.
  const plant = (value: string): string[] => [
    `{"level":40,"time":"2026-12-05T08:45:11.571Z","service":"gateway","reason":"token ${value} is not active","msg":"audit token.rejected"}`,
    `{"level":30,"time":"2026-12-05T08:45:12.210Z","service":"identity","grant":"${value}","msg":"refresh"}`,
    `{"level":"info","time":"2026-12-05T08:35:43.212Z","app":"web","msg":"held","raw":"${value}"}`,
    `{"level":"info","time":"2026-12-05T08:35:43.212Z","app":"web","cookies":"other=1; cg_session=${value}; x=2"}`,
    `{"level":30,"service":"identity","msg":"enrolled","uri":"otpauth://totp/ClaimGuard:carol?secret=${value}&issuer=ClaimGuard"}`,
    `{"level":30,"service":"rental","msg":"exchanging","credentials":"claimguard-rental:${value}"}`,
  ];

  it.each(issued.map((secret, index) => [secret.kind, secret, index] as const))(
    'catches an issued %s by its exact value, at its line',
    (kind, secret, index) => {
      const { text, line } = logWith(plant(secret.value)[index]!);
      expect(findValues(text, issued)).toEqual([{ line, kind }]);
    },
  );

  it('finds every occurrence, on the right lines, across a large log', () => {
    const filler = Array.from({ length: 20_000 }, (_, i) => CLEAN_LINES[i % CLEAN_LINES.length]!);
    filler[9] = plant(issued[0]!.value)[0]!;
    filler[15_000] = `${plant(issued[0]!.value)[1]} and again ${issued[0]!.value}`;
    filler[19_999] = plant(issued[5]!.value)[5]!;
    const many = [
      ...issued,
      ...Array.from({ length: 2_000 }, () => ({ kind: 'x', value: opaque() })),
    ];
    expect(findValues(filler.join('\n'), many)).toEqual([
      { line: 10, kind: 'access_token' },
      { line: 15_001, kind: 'access_token' },
      { line: 20_000, kind: 'client_secret' },
    ]);
  });

  it('reports nothing when no value is in the log, and ignores short or empty values', () => {
    const text = CLEAN_LINES.join('\n');
    expect(findValues(text, issued)).toEqual([]);
    // Strings that do occur in ordinary lines, but are too short to be anyone's secret.
    expect(findValues(text, [{ kind: 'access_token', value: '' }])).toEqual([]);
    expect(findValues(text, [{ kind: 'access_token', value: 'claimguard' }])).toEqual([]);
    expect('claimguard'.length).toBeLessThan(MIN_SECRET_VALUE_LENGTH);
  });

  it('never puts the value itself in a hit', () => {
    const { text } = logWith(plant(issued[1]!.value)[1]!);
    expect(JSON.stringify(findValues(text, issued))).not.toContain(issued[1]!.value);
  });
});

describe('gathering the values of a run', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cg-secret-scan-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the secrets a stack generated into its key folder, and no public key', () => {
    const clientSecrets = { webClientSecret: opaque(), gatewayClientSecret: opaque() };
    writeFileSync(join(dir, 'stack-secrets.json'), JSON.stringify(clientSecrets));
    const sessionKey = opaque();
    writeFileSync(join(dir, 'web-session.key'), `${sessionKey}\n`);
    mkdirSync(join(dir, 'identity'));
    const cookieKey = opaque();
    writeFileSync(join(dir, 'identity', 'cookie-keys.json'), JSON.stringify([cookieKey]));
    const jwk = { kty: 'EC', crv: 'P-256', x: opaque(), y: opaque(), d: opaque(), kid: opaque() };
    writeFileSync(join(dir, 'identity', 'signing-key.jwk.json'), JSON.stringify(jwk));
    mkdirSync(join(dir, 'events', 'public'), { recursive: true });
    writeFileSync(
      join(dir, 'events', 'public', 'claims.jwk.json'),
      JSON.stringify({ ...jwk, d: opaque() }),
    );
    mkdirSync(join(dir, 'pki'));
    writeFileSync(join(dir, 'pki', 'ca.key'), pem);
    writeFileSync(join(dir, 'pki', 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIBpublic\n');

    const found = keysDirSecrets(dir);
    const pemBody = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'client_secret', value: clientSecrets.webClientSecret },
        { kind: 'client_secret', value: clientSecrets.gatewayClientSecret },
        { kind: 'key_material', value: sessionKey },
        { kind: 'key_material', value: cookieKey },
        { kind: 'private_key', value: jwk.d },
        ...pemBody
          .filter((l) => l.length >= MIN_SECRET_VALUE_LENGTH)
          .map((value) => ({
            kind: 'private_key',
            value,
          })),
      ]),
    );
    const values = found.map((s) => s.value);
    // Public members and public keys are no secret: a log may name a key id.
    expect(values).not.toContain(jwk.x);
    expect(values).not.toContain(jwk.kid);
    expect(found.filter((s) => s.kind === 'private_key' && !pemBody.includes(s.value))).toEqual([
      { kind: 'private_key', value: jwk.d },
    ]);
    expect(keysDirSecrets(join(dir, 'missing'))).toEqual([]);
  });

  it("reads the web app's and identity's session cookies from a Playwright storage state", () => {
    const file = join(dir, 'alice.json');
    const identitySession = opaque();
    const cookie = (name: string, value: string) => ({
      name,
      value,
      domain: 'localhost',
      path: '/',
    });
    writeFileSync(
      file,
      JSON.stringify({
        cookies: [
          cookie('_interaction', opaque()),
          cookie('_session', identitySession),
          cookie('_session.sig', opaque().slice(0, 27)),
          cookie('__Host-cg_session', JWE),
        ],
        origins: [],
      }),
    );
    expect(storageStateSecrets(file)).toEqual([
      { kind: 'session_cookie', value: identitySession },
      { kind: 'session_cookie', value: JWE },
    ]);
    expect(storageStateSecrets(join(dir, 'missing.json'))).toEqual([]);
  });
});
