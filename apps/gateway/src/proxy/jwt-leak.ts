/**
 * True when `body` carries the party token the gateway minted for this very request (its
 * signature part is unique to it): a careless or compromised service echoing its credential.
 *
 * Deliberately exact rather than "anything JWT-shaped": services return user-supplied text (a
 * claim's description), and a member who types something JWT-like must not be able to make other
 * people's views fail.
 */
export function echoesPartyToken(body: Buffer, partyToken: string): boolean {
  const signature = partyToken.slice(partyToken.lastIndexOf('.') + 1);
  return signature.length >= 16 && body.includes(signature);
}
