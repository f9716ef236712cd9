import type { NetworkSector } from '../geo/zones/zone-terms';

/**
 * The coordination register's vocabulary, glossary identifiers. Browser-safe: the forms, the
 * pages and the server share these lists.
 */

/** ข้อสั่งการ · หนังสือ · บันทึกข้อความ · การประชุม · รายงานผล · รับทราบ · มาตรฐาน/หลักเกณฑ์ */
export const recordKinds = [
	'directive',
	'letter',
	'memo',
	'meeting',
	'report',
	'acknowledgement',
	'standard'
] as const;
export type RecordKind = (typeof recordKinds)[number];

/** A recipient's state: asked (open), has taken note (acknowledged, รับทราบ), has answered (done). */
export const recipientStates = ['open', 'acknowledged', 'done'] as const;
export type RecipientState = (typeof recipientStates)[number];

export const partyKinds = [
	'dla',
	'governor',
	'provincial_office',
	'district_office',
	'lao',
	'partner'
] as const;
export type PartyKind = (typeof partyKinds)[number];

/**
 * An organisation taking part: DLA (no code), a province's governor or provincial local
 * administration office (province code, TH40), a district local administration office
 * (ท้องถิ่นอำเภอ, district code, TH4001), an LAO (DLA code) or a partner (its id).
 */
export interface Party {
	kind: PartyKind;
	code: string | null;
}

/** `dla`, `governor:TH40`, `lao:6400906`, `partner:3`: one string for URLs and form values. */
export function partyKey(party: Party): string {
	return party.code === null ? party.kind : `${party.kind}:${party.code}`;
}

const partyCodePattern: Record<PartyKind, RegExp | null> = {
	dla: null,
	governor: /^TH[0-9]{2}$/,
	provincial_office: /^TH[0-9]{2}$/,
	district_office: /^TH[0-9]{4}$/,
	lao: /^[0-9]{7}$/,
	partner: /^[1-9][0-9]{0,8}$/
};

/** The party a key names, or null when the key is malformed. */
export function parsePartyKey(key: string): Party | null {
	const [kind, code, ...rest] = key.split(':');
	if (rest.length > 0 || !(partyKinds as readonly string[]).includes(kind ?? '')) return null;
	const pattern = partyCodePattern[kind as PartyKind];
	if (pattern === null) return code === undefined ? { kind: 'dla', code: null } : null;
	if (code === undefined || !pattern.test(code)) return null;
	return { kind: kind as PartyKind, code };
}

export function sameParty(a: Party, b: Party): boolean {
	return a.kind === b.kind && a.code === b.code;
}

/**
 * An organisation at a meeting, by network sector. `partnerId` names its entry in the partner
 * directory (issue 17); attendees recorded before the directory, or typed by an office that
 * does not keep the directory and not found in it, have none.
 */
export interface Attendee {
	sector: NetworkSector;
	organisation: string;
	partnerId?: number;
}

/** The report kinds a schedule can ask for. */
export const reportKinds = ['sedz_progress', 'budget_disbursement'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const recipientsRules = ['every_provincial_office', 'every_lao_of_province'] as const;
export type RecipientsRule = (typeof recipientsRules)[number];
