import type { Locale, MessageKey } from '../i18n';
import { problemText } from '../i18n/problem-text';
import type { Problem } from '../problem';

/**
 * A refusal of the coordination forms (new record, reply, report schedule) in the reader's
 * words: the field as its label on the form, then what is wrong, never the field's name in the
 * code or the server's English (issue 15, item 3).
 */

/** The form's label of each field (the part of `field` before the first dot or index). */
const fieldLabels: Record<string, MessageKey> = {
	kind: 'coordKind',
	subject: 'coordSubject',
	body: 'coordBody',
	documentNumber: 'coordDocumentNumber',
	documentDate: 'coordDocumentDate',
	dueDate: 'coordDueDate',
	meetingPlace: 'coordMeetingPlace',
	minutes: 'coordMinutes',
	decisions: 'coordDecisions',
	recipients: 'coordRecipients',
	allProvincialOffices: 'coordRecipients',
	recipientLaos: 'coordProblemFieldRecipientLaos',
	linkZones: 'coordLinkZones',
	linkLaos: 'coordLinkLaos',
	linkProvinces: 'coordLinkProvinces',
	attachments: 'coordAttachments',
	state: 'coordState',
	reportKind: 'coordScheduleKind',
	dayOfMonth: 'coordScheduleDay',
	recipientsRule: 'coordScheduleRule',
	ruleProvinceCode: 'coordLinkProvinces'
};

/** The rule whose words fit: zod's custom issues are told apart by the field they are about. */
function ruleKey(problem: Problem): string {
	const field = (problem.field ?? '').split(/[.[]/)[0] ?? '';
	if (problem.rule === 'coordination.custom') {
		if (field === 'documentDate' || field === 'dueDate') return 'coordination.bad_date';
		if (field === 'recipientLaos' || field === 'linkLaos') return 'coordination.bad_dla_code';
		if (field === 'linkZones') return 'coordination.bad_zone_number';
		if (field === 'recipients') return 'coordination.unknown_party';
		if (field === 'meetingPlace') return 'coordination.meeting_needs_place';
	}
	return problem.rule;
}

export function coordinationProblemText(locale: Locale, problem: Problem): string {
	return problemText(
		locale,
		{ ...problem, rule: ruleKey(problem) },
		{ fieldLabels, fallback: 'problem_coordination_other' }
	);
}
