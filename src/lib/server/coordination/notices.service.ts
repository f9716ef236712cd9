import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Actor } from '../../accounts/roles';
import { partyKey } from '../../coordination/terms';
import { canActForParty, canManageUsers } from '../accounts/permissions';
import { actorOf } from '../accounts/user.repository';
import type { NoticeMailSettings } from '../config';
import type { DB } from '../db/schema';
import { forbidden } from '../domain-errors';
import { composeNotice, type NoticeMessage } from './notices.message';
import * as repo from './notices.repository';
import { nameParties } from './party-names';
import { sendDueZoneNotices } from '../zones/zone-notice.service';

/**
 * Email notices of the coordination register. Queueing happens in the transaction that
 * creates a record (or a scheduled report item), always, whether SMTP is configured or not:
 * it costs one insert, and notices queued before the mail server is set up go out once it is.
 * Sending is a background loop on every instance; the claim (FOR UPDATE SKIP LOCKED plus a
 * lease) gives each notice to one instance, so several instances never send one twice.
 */

/** A notice is tried at most this many times. */
export const maxNoticeAttempts = 5;
/** How long a claimed notice stays hidden from other senders while this one sends it. */
const leaseMs = 10 * 60 * 1000;
/** Wait before the next attempt after the n-th failure: 1, 5, 25, 125 minutes. */
export function retryDelayMs(attempts: number): number {
	return 60_000 * 5 ** Math.max(0, attempts - 1);
}

/**
 * Queues a notice for every enabled user with an email address who acts for a recipient
 * organisation of the record (`canActForParty`). Call it inside the transaction that inserted
 * the recipients; queueing again is harmless (one notice per recipient row and user).
 */
export async function queueRecordNotices(trx: Kysely<DB>, recordId: number): Promise<number> {
	const candidates = await repo.listNoticeCandidates(trx, recordId);
	const rows = candidates
		.filter((c) =>
			canActForParty(
				actorOf({
					id: c.userId,
					username: c.username,
					display_name: c.displayName,
					role: c.role,
					province_code: c.provinceCode,
					dla_code: c.dlaCode,
					district_code: c.districtCode,
					lao_province_code: c.laoProvinceCode
				}),
				c.party
			)
		)
		.map((c) => ({ recipientId: c.recipientId, userId: c.userId }));
	return repo.insertNotices(trx, rows);
}

/** Sends one message; resolves when the mail server accepted it. */
export type NoticeMailer = (message: NoticeMessage & { to: string }) => Promise<void>;

/**
 * A mailer over nodemailer's SMTP transport, with timeouts well inside the lease. nodemailer (over
 * a hundred modules) is loaded at the first message, not when the app starts: every start would
 * pay for it, and the restart has a budget (issue 19).
 */
export function smtpMailer(settings: NoticeMailSettings): NoticeMailer & { close(): void } {
	let transport: Promise<Transporter> | undefined;
	const opened = () =>
		(transport ??= import('nodemailer').then(({ default: nodemailer }) =>
			nodemailer.createTransport(settings.smtpUrl, {
				connectionTimeout: 30_000,
				greetingTimeout: 30_000,
				socketTimeout: 60_000
			} as Parameters<typeof nodemailer.createTransport>[1])
		));
	const send = async (message: NoticeMessage & { to: string }) => {
		await (
			await opened()
		).sendMail({
			from: settings.from,
			to: message.to,
			subject: message.subject,
			text: message.text
		});
	};
	return Object.assign(send, { close: () => void transport?.then((t) => t.close()) });
}

export interface SendResult {
	claimed: number;
	sent: number;
	failed: number;
}

function errorText(error: unknown): string {
	if (error instanceof Error) {
		const code =
			(error as { responseCode?: number; code?: string }).responseCode ??
			(error as { code?: string }).code;
		return code !== undefined ? `${code}: ${error.message}` : error.message;
	}
	return String(error);
}

/** What a claim of due notices is told: the lease keeps other senders off them meanwhile. */
export interface NoticeClaim {
	now: Date;
	leaseUntil: Date;
	limit: number;
	maxAttempts: number;
}

/**
 * Sends the notices due at `now`, batch by batch, until none is left: each batch claimed in one
 * short transaction, each notice then sent outside any transaction by `sendOne` (which marks it
 * sent, or failed with the error and a later attempt, `retryDelayMs`, until
 * `maxNoticeAttempts`). The register's notices and the workflow's share it.
 */
export async function sendClaimedBatches<Notice>(
	db: Kysely<DB>,
	options: {
		claim: (trx: Kysely<DB>, claim: NoticeClaim) => Promise<Notice[]>;
		sendOne: (notice: Notice) => Promise<boolean>;
		now: () => Date;
		batchSize?: number;
	}
): Promise<SendResult> {
	const batchSize = options.batchSize ?? 20;
	const result: SendResult = { claimed: 0, sent: 0, failed: 0 };
	for (;;) {
		const now = options.now();
		const claimed = await db.transaction().execute((trx) =>
			options.claim(trx, {
				now,
				leaseUntil: new Date(now.getTime() + leaseMs),
				limit: batchSize,
				maxAttempts: maxNoticeAttempts
			})
		);
		result.claimed += claimed.length;
		for (const notice of claimed) {
			if (await options.sendOne(notice)) result.sent += 1;
			else result.failed += 1;
		}
		if (claimed.length < batchSize) return result;
	}
}

