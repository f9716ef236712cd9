/** English of `../th/notices.ts` (the Thai is the source of the keys). */
import type { th } from '../th/notices';

export const en: Record<keyof typeof th, string> = {
	noticeMailSubject: '[SEDZ] New record: {subject}',
	noticeGreeting: 'To: {recipient}',
	noticeIntro:
		'Your organisation has a new record in the coordination register of the SEDZ planner.',
	noticeKindLine: 'Kind: {kind}',
	noticeSubjectLine: 'Subject: {subject}',
	noticeDocumentLine: 'Document number: {number}',
	noticeFromLine: 'From: {sender}',
	noticePeriodLine: 'Report period: {period}',
	noticeDueLine: 'Due by: {date}',
	noticeOpenLine: 'Open and answer it: {link}',
	noticeFooter:
		'This message was sent automatically; please do not reply. To stop these notices, remove your email address at {link}',
	noticeEmailField: 'Email (for notices only)',
	noticeEmailHint: 'Never shown publicly; leave blank for no email',
	noticeAccountTitle: 'Email notices',
	noticeAccountBody:
		'When a record in the coordination register is addressed to your organisation, you are told at this address (once the administrators have configured email). The address is never shown publicly; save it blank to stop.',
	noticeAccountSubmit: 'Save email',
	noticeAccountSaved: 'Email address saved',
	noticeAccountRemoved: 'Email address removed: no more notices',
	noticeAccountNone: 'not given',
	problem_user_email_format: 'An email address looks like name@example.go.th',
	problem_user_email_too_long: 'An email address has at most 254 characters',
	noticesTitle: 'Email notice outbox',
	noticesIntro:
		'Recipient organisations are emailed when a new record is addressed to them in the coordination register: one notice per user of the organisation with an email address. Notices are always queued and sent once SMTP is configured.',
	noticesSmtpOn: 'Sending: on, from {from}',
	noticesSmtpOff:
		'Email is not configured (SMTP_URL): notices are queued and will be sent once it is.',
	noticesCounts: 'Summary',
	noticesLatest: 'Latest notices ({count})',
	noticesEmpty: 'No email notices yet',
	noticesColQueued: 'Queued',
	noticesColRecord: 'Record',
	noticesColRecipient: 'Recipient organisation',
	noticesColUser: 'User',
	noticesColStatus: 'Status',
	noticesColAttempts: 'Attempts',
	noticesColDetail: 'Detail',
	noticesSentAt: 'sent {time}',
	noticesNextAttempt: 'next try {time}',
	noticesStatus_pending: 'pending',
	noticesStatus_sent: 'sent',
	noticesStatus_retrying: 'will retry',
	noticesStatus_failed: 'failed',
	noticesUsersLink: 'Email notice outbox',
	zoneNoticesHeading: 'Zone work notices',
	zoneNoticesEmpty: 'No notices yet',
	zoneNoticesUnread: 'not opened',
	zoneNotice_response_requested: 'Your LAO is asked for its opinion on {zone}',
	zoneNotice_submitted: '{zone} was submitted for the governor’s decision',
	zoneNotice_returned: 'The governor returned {zone} for changes',
	zoneNotice_approved: 'The governor approved {zone}',
	zoneNotice_rejected: 'The governor rejected {zone}',
	zoneNoticeMailIntro: 'A sufficiency economy development zone you work on has moved on.',
	zoneNoticeMailProvince: 'Province: {province}',
	zoneNoticeMailOpen: 'Open it: {link}',
	zoneNotice_report_submitted: 'The {month} progress report of {zone} was submitted for review',
	zoneNotice_report_returned:
		'The provincial office returned the {month} progress report of {zone} for correction',
	zoneNotice_report_overdue: 'The {month} progress report of {zone} is overdue',
	zoneNoticeReportMailIntro:
		'A monthly progress report of a sufficiency economy development zone you work on needs your attention.'
};
