/** Zone states of the review workflow, in the glossary's order. */
export const zoneStatuses = [
	'draft',
	'submitted',
	'approved',
	'returned',
	'rejected',
	'withdrawn'
] as const;
export type ZoneStatus = (typeof zoneStatuses)[number];

/** A zone is "active" while it can still become or stays an SEDZ: it may not overlap another. */
export const activeZoneStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;

/** An LAO's answer when the planner consults it (เห็นชอบ · เห็นชอบโดยมีเงื่อนไข · ไม่เห็นชอบ). */
export const laoAnswers = ['agree', 'agree_with_conditions', 'object'] as const;
export type LaoAnswer = (typeof laoAnswers)[number];

/** The seven network sectors (ภาคีเครือข่าย ๗ ภาคี) of the directive, glossary identifiers. */
export const networkSectors = [
	'government',
	'people',
	'private',
	'civil_society',
	'religion',
	'academia',
	'media'
] as const;
export type NetworkSector = (typeof networkSectors)[number];

/** How a revision's geometry was made. */
export const geometrySources = ['drawn', 'laos', 'candidate', 'file'] as const;
export type GeometrySource = (typeof geometrySources)[number];

/**
 * A zone partner as a revision keeps it: the directory entry's id, name and sector at the time
 * (revisions saved before the directory, issue 17, have no id and read the same).
 */
export interface ZonePartner {
	partnerId?: number;
	sector: NetworkSector;
	name: string;
}

/** One LAO a zone covers, with how much of it. */
export interface CoveredLao {
	dlaCode: string;
	nameTh: string;
	/** DLA's English name, where the registry has one and the figures were computed with it. */
	nameEn?: string | null;
	laoType: import('../../lao-types').LaoType;
	/** Area of the LAO inside the zone, ellipsoidal, km². */
	coveredKm2: number;
	/** coveredKm2 ÷ the LAO's area, 0–1. */
	shareOfLao: number;
	/** The LAO's geometry is approximate (a partly covered tambon), so its share is too. */
	approximate: boolean;
}
