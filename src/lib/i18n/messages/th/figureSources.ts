/**
 * Issue 15, item 3: the source lines of a zone's figures in the reader's language (see
 * `$lib/zones/figure-sources.ts`). Keys are merged into one table in `../../../index.ts`.
 */
export const th = {
	figureSource_laoTambonLinks:
		'ความเชื่อมโยง อปท. กับตำบล: ราชกิจจานุเบกษาและทะเบียนของกรมการปกครอง (รวบรวมราว พ.ศ. 2565)',
	figureSource_populationRegistry: 'ประชากร: ทะเบียนราษฎร กรมการปกครอง ณ 31 ธ.ค. 2564',
	// The map's attribution and the open-data page's sources (issue 15, item 3).
	figureSource_boundaries:
		'ขอบเขตการปกครอง: กรมแผนที่ทหาร ผ่าน OCHA Humanitarian Data Exchange (COD-AB, CC BY-IGO)',
	figureSource_laoRegistry:
		'ทะเบียน อปท.: ข้อมูลเปิดของกรมส่งเสริมการปกครองท้องถิ่น ชุด dlads_05_01 (ปรับปรุง 10 มิ.ย. 2569)'
};
