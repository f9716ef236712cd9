/**
 * The colour of every state the interface shows (issue 14, item 6): zones, coordination
 * records, acting designations, comments and e-mail notices speak one visual language, so that
 * green always means settled well, yellow waiting on someone, red refused or late.
 */
export type StatusTone =
	'neutral' | 'info' | 'waiting' | 'success' | 'danger' | 'alert' | 'accent' | 'muted';

/** What kind of state a badge shows: the same word (e.g. `open`) may differ between kinds. */
export type StatusKind = 'zone' | 'record' | 'acting' | 'comment' | 'notice';

const tones: Record<StatusKind, Record<string, StatusTone>> = {
	zone: {
		draft: 'info',
		submitted: 'waiting',
		approved: 'success',
		returned: 'danger',
		rejected: 'danger',
		withdrawn: 'muted'
	},
	record: { open: 'waiting', acknowledged: 'info', done: 'success', overdue: 'alert' },
	acting: { in_force: 'success', upcoming: 'info', ended: 'muted', revoked: 'muted' },
	comment: { pending: 'waiting', published: 'success', hidden: 'muted' },
	notice: { pending: 'waiting', sent: 'success', retrying: 'waiting', failed: 'alert' }
};

/** The tone of `state` of `kind`; a state without its own colour is neutral. */
export function statusTone(kind: StatusKind, state: string): StatusTone {
	return tones[kind][state] ?? 'neutral';
}
