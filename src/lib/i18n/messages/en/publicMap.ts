/** English of `../th/publicMap.ts` (the Thai is the source of the keys). */
import type { th } from '../th/publicMap';

export const en: Record<keyof typeof th, string> = {
	pmZonesTitle: 'Approved zones',
	pmAllProvinces: 'All provinces',
	pmProvince: 'Province',
	pmZoneCount: '{count} zones',
	pmLoading: 'Loading the approved zones…',
	pmFailed: 'The approved zones could not be loaded',
	pmNone: 'No approved zone yet',
	pmTextList: 'Text list of zones',
	pmPopupLabel: 'Zone details',
	pmOpenZone: 'Open the zone page',
	pmPlacesHere: 'Administrative units here',
	pmLegendZones: 'Zones',
	pmLegendApproved: 'Approved zone',
	pmLegendCandidate: 'Candidate zone (from the scores)',
	pmEmbedLink: 'SEDZ — DLA',
	pmOpening: 'Opening the database: the map works now, search and the zone lists follow in seconds',
	pmEmbedLinkTitle: 'Open the DLA SEDZ website in a new tab',
	pmColProvince: 'Province',
	pmColApproved: 'Approved on',
	pzArea: 'Area',
	pzAreaValue: '{value} km²',
	pzLaoCount: 'LAOs in the zone',
	pzLaoCountValue: '{count}'
};
