/**
 * Issue 15, item 3: the source lines of a zone's figures in the reader's language (see
 * `$lib/zones/figure-sources.ts`). Keys are merged into one table in `../index.ts`.
 */
export const th = {
	figureSource_laoTambonLinks:
		'ความเชื่อมโยง อปท. กับตำบล: ราชกิจจานุเบกษาและทะเบียนของกรมการปกครอง (รวบรวมราว พ.ศ. 2565)',
	figureSource_populationRegistry: 'ประชากร: ทะเบียนราษฎร กรมการปกครอง ณ 31 ธ.ค. 2564'
};

export const en: Record<keyof typeof th, string> = {
	figureSource_laoTambonLinks: 'LAO–tambon links: Royal Gazette / DOPA records (compiled, c. 2022)',
	figureSource_populationRegistry:
		'Population: civil registration of the Department of Provincial Administration (DOPA), 31 Dec 2021'
};
