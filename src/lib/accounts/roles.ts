/**
 * The five roles of signed-in users (the public needs no account). Identifiers follow the
 * glossary; planners and governors belong to a province, LAO officers to one LAO, district
 * local administration offices (ท้องถิ่นอำเภอ) to one district (and so its province).
 */
export const roles = [
	'dla_staff',
	'planner',
	'governor',
	'lao_officer',
	'district_office'
] as const;
export type Role = (typeof roles)[number];

/** Who is acting: a signed-in user, or `null` for the public. Built from the session only. */
export interface Actor {
	userId: number;
	username: string;
	displayName: string;
	role: Role;
	/** The province of a planner, governor or district office, and of an LAO officer's LAO; null for DLA staff. */
	provinceCode: string | null;
	/** The LAO of an LAO officer; null for everyone else. */
	dlaCode: string | null;
	/** The district (ADM2, TH4001) of a district office's user; absent or null for everyone else. */
	districtCode?: string | null;
	/**
	 * Governors this user acts for today (ปฏิบัติราชการแทน), from the acting designations in
	 * force in Asia/Bangkok; absent or empty for most users. Loaded with the session.
	 */
	actingFor?: readonly ActingFor[];
}

/** One acting designation in force: the user decides for this province's governor. */
export interface ActingFor {
	designationId: number;
	provinceCode: string;
	governorUserId: number;
	governorName: string;
	/** Last day, ISO date, inclusive. */
	endsOn: string;
}
