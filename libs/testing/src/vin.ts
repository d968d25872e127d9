import { randomInt } from 'node:crypto';

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/**
 * A fresh 17-character VIN (no I, O or Q) for each claim a test files: claims refuses a second
 * claim of a member for the same vehicle and loss date (defense `business-flow`), so tests that
 * file many claims must not share one car.
 * @example claimBody({ vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2019 } })
 */
export function randomVin(prefix = '1HGCM'): string {
  let vin = prefix;
  while (vin.length < 17) vin += VIN_CHARS[randomInt(VIN_CHARS.length)];
  return vin.slice(0, 17);
}
