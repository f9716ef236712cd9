/** LAO types in the glossary's order, from the largest organisation to the smallest. */
export const laoTypes = [
	'provincial_admin_org',
	'city_municipality',
	'town_municipality',
	'subdistrict_municipality',
	'subdistrict_admin_org',
	'special_admin_area'
] as const;
export type LaoType = (typeof laoTypes)[number];

/** The glossary's abbreviations, as officials write an LAO's name: อบต.ดูนสาด, ทน.ขอนแก่น. */
export const laoTypeAbbreviation: Record<LaoType, { th: string; en: string }> = {
	provincial_admin_org: { th: 'อบจ.', en: 'PAO' },
	city_municipality: { th: 'ทน.', en: 'City Municipality' },
	town_municipality: { th: 'ทม.', en: 'Town Municipality' },
	subdistrict_municipality: { th: 'ทต.', en: 'Subdistrict Municipality' },
	subdistrict_admin_org: { th: 'อบต.', en: 'SAO' },
	special_admin_area: { th: '', en: '' }
};

/** An LAO's name with its type, as officials write it: `อบต.ดูนสาด`, `Dun Sat SAO`. */
export function laoDisplayName(
	locale: 'th' | 'en',
	lao: { nameTh: string; nameEn: string | null; laoType: LaoType }
): string {
	const type = laoTypeAbbreviation[lao.laoType];
	return locale === 'en'
		? `${lao.nameEn ?? lao.nameTh} ${type.en}`.trim()
		: `${type.th}${lao.nameTh}`;
}
