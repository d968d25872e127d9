import { describeError } from '../server/gateway/gateway-error';

/**
 * The outcome of a portal action, from the page's `?done=` or `?failed=` code (see
 * `runPortalAction`): a confirmation in words, or the refusal's error code in words.
 */
export function OutcomeNotice({
  done,
  failed,
  messages,
}: {
  done: string | string[] | undefined;
  failed: string | string[] | undefined;
  messages: Record<string, string>;
}) {
  if (typeof done === 'string') {
    return (
      <div className="notice notice-success" role="status">
        {messages[done] ?? 'Done.'}
      </div>
    );
  }
  // Only well-formed codes are echoed: the query string is anyone's to write.
  if (typeof failed === 'string' && /^[A-Z][A-Z_.]{0,63}$/.test(failed)) {
    return (
      <div className="notice notice-error" role="alert">
        {failed === 'REQUEST.FORGED'
          ? 'This form could not be accepted. Reload the page and try again.'
          : describeError({ status: 400, code: failed })}{' '}
        <span className="muted">
          (<code>{failed}</code>)
        </span>
      </div>
    );
  }
  return null;
}
