import { readFile } from 'node:fs/promises';
import {
  base64url,
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { EVENT_SIGNING_ALG, publicKeyFile, type EventSigningKey } from './event-keys.js';

/** Kafka header that carries an event's signature. */
export const EVENT_SIGNATURE_HEADER = 'event-signature';
/** `typ` of event signatures, so no other JWS of the platform can pass for one. */
export const EVENT_SIGNATURE_TYP = 'claimguard-event+jws';

/**
 * Signs the exact bytes of a Kafka message value: a compact JWS with a detached payload
 * (`header..signature`, RFC 7515 appendix F). Bytes, not parsed JSON, so nothing needs to be
 * canonicalised and any change to the message breaks the signature. Another `typ` signs another
 * kind of message with the same key (the training sync), which then cannot pass for an event.
 * @example headers[EVENT_SIGNATURE_HEADER] = await signEvent(key, Buffer.from(json));
 */
export async function signEvent(
  key: EventSigningKey,
  value: Uint8Array,
  typ: string = EVENT_SIGNATURE_TYP,
): Promise<string> {
  const jws = await new CompactSign(value)
    .setProtectedHeader({ alg: EVENT_SIGNING_ALG, kid: key.kid, typ })
    .sign(key.privateKey);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

/** Finds the public key of the service an event claims to come from. */
export interface EventKeyResolver {
  /** The key of `service`, or undefined when the trust store has none. */
  keyOf(service: string): Promise<{ kid: string; key: CryptoKey } | undefined>;
}

/**
 * Public keys read from the trust-store folder that {@link loadOrCreateEventSigningKey} publishes
 * to (`<dir>/public/<service>.jwk.json`). A key is cached once found; a missing one is looked up
 * again on the next event (a producer started after this consumer publishes its key then).
 */
export class FileEventKeyResolver implements EventKeyResolver {
  private readonly cache = new Map<string, { kid: string; key: CryptoKey }>();

  constructor(private readonly dir: string) {}

  async keyOf(service: string): Promise<{ kid: string; key: CryptoKey } | undefined> {
    const cached = this.cache.get(service);
    if (cached) return cached;
    let jwk: JWK;
    try {
      jwk = JSON.parse(await readFile(publicKeyFile(this.dir, service), 'utf8')) as JWK;
    } catch {
      return undefined;
    }
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.d) return undefined;
    const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    const found = {
      kid: await calculateJwkThumbprint(publicJwk),
      key: (await importJWK(publicJwk, EVENT_SIGNING_ALG)) as CryptoKey,
    };
    this.cache.set(service, found);
    return found;
  }
}

/**
 * Checks that `value` was signed by `source`'s own key. Returns the reason it was not (for the
 * DLQ and the audit log; it never contains the signature or the payload), or `undefined`.
 * The algorithm is pinned, the `kid` must be the thumbprint of the source's key (a key of another
 * service — say a compromised towing — cannot sign for claims), and the payload is the exact bytes.
 */
export async function eventSignatureProblem(
  resolver: EventKeyResolver,
  source: string,
  value: Uint8Array,
  signature: string | undefined,
  typ: string = EVENT_SIGNATURE_TYP,
): Promise<string | undefined> {
  if (!signature) return 'event is not signed';
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) {
    return 'event signature is not a detached compact JWS';
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(signature);
  } catch {
    return 'event signature header is unreadable';
  }
  if (header.alg !== EVENT_SIGNING_ALG)
    return `event signature alg ${String(header.alg)} is not ${EVENT_SIGNING_ALG}`;
  if (header.typ !== typ) return 'event signature typ is wrong';
  let trusted: Awaited<ReturnType<EventKeyResolver['keyOf']>>;
  try {
    trusted = await resolver.keyOf(source);
  } catch {
    return `no trusted event key for source ${source}`;
  }
  if (!trusted) return `no trusted event key for source ${source}`;
  if (header.kid !== trusted.kid) return `event is not signed with ${source}'s key`;
  try {
    await compactVerify(`${parts[0]}.${base64url.encode(value)}.${parts[2]}`, trusted.key, {
      algorithms: [EVENT_SIGNING_ALG],
    });
  } catch {
    return `event signature does not verify with ${source}'s key`;
  }
  return undefined;
}

/**
 * Which of `candidates` really signed `value`: the one whose trusted key has the header's `kid`
 * and verifies the signature. A forged event names a `source` it chose itself; the signer is what
 * the cryptography proves (a compromised towing signing as claims is `towing`). Undefined for an
 * unsigned event or one signed by no key of the trust store.
 * @example await eventSigner(keys, ['claims', 'towing'], value, header) // 'towing'
 */
export async function eventSigner(
  resolver: EventKeyResolver,
  candidates: readonly string[],
  value: Uint8Array,
  signature: string | undefined,
  typ: string = EVENT_SIGNATURE_TYP,
): Promise<string | undefined> {
  for (const candidate of candidates) {
    if ((await eventSignatureProblem(resolver, candidate, value, signature, typ)) === undefined) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * The Kafka message an event travels in, as the outbox relay sends it: keyed by the envelope's
 * subject, its exact bytes signed with `signer`. Tests and drills use it to publish as a service.
 * @example await producer.send({ topic, messages: [await signedEventMessage(claimsKey, envelope)] });
 */
export async function signedEventMessage(
  signer: EventSigningKey,
  envelope: { id: string; type: string; subject: string },
  options: { key?: string; value?: Buffer } = {},
): Promise<{ key: string; value: Buffer; headers: Record<string, string> }> {
  const value = options.value ?? Buffer.from(JSON.stringify(envelope), 'utf8');
  return {
    key: options.key ?? envelope.subject,
    value,
    headers: {
      'event-type': envelope.type,
      'event-id': envelope.id,
      [EVENT_SIGNATURE_HEADER]: await signEvent(signer, value),
    },
  };
}
