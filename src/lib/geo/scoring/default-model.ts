import { parseScoringModel, type ScoringModel } from './scoring-model';

/**
 * The default model, "large area with potential" (ขนาดพื้นที่ใหญ่และมีศักยภาพ), after the
 * Permanent Secretary's directive (DLA memo มท ๐๘๐๑.๒/ว ๕๒, 3 January 2022, item 2): "areas of
 * several LAOs that are large and have potential will be developed into Sufficiency Economy
 * Development Zones". Built only from indicators the app computes from the imported data; the
 * weights and candidate parameters are this model's starting judgement, not figures from the
 * directive (which gives none), and are meant to be reviewed and saved as new versions.
 */
export const defaultScoringModel: ScoringModel = parseScoringModel({
	name: 'ขนาดพื้นที่ใหญ่และมีศักยภาพ',
	name_en: 'Large area with potential',
	rationale_th: [
		'ตามข้อสั่งการของปลัดกระทรวงมหาดไทย (บันทึกข้อความ มท ๐๘๐๑.๒/ว ๕๒ ลงวันที่ ๓ มกราคม ๒๕๖๕ ข้อ ๒) ว่า "พื้นที่ขององค์กรปกครองส่วนท้องถิ่นหลายแห่งที่มีพื้นที่ขนาดใหญ่และมีศักยภาพ จะพัฒนาเป็นพื้นที่เขตเศรษฐกิจพอเพียง" แบบจำลองนี้จึงให้คะแนนสูงแก่ อปท. ที่มีพื้นที่ใหญ่ (น้ำหนักมากที่สุด)',
		'ความหนาแน่นประชากรเป็นเกณฑ์แบบต้นทุน (ยิ่งต่ำยิ่งดี): พื้นที่ที่ความหนาแน่นต่ำส่วนใหญ่เป็นพื้นที่ชนบทและเกษตรกรรม ซึ่งเป็นฐานของการพัฒนาตามหลักปรัชญาของเศรษฐกิจพอเพียง และมีที่ดินเพียงพอสำหรับเขตพัฒนา ส่วนจำนวนประชากรเป็นเกณฑ์แบบประโยชน์ (ยิ่งมากยิ่งดี) เพราะเป็นจำนวนผู้ที่ได้รับประโยชน์จากเขต ความกะทัดรัดของรูปพื้นที่เป็นเกณฑ์แบบประโยชน์ เพราะพื้นที่ที่กะทัดรัดบริหารจัดการและเชื่อมต่อกับ อปท. ข้างเคียงได้ง่ายกว่า',
		'พื้นที่ ประชากร และความหนาแน่นปรับค่าด้วยลำดับเปอร์เซ็นไทล์เพราะกระจายตัวเบ้มาก ความกะทัดรัดซึ่งมีค่า 0–1 ปรับค่าแบบต่ำสุด–สูงสุด',
		'ผู้มีสิทธิ์โดยปริยายคือ อบต. เท่านั้น เพราะพื้นที่ของเทศบาลคำนวณจากตำบลที่เทศบาลครอบคลุมเพียงบางส่วน จึงสูงเกินจริง และต้องมีพื้นที่อย่างน้อย 20 ตร.กม. ทุกจังหวัด (กรุงเทพมหานครไม่มี อปท. ในทะเบียนของ สถ.)',
		'ค่าที่เป็นค่าประมาณ (คำนวณจากตำบลที่ อปท. ครอบคลุมเพียงบางส่วน) ยังใช้คำนวณคะแนน แต่คะแนนนั้นจะถูกทำเครื่องหมายว่าเป็นค่าประมาณ เมื่อ อปท. ใดไม่มีข้อมูลของเกณฑ์ใด น้ำหนักจะถูกเฉลี่ยใหม่บนเกณฑ์ที่มีข้อมูล และแสดงสัดส่วนน้ำหนักที่ขาดข้อมูลไว้',
		'เกณฑ์ด้านความยากจนและการเกษตรยังไม่มีในข้อมูลที่นำเข้า เพิ่มได้โดยนำเข้าตัวชี้วัดแล้วบันทึกแบบจำลองรุ่นใหม่ ค่าน้ำหนักและพารามิเตอร์ของเขตที่เสนอเป็นค่าเริ่มต้นที่ผู้วางแผนกำหนด ไม่ได้มาจากข้อสั่งการ ซึ่งไม่ได้กำหนดตัวเลขไว้'
	].join('\n\n'),
	rationale_en: [
		'After the Permanent Secretary for the Interior\'s directive (DLA memo มท ๐๘๐๑.๒/ว ๕๒, 3 January 2022, item 2): "areas of several LAOs that are large and have potential will be developed into Sufficiency Economy Development Zones". The model therefore favours LAOs with a large area, its heaviest weight.',
		'Population density is a cost criterion (lower is better): low-density areas are mostly rural and agricultural, the ground on which the Sufficiency Economy Philosophy builds, with land enough for a zone. Population is a benefit criterion, as the people a zone would serve. Compactness of the area is a benefit criterion: a compact area is easier to manage and to join with neighbouring LAOs.',
		'Area, population and density are normalised by percentile rank because they are very skewed; compactness, already 0–1, by min–max.',
		"Only SAOs are eligible by default, because a municipality's area is built from tambons it covers only partly and is overstated; they must cover at least 20 km², in every province (Bangkok has no LAO in DLA's registry).",
		'Approximate values (built from tambons an LAO covers only partly) are used, but the score is marked approximate. Where an LAO has no data for a criterion its weights are renormalised over the criteria with data, and the share of weight without data is shown.',
		'Poverty and agriculture indicators are not in the imported data yet: import them as indicators and save a new version of the model. The weights and candidate-zone parameters are starting values set by the planner, not figures from the directive, which gives none.'
	].join('\n\n'),
	criteria: [
		{ indicator: 'area_km2', direction: 'benefit', normalisation: 'percentile_rank', weight: 0.4 },
		{
			indicator: 'population_density',
			direction: 'cost',
			normalisation: 'percentile_rank',
			weight: 0.2
		},
		{
			indicator: 'population',
			direction: 'benefit',
			normalisation: 'percentile_rank',
			weight: 0.2
		},
		{ indicator: 'compactness', direction: 'benefit', normalisation: 'min_max', weight: 0.2 }
	],
	eligibility: {
		laoTypes: ['subdistrict_admin_org'],
		minAreaKm2: 20,
		provinces: null,
		excludeApproximateArea: false
	},
	missingData: { policy: 'renormalise' },
	candidates: { targetAreaKm2: [100, 500], minCompactness: 0.2, maxMembers: 5 }
});
