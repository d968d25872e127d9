import { z } from 'zod';
import { LossLocationSchema, VehicleSchema } from '@claimguard/contracts';
import type { FileClaimInput } from '../../../../server/gateway/gateway-client';

/** The form's field names, in the order they appear. */
export const CLAIM_FIELDS = [
  'vin',
  'make',
  'model',
  'year',
  'lossDate',
  'street',
  'city',
  'state',
  'postalCode',
  'description',
  'needsTow',
  'needsRental',
  'contactPhone',
] as const;
export type ClaimField = (typeof CLAIM_FIELDS)[number];

/** A US phone number, as claims accepts it (its `CONTACT_PHONE`). */
const CONTACT_PHONE = /^\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/;

/** Longest description claims keeps (its `DESCRIPTION_MAX_LENGTH`). */
export const DESCRIPTION_MAX = 2000;

const text = (value: FormDataEntryValue | null): string =>
  typeof value === 'string' ? value.trim() : '';

/** Maps a body path of claims' validation errors (`vehicle.vin`) to the form field (`vin`). */
export function fieldOfPath(path: string): ClaimField | undefined {
  const last = path.split('.').at(-1) ?? '';
  return (CLAIM_FIELDS as readonly string[]).includes(last) ? (last as ClaimField) : undefined;
}

const FormSchema = z.object({
  vehicle: VehicleSchema,
  lossDate: z.iso.date('a date'),
  location: LossLocationSchema,
  description: z.string().min(1, 'tell us what happened').max(DESCRIPTION_MAX),
  needsTow: z.boolean(),
  needsRental: z.boolean(),
  contactPhone: z.string().regex(CONTACT_PHONE).optional(),
});

/** What parsing a posted form gives: the request body, or a message per bad field. */
export type ParsedClaimForm =
  { ok: true; body: FileClaimInput } | { ok: false; errors: Partial<Record<ClaimField, string>> };

/**
 * Turns the posted form into claims' strict `POST /claims` body with the same rules the service
 * applies (contracts' vehicle and location schemas), so most mistakes are explained next to the
 * field before anything is sent. The service stays the authority (it also checks the date range).
 * @example parseClaimForm(formData) // { ok: false, errors: { vin: 'a 17-character VIN' } }
 */
export function parseClaimForm(form: FormData): ParsedClaimForm {
  const year = text(form.get('year'));
  const street = text(form.get('street'));
  const candidate = {
    vehicle: {
      vin: text(form.get('vin')).toUpperCase(),
      make: text(form.get('make')),
      model: text(form.get('model')),
      year: /^\d{4}$/.test(year) ? Number(year) : Number.NaN,
    },
    lossDate: text(form.get('lossDate')),
    location: {
      ...(street ? { street } : {}),
      city: text(form.get('city')),
      state: text(form.get('state')).toUpperCase(),
      postalCode: text(form.get('postalCode')),
    },
    description: text(form.get('description')),
    needsTow: form.get('needsTow') === 'on',
    needsRental: form.get('needsRental') === 'on',
    ...(text(form.get('contactPhone')) ? { contactPhone: text(form.get('contactPhone')) } : {}),
  };
  const parsed = FormSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: Partial<Record<ClaimField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOfPath(issue.path.map(String).join('.'));
    if (field && !errors[field]) errors[field] = messageFor(field, issue.message);
  }
  return { ok: false, errors };
}

function messageFor(field: ClaimField, message: string): string {
  if (field === 'year') return 'Enter the model year, four digits (for example 2021).';
  if (field === 'vin') return 'Enter the 17-character VIN (letters and digits, no I, O or Q).';
  if (field === 'state') return 'Choose the state.';
  if (field === 'postalCode') return 'Enter a five-digit ZIP code.';
  if (field === 'lossDate') return 'Enter the date of the loss.';
  if (field === 'contactPhone') return 'Enter a US phone number, for example 512-555-0101.';
  if (message.startsWith('Too small') || message.includes('>=1')) return 'This is required.';
  return message;
}
