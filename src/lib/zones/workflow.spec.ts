import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allMessages } from '$lib/i18n';
import {
	applyWorkflowEvent,
	availableEvents,
	decisionReasonCodes,
	nextStatus,
	publicStatus,
	validateDecision,
	workflowEvents,
	type WorkflowEvent,
	type WorkflowState
} from './workflow';
import { zoneStatuses, type ZoneStatus } from '$lib/geo/zones/zone-terms';

/**
 * The expected answer for every status × event, written out by hand (not derived from the
 * code): a status is the next status, anything else the refusal. `rejected` differs when an
 * earlier revision is in force, so it has two rows.
 */
type Row = Record<WorkflowEvent, string>;
const expected: Record<ZoneStatus, Row> & { rejectedAmendment: Row } = {
	draft: {
		submit: 'submitted',
		approve: 'not_submitted',
		return: 'not_submitted',
		reject: 'not_submitted',
		withdraw: 'not_submitted',
		revise: 'already_draft'
	},
	submitted: {
		submit: 'already_submitted',
		approve: 'approved',
		return: 'returned',
		reject: 'rejected',
		withdraw: 'withdrawn',
		revise: 'withdraw_first'
	},
	approved: {
		submit: 'revise_first',
		approve: 'not_submitted',
		return: 'not_submitted',
		reject: 'not_submitted',
		withdraw: 'not_submitted',
		revise: 'draft'
	},
	returned: {
		submit: 'revise_first',
		approve: 'not_submitted',
		return: 'not_submitted',
		reject: 'not_submitted',
		withdraw: 'not_submitted',
		revise: 'draft'
	},
	rejected: {
		submit: 'closed',
		approve: 'closed',
		return: 'closed',
		reject: 'closed',
		withdraw: 'closed',
		revise: 'closed'
	},
	rejectedAmendment: {
		submit: 'revise_first',
		approve: 'not_submitted',
		return: 'not_submitted',
		reject: 'not_submitted',
		withdraw: 'not_submitted',
		revise: 'draft'
	},
	withdrawn: {
		submit: 'submitted',
		approve: 'not_submitted',
		return: 'not_submitted',
		reject: 'not_submitted',
		withdraw: 'not_submitted',
		revise: 'draft'
	}
};
const asAnswer = (answer: string) =>
	(zoneStatuses as readonly string[]).includes(answer)
		? { ok: true, status: answer }
		: { ok: false, reason: answer };

describe('nextStatus', () => {
	const cases = zoneStatuses.flatMap((status) =>
		[false, true].flatMap((hasApprovedRevision) =>
			workflowEvents.map((event) => ({ status, event, hasApprovedRevision }))
		)
	);

	it('covers every status and event', () => {
		expect(cases).toHaveLength(6 * 2 * 6);
	});

	it.each(cases)(
		'$status + $event (earlier approval in force: $hasApprovedRevision)',
		({ status, event, hasApprovedRevision }) => {
			const row =
				status === 'rejected' && hasApprovedRevision
					? expected.rejectedAmendment
					: expected[status];
			expect(nextStatus(status, event, { hasApprovedRevision })).toEqual(asAnswer(row[event]));
		}
	);

	it('defaults to a zone with no approval in force', () => {
		expect(nextStatus('rejected', 'revise')).toEqual({ ok: false, reason: 'closed' });
	});
});

