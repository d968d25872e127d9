'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

/**
 * A form's submit button that shows the request is under way and cannot be pressed twice meanwhile
 * (a second "Confirm" or "Approve" would only earn an illegal-transition error).
 */
export function SubmitButton({
  children,
  pendingText = 'Working…',
  className = 'button',
  name,
  value,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={className}
      disabled={pending}
      aria-disabled={pending}
      {...(name ? { name, value } : {})}
    >
      {pending ? pendingText : children}
    </button>
  );
}