/** Sends the register's notices due at `now` (see `sendClaimedBatches`). */
export async function sendDueNotices(
	db: Kysely<DB>,
	options: { mailer: NoticeMailer; baseUrl: string; now?: () => Date; batchSize?: number }
): Promise<SendResult> {
	const clock = options.now ?? (() => new Date());
	return sendClaimedBatches(db, {
		claim: repo.claimDueNotices,
		sendOne: (notice) => sendOne(db, notice, options.baseUrl, options.mailer, clock),
		now: clock,
		batchSize: options.batchSize
	});
}

async function sendOne(
	db: Kysely<DB>,
	notice: repo.ClaimedNotice,
	baseUrl: string,
	mailer: NoticeMailer,
	clock: () => Date
): Promise<boolean> {
	const facts = await repo.findNoticeFacts(db, notice.recipientId, notice.userId);
	if (!facts || facts.email === null || facts.disabled) {
		// The user removed their address or was disabled since: nothing to retry.
		await repo.markNoticeFailed(db, notice.id, {
			error: 'no address: the user has no email address now, or is disabled',
			retryAt: clock(),
			giveUpAt: maxNoticeAttempts
		});
		return false;
	}
	try {
		const names = await nameParties(db, [facts.sender, facts.recipient]);
		const message = composeNotice({
			recordId: facts.recordId,
			kind: facts.kind,
			subject: facts.subject,
			documentNumber: facts.documentNumber,
			dueDate: facts.dueDate,
			reportPeriod: facts.reportPeriod,
			sender: names.get(partyKey(facts.sender))!,
			recipient: names.get(partyKey(facts.recipient))!,
			baseUrl
		});
		await mailer({ ...message, to: facts.email });
	} catch (error) {
		const now = clock();
		await repo.markNoticeFailed(db, notice.id, {
			error: errorText(error),
			retryAt: new Date(now.getTime() + retryDelayMs(notice.attempts))
		});
		return false;
	}
	await repo.markNoticeSent(db, notice.id, clock());
	return true;
}

/**
 * The sender loop: every `intervalMs`, sends what is due. Without SMTP settings it only says
 * so once; notices keep being queued. Never overlaps itself; returns a stop function.
 */
export function startNoticeSender(
	db: Kysely<DB>,
	settings: NoticeMailSettings | null,
	intervalMs = 30_000
): () => void {
	if (!settings) {
		console.log('Email notices: SMTP_URL is not set; notices are queued, not sent.');
		return () => {};
	}
	const mailer = smtpMailer(settings);
	let running = false;
	const run = () => {
		if (running) return;
		running = true;
		// The register's notices, then the zones' workflow notices (issue 15), one after the other.
		void sendDueNotices(db, { mailer, baseUrl: settings.baseUrl })
			.then(async (records) => {
				const zones = await sendDueZoneNotices(db, { mailer, baseUrl: settings.baseUrl });
				const r = {
					claimed: records.claimed + zones.claimed,
					sent: records.sent + zones.sent,
					failed: records.failed + zones.failed
				};
				if (r.claimed > 0)
					console.log(`Email notices: ${r.sent} sent, ${r.failed} failed (will retry or gave up)`);
			})
			.catch((error: unknown) => console.error('Sending email notices failed:', error))
			.finally(() => (running = false));
	};
	run();
	const timer = setInterval(run, intervalMs);
	// The sender never keeps the process alive by itself.
	timer.unref();
	return () => {
		clearInterval(timer);
		mailer.close();
	};
}

export interface OutboxView {
	smtpConfigured: boolean;
	from: string | null;
	counts: { pending: number; sent: number; retrying: number; failed: number };
	notices: (Omit<repo.OutboxRow, 'recipient'> & {
		recipient: { th: string; en: string };
		/** `failed` that will be tried again shows as retrying. */
		shownStatus: 'pending' | 'sent' | 'retrying' | 'failed';
	})[];
}

/**
 * The outbox for DLA staff: counts and the latest notices. The user managers only, as it
 * lists who is notified (usernames; the addresses stay on the users page).
 */
export async function getNoticeOutbox(
	db: Kysely<DB>,
	request: { actor: Actor | null; settings: NoticeMailSettings | null; limit?: number }
): Promise<OutboxView> {
	if (!canManageUsers(request.actor)) throw forbidden('The notice outbox is for DLA staff');
	const [counts, rows] = await Promise.all([
		repo.countOutbox(db, maxNoticeAttempts),
		repo.listOutbox(db, request.limit ?? 100)
	]);
	const names = await nameParties(
		db,
		rows.map((r) => r.recipient)
	);
	return {
		smtpConfigured: request.settings !== null,
		from: request.settings?.from ?? null,
		counts,
		notices: rows.map((r) => {
			const name = names.get(partyKey(r.recipient))!;
			return {
				...r,
				recipient: { th: name.th, en: name.en },
				shownStatus: r.status === 'failed' && r.attempts < maxNoticeAttempts ? 'retrying' : r.status
			};
		})
	};
}
