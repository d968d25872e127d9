import { describeError, type GatewayError } from '../server/gateway/gateway-error';

/** A refusal or failure of the gateway in words, with the code and reference for support. */
export function GatewayErrorPanel({ error }: { error: GatewayError }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{describeError(error)}</strong>
      </p>
      <p className="muted">
        Error code <code>{error.code}</code>
        {error.correlationId ? (
          <>
            {' '}
            · reference <code>{error.correlationId}</code>
          </>
        ) : null}
      </p>
    </div>
  );
}
