'use client';

import { useActionState, useEffect, useRef } from 'react';
import { fileClaimAction, type FileClaimState } from './actions';
import { DESCRIPTION_MAX, type ClaimField } from './claim-form.schema';

const STATES =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  );

interface FieldProps {
  name: ClaimField;
  label: string;
  hint?: string;
  state: FileClaimState;
  children: (aria: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
    defaultValue?: string;
  }) => React.ReactNode;
}

/** A labelled field with its hint and its error, tied together for screen readers. */
function Field({ name, label, hint, state, children }: FieldProps) {
  const id = `claim-${name}`;
  const error = state.errors?.[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      {children({
        id,
        name,
        'aria-invalid': Boolean(error),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(state.values?.[name] !== undefined ? { defaultValue: state.values[name] } : {}),
      })}
    </div>
  );
}

/** The guided claim form: vehicle, what happened, where, what you need. */
export function ClaimForm({ csrfToken, today }: { csrfToken: string; today: string }) {
  const [state, action, pending] = useActionState(fileClaimAction, {});
  const summary = useRef<HTMLDivElement>(null);
  const problems = Object.keys(state.errors ?? {}).length > 0 || Boolean(state.formError);
  useEffect(() => {
    if (problems) summary.current?.focus();
  }, [state, problems]);

  return (
    // A new key per submission re-mounts the fields with what was typed: React resets a form after
    // its action, and a select would otherwise fall back to its first default.
    <form key={state.attempt ?? 0} action={action} className="claim-form">
      <input type="hidden" name="csrf" value={csrfToken} />
      {problems ? (
        <div ref={summary} tabIndex={-1} className="notice notice-error" role="alert">
          <p>
            <strong>{state.formError ?? 'Please correct the highlighted fields.'}</strong>
          </p>
        </div>
      ) : null}

      <fieldset>
        <legend>1. Your vehicle</legend>
        <Field
          name="vin"
          label="VIN"
          hint="17 characters, on your insurance card or the dashboard."
          state={state}
        >
          {(p) => (
            <input
              {...p}
              required
              minLength={17}
              maxLength={17}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <div className="row">
          <Field name="make" label="Make" state={state}>
            {(p) => <input {...p} required maxLength={40} />}
          </Field>
          <Field name="model" label="Model" state={state}>
            {(p) => <input {...p} required maxLength={40} />}
          </Field>
          <Field name="year" label="Year" state={state}>
            {(p) => <input {...p} required inputMode="numeric" pattern="\d{4}" maxLength={4} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>2. What happened</legend>
        <Field
          name="lossDate"
          label="Date of the loss"
          hint="Today or up to one year ago."
          state={state}
        >
          {(p) => <input {...p} type="date" required max={today} />}
        </Field>
        <Field
          name="description"
          label="Describe what happened"
          hint="A few sentences are enough."
          state={state}
        >
          {(p) => <textarea {...p} required rows={4} maxLength={DESCRIPTION_MAX} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>3. Where it happened</legend>
        <Field name="street" label="Street (optional)" state={state}>
          {(p) => <input {...p} maxLength={120} autoComplete="off" />}
        </Field>
        <div className="row">
          <Field name="city" label="City" state={state}>
            {(p) => <input {...p} required maxLength={80} />}
          </Field>
          <Field name="state" label="State" state={state}>
            {(p) => (
              <select {...p} required defaultValue={p.defaultValue ?? ''}>
                <option value="" disabled>
                  Choose…
                </option>
                {STATES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="postalCode" label="ZIP code" state={state}>
            {(p) => <input {...p} required inputMode="numeric" pattern="\d{5}" maxLength={5} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>4. What you need</legend>
        <div className="check">
          <input
            type="checkbox"
            id="claim-needsTow"
            name="needsTow"
            defaultChecked={state.values ? state.values.needsTow === 'on' : true}
          />
          <label htmlFor="claim-needsTow">My car needs a tow</label>
        </div>
        <div className="check">
          <input
            type="checkbox"
            id="claim-needsRental"
            name="needsRental"
            defaultChecked={state.values?.needsRental === 'on'}
          />
          <label htmlFor="claim-needsRental">I need a rental car</label>
        </div>
        <Field
          name="contactPhone"
          label="Phone number (optional)"
          hint="For the repair shop, which sees it only if you allow it on your claim's page."
          state={state}
        >
          {(p) => <input {...p} type="tel" autoComplete="tel" maxLength={20} />}
        </Field>
      </fieldset>

      <button type="submit" className="button button-large" disabled={pending}>
        {pending ? 'Filing your claim…' : 'File my claim'}
      </button>
    </form>
  );
}
