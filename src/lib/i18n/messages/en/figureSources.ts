/** English of `../th/figureSources.ts` (the Thai is the source of the keys). */
import type { th } from '../th/figureSources';

export const en: Record<keyof typeof th, string> = {
	figureSource_laoTambonLinks: 'LAO–tambon links: Royal Gazette / DOPA records (compiled, c. 2022)',
	figureSource_populationRegistry:
		'Population: civil registration of the Department of Provincial Administration (DOPA), 31 Dec 2021',
	figureSource_boundaries:
		'Boundaries: Royal Thai Survey Department via OCHA Humanitarian Data Exchange (COD-AB, CC BY-IGO)',
	figureSource_laoRegistry:
		'LAO registry: Department of Local Administration open data dlads_05_01 (updated 10 Jun 2026)'
};
