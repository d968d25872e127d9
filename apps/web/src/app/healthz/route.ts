/** Liveness for the stack runner: 200 once the server answers. */
export function GET(): Response {
  return Response.json({ status: 'ok' });
}

export const dynamic = 'force-dynamic';
