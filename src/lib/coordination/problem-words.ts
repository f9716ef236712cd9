import { allMessages, fill, translator, type Locale, type MessageKey } from '../i18n';
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

/** zod's own issue codes, by the field they are about where the words differ. */
function ruleKey(problem: Problem): string {
	const field = (problem.field ?? '').split(/[.[]/)[0] ?? '';
	if (problem.rule === 'coordination.custom') {
		if (field === 'documentDate' || field === 'dueDate') return 'problem_coordination_bad_date';
		if (field === 'recipientLaos' || field === 'linkLaos')
			return 'problem_coordination_bad_dla_code';
		if (field === 'linkZones') return 'problem_coordination_bad_zone_number';
		if (field === 'recipients') return 'problem_coordination_unknown_party';
		if (field === 'meetingPlace') return 'problem_coordination_meeting_needs_place';
	}
	return `problem_${problem.rule.replaceAll('.', '_')}`;
}

export function coordinationProblemText(locale: Locale, problem: Problem): string {
	const t = translator(locale);
	const messages = allMessages()[locale];
	const key = ruleKey(problem);
	const values = Object.fromEntries(
		Object.entries(problem.details ?? {}).map(([name, value]) => [name, String(value)])
	);
	// A rule without words of its own still says, in the reader's language, that the value is wrong.
	const words =
		key in messages ? fill(messages[key as MessageKey], values) : t('problem_coordination_other');
	const field = (problem.field ?? '').split(/[.[]/)[0] ?? '';
	const label = fieldLabels[field];
	return label ? `${t(label)}: ${words}` : words;
}
