const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The raw path parameter as a stored job id (lower-case UUID), or undefined when it cannot be one:
 * such an id is answered 404 without touching storage.
 * @example towJobIdOf('0B9F3F0E-3C1A-4D7E-9F57-5B1F2A3C4D5E') // '0b9f3f0e-…'
 */
export function towJobIdOf(raw: string): string | undefined {
  return UUID.test(raw) ? raw.toLowerCase() : undefined;
}