describe('applyWorkflowEvent', () => {
	const draft: WorkflowState = { status: 'draft', currentRevisionId: 1, approvedRevisionId: null };

	it('puts the submitted revision in force, and keeps it in force while an amendment is worked on', () => {
		let state = draft;
		const step = (event: WorkflowEvent, newRevisionId?: number) => {
			const result = applyWorkflowEvent(state, event, newRevisionId);
			if (!result.ok) throw new Error(`${event} refused: ${result.reason}`);
			state = result.state;
			return state;
		};
		expect(step('submit')).toEqual({
			status: 'submitted',
			currentRevisionId: 1,
			approvedRevisionId: null
		});
		expect(publicStatus(state)).toBeNull();
		expect(step('approve')).toEqual({
			status: 'approved',
			currentRevisionId: 1,
			approvedRevisionId: 1
		});
		expect(step('revise', 2)).toEqual({
			status: 'draft',
			currentRevisionId: 2,
			approvedRevisionId: 1
		});
		expect(publicStatus(state)).toBe('approved');
		step('submit');
		expect(step('reject')).toEqual({
			status: 'rejected',
			currentRevisionId: 2,
			approvedRevisionId: 1
		});
		expect(publicStatus(state)).toBe('approved');
		step('revise', 3);
		step('submit');
		expect(step('approve')).toEqual({
			status: 'approved',
			currentRevisionId: 3,
			approvedRevisionId: 3
		});
	});

	it('passes refusals through and leaves the state as it was', () => {
		expect(applyWorkflowEvent(draft, 'approve')).toEqual({ ok: false, reason: 'not_submitted' });
		expect(draft).toEqual({ status: 'draft', currentRevisionId: 1, approvedRevisionId: null });
	});

	it('needs the new revision to revise', () => {
		expect(() =>
			applyWorkflowEvent(
				{ status: 'returned', currentRevisionId: 1, approvedRevisionId: null },
				'revise'
			)
		).toThrow(/new draft revision/);
	});

	it('lists the events that apply', () => {
		expect(availableEvents({ status: 'submitted', approvedRevisionId: null })).toEqual([
			'approve',
			'return',
			'reject',
			'withdraw'
		]);
		expect(availableEvents({ status: 'rejected', approvedRevisionId: null })).toEqual([]);
		expect(availableEvents({ status: 'rejected', approvedRevisionId: 4 })).toEqual(['revise']);
	});

	it('never unsets or loses the revision in force, whatever the events (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...workflowEvents), { maxLength: 60 }), (events) => {
				let state = draft;
				let nextRevisionId = 2;
				let everApproved = false;
				for (const event of events) {
					const result = applyWorkflowEvent(state, event, nextRevisionId);
					if (!result.ok) continue;
					if (event === 'revise') nextRevisionId += 1;
					const before = state;
					state = result.state;
					if (event === 'approve') {
						everApproved = true;
						// The revision put in force is the one that was submitted.
						expect(state.approvedRevisionId).toBe(before.currentRevisionId);
					} else {
						expect(state.approvedRevisionId).toBe(before.approvedRevisionId);
					}
					if (everApproved) {
						expect(state.approvedRevisionId).not.toBeNull();
						expect(publicStatus(state)).toBe('approved');
					} else {
						expect(publicStatus(state)).toBeNull();
					}
					// The working copy's status is approved only when its revision is the one in force.
					expect(state.status === 'approved').toBe(
						state.status === 'approved' && state.approvedRevisionId === state.currentRevisionId
					);
				}
			}),
			{ numRuns: 500 }
		);
	});
});

describe('validateDecision', () => {
	it('needs at least one reason to return or reject', () => {
		for (const event of ['return', 'reject'] as const) {
			expect(validateDecision({ event, reasonCodes: [], reasonText: 'see attached' })).toEqual({
				valid: false,
				problems: [
					expect.objectContaining({ rule: 'decision.reason_required', field: 'reasonCodes' })
				]
			});
			expect(
				validateDecision({ event, reasonCodes: ['boundary_unclear'], reasonText: '  ' })
			).toEqual({
				valid: true,
				decision: { event, reasonCodes: ['boundary_unclear'], reasonText: '' }
			});
		}
	});

	it('needs a text when the reason is other', () => {
		expect(validateDecision({ event: 'reject', reasonCodes: ['other'], reasonText: ' ' })).toEqual({
			valid: false,
			problems: [
				expect.objectContaining({ rule: 'decision.text_required_for_other', field: 'reasonText' })
			]
		});
		expect(
			validateDecision({
				event: 'return',
				reasonCodes: ['data_outdated', 'other'],
				reasonText: ' ตัวเลขประชากรเป็นของปี ๒๕๖๐ '
			})
		).toEqual({
			valid: true,
			decision: {
				event: 'return',
				reasonCodes: ['data_outdated', 'other'],
				reasonText: 'ตัวเลขประชากรเป็นของปี ๒๕๖๐'
			}
		});
	});

	it('refuses unknown or repeated reasons, reasons on other events and over-long text', () => {
		const refused = (input: Parameters<typeof validateDecision>[0]) => {
			const result = validateDecision(input);
			return result.valid ? [] : result.problems.map((p) => p.rule);
		};
		expect(refused({ event: 'reject', reasonCodes: ['too_big'], reasonText: '' })).toEqual([
			'decision.unknown_reason'
		]);
		expect(
			refused({
				event: 'return',
				reasonCodes: ['outside_policy', 'outside_policy'],
				reasonText: ''
			})
		).toEqual(['decision.duplicate_reason']);
		expect(refused({ event: 'approve', reasonCodes: ['other'], reasonText: 'x' })).toEqual([
			'decision.reasons_not_allowed'
		]);
		expect(refused({ event: 'submit', reasonCodes: [], reasonText: 'ก'.repeat(4001) })).toEqual([
			'decision.text_too_long'
		]);
		expect(validateDecision({ event: 'approve', reasonCodes: [], reasonText: 'เห็นชอบ' })).toEqual({
			valid: true,
			decision: { event: 'approve', reasonCodes: [], reasonText: 'เห็นชอบ' }
		});
	});

	it('has a Thai and English label for every reason and event', () => {
		const { th, en } = allMessages() as unknown as Record<'th' | 'en', Record<string, string>>;
		for (const key of [
			...decisionReasonCodes.map((c) => `workflowReason_${c}`),
			...workflowEvents.map((e) => `workflowEvent_${e}`)
		]) {
			expect(th[key], key).toBeTruthy();
			expect(en[key], key).toBeTruthy();
		}
	});
});
