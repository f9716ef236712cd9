/**
 * The licences of the published data as the public reads them, in Thai and English. The
 * manifest's `licence` field is written for the maintainers ("no licence stated (show the
 * source line)"); this turns each into a public sentence and, where there is one, the licence's
 * own address (for DCAT's `dct:license`).
 */
export interface PublicLicence {
	th: string;
	en: string;
	/** The licence document's address; none for data whose publisher states no licence. */
	url?: string;
}

const creativeCommonsIgo: PublicLicence = {
	th: 'CC BY-IGO 3.0 (ต้องระบุแหล่งที่มา)',
	en: 'CC BY-IGO 3.0 (attribution required)',
	url: 'https://creativecommons.org/licenses/by/3.0/igo/'
};
const openDataCommon: PublicLicence = {
	th: 'Open Data Common (ต้องระบุแหล่งที่มา)',
	en: 'Open Data Common (attribution required)'
};
const noneStated = (publisherTh: string, publisherEn: string): PublicLicence => ({
	th: `${publisherTh}ไม่ได้ระบุสัญญาอนุญาต เผยแพร่ต่อโดยระบุแหล่งที่มา`,
	en: `No licence stated by ${publisherEn}; republished with the source named`
});

export function publicLicence(manifestLicence: string): PublicLicence {
	if (manifestLicence.startsWith('CC BY-IGO')) return creativeCommonsIgo;
	if (manifestLicence.startsWith('Open Data Common')) return openDataCommon;
	if (/DOPA|publisher/.test(manifestLicence))
		return noneStated('กรมการปกครอง', 'the Department of Provincial Administration (DOPA)');
	return noneStated('ผู้รวบรวม', 'the compiler');
}

/** The app's own published data (approved zones, official scores): DLA's open-data licence. */
export const appDataLicence = openDataCommon;
