/** Injection token of the loaded {@link PartyTokenKey}. */
export const PARTY_TOKEN_KEY = Symbol('PARTY_TOKEN_KEY');
