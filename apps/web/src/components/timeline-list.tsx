import type { TimelineView } from '../server/gateway/gateway-types';

/** The claim's story, step by step, as claims' timeline read model tells it. */
export function TimelineList({ timeline }: { timeline: TimelineView }) {
  if (timeline.items.length === 0) {
    return <p className="muted">Nothing has happened on this claim yet.</p>;
  }
  return (
    <ol className="timeline" data-testid="timeline">
      {timeline.items.map((entry) => (
        <li key={entry.eventId} data-type={entry.type}>
          <time dateTime={entry.occurredAt}>
            {new Date(entry.occurredAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC
          </time>
          {entry.summary}
        </li>
      ))}
    </ol>
  );
}
