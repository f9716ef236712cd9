import type { Kysely } from 'kysely';
import { partyKey, type Party } from '../../coordination/terms';
import { laoTypeAbbreviation } from '../../lao-types';
import type { DB } from '../db/schema';
import {
	findDistricts,
	findLaos,
	findPartners,
	findProvinces
} from './coordination-parties.repository';

/** An organisation's name in both languages, as the register shows it. */
export interface PartyName {
	key: string;
	party: Party;
	th: string;
	en: string;
}

/**
 * Names for parties, looked up in one query per kind: the glossary's titles for DLA, the
 * governor, the provincial and district offices (ผู้ว่าราชการจังหวัดขอนแก่น, ท้องถิ่นจังหวัดขอนแก่น,
 * ท้องถิ่นอำเภอเมืองขอนแก่น), the
 * registry's names for LAOs and the partner's own name. Organisations only, never people.
 */
export async function nameParties(
	db: Kysely<DB>,
	parties: readonly Party[]
): Promise<Map<string, PartyName>> {
	const provinceCodes = parties
		.filter((p) => p.kind === 'governor' || p.kind === 'provincial_office')
		.map((p) => p.code!);
	const dlaCodes = parties.filter((p) => p.kind === 'lao').map((p) => p.code!);
	const partnerIds = parties.filter((p) => p.kind === 'partner').map((p) => Number(p.code));
	const districtCodes = parties.filter((p) => p.kind === 'district_office').map((p) => p.code!);
	const [provinces, laos, partners, districts] = await Promise.all([
		findProvinces(db, [...new Set(provinceCodes)]),
		findLaos(db, [...new Set(dlaCodes)]),
		findPartners(db, [...new Set(partnerIds)]),
		findDistricts(db, [...new Set(districtCodes)])
	]);
	const district = new Map(districts.map((d) => [d.code, d]));
	const province = new Map(provinces.map((p) => [p.code, p]));
	const lao = new Map(laos.map((l) => [l.dlaCode, l]));
	const partner = new Map(partners.map((p) => [String(p.id), p]));
	const names = new Map<string, PartyName>();
	for (const p of parties) {
		const key = partyKey(p);
		if (names.has(key)) continue;
		let th: string, en: string;
		switch (p.kind) {
			case 'dla':
				th = 'กรมส่งเสริมการปกครองท้องถิ่น';
				en = 'Department of Local Administration';
				break;
			case 'governor': {
				const found = province.get(p.code!);
				th = `ผู้ว่าราชการจังหวัด${found?.nameTh ?? p.code}`;
				en = `Governor of ${found?.nameEn ?? p.code}`;
				break;
			}
			case 'provincial_office': {
				const found = province.get(p.code!);
				th = `ท้องถิ่นจังหวัด${found?.nameTh ?? p.code}`;
				en = `${found?.nameEn ?? p.code} Provincial Local Administration Office`;
				break;
			}
			case 'district_office': {
				// ท้องถิ่นอำเภอเมืองขอนแก่น: the glossary's title and the district's name.
				const found = district.get(p.code!);
				th = `ท้องถิ่นอำเภอ${found?.nameTh ?? p.code}`;
				en = `${found?.nameEn ?? p.code} District Local Administration Office`;
				break;
			}
			case 'lao': {
				const found = lao.get(p.code!);
				const type = found ? laoTypeAbbreviation[found.laoType] : { th: '', en: '' };
				th = found ? `${type.th}${found.nameTh}` : p.code!;
				en = found ? `${found.nameEn ?? found.nameTh} ${type.en}`.trim() : p.code!;
				break;
			}
			case 'partner': {
				const found = partner.get(p.code!);
				th = found?.name ?? `#${p.code}`;
				en = th;
				break;
			}
		}
		names.set(key, { key, party: p, th, en });
	}
	return names;
}
