/**
 * Messages of issue 7 (accessibility of the public pages; coordination timelines on zone and
 * LAO pages). Keys are merged into one table in `../../../index.ts`: keep them unique.
 */
export const th = {
	skipToContent: 'ข้ามไปยังเนื้อหาหลัก',
	// The LAO's coordination records in the map's place panel, loaded when the section opens.
	laoTimelineSummary: 'การประสานงานกับ อปท. นี้',
	zoneTimelineHeading: 'การประสานงานเกี่ยวกับเขตนี้'
};
