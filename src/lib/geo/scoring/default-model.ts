import { parseScoringModel, type ScoringModel } from './scoring-model';

/**
 * The first default model (version 1), kept so that databases scored with it stay explained;
 * it ranks mostly by area (r(score, ln area) = 0.93 on the real data) and its rationale
 * attributes the advisor's observation to the Permanent Secretary. See `defaultScoringModel`.
 *
 * The default model, "large area with potential" (ขนาดพื้นที่ใหญ่และมีศักยภาพ), after the
 * Permanent Secretary's directive (DLA memo มท ๐๘๐๑.๒/ว ๕๒, 3 January 2022, item 2): "areas of
 * several LAOs that are large and have potential will be developed into Sufficiency Economy
 * Development Zones". Built only from indicators the app computes from the imported data; the
 * weights and candidate parameters are this model's starting judgement, not figures from the
 * directive (which gives none), and are meant to be reviewed and saved as new versions.
 */
export const defaultScoringModelV1: ScoringModel = parseScoringModel({
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

/** The system default's edition: the version the app saves it as when it upgrades itself. */
export const defaultModelEdition = 2;

const memoReference = {
	th: 'สรุปรายการสำคัญการมอบนโยบายการปฏิบัติราชการ/ข้อสั่งการของปลัดกระทรวงมหาดไทยในการตรวจเยี่ยมกรมส่งเสริมการปกครองท้องถิ่น ๒ ธันวาคม ๒๕๖๔ (หนังสือกระทรวงมหาดไทย ที่ มท ๐๒๑๑.๒/๑๙๓๕๕ ลงวันที่ ๓๐ ธันวาคม ๒๕๖๔ แจ้งโดยบันทึกข้อความ สถ. ที่ มท ๐๘๐๑.๒/ว ๕๒ ลงวันที่ ๓ มกราคม ๒๕๖๕)',
	en: "the summary of the Permanent Secretary for the Interior's policy and directives at his visit to DLA on 2 December 2021 (MoI letter มท ๐๒๑๑.๒/๑๙๓๕๕ of 30 December 2021, circulated by DLA memo มท ๐๘๐๑.๒/ว ๕๒ of 3 January 2022)"
};

/**
 * The default model, version 2: "large area with potential" measured as both. Area stays the
 * heaviest single criterion (the advisor's "large"), and "potential" is measured by what the
 * data shows is there, per km² so that it is not size again: local assets (attractions, historic
 * and natural features), places of worship (the religious sector of the network) and schools
 * (the academic sector), from the OpenStreetMap pack; population (the people a zone serves) and
 * compactness. On the real data with the pack loaded r(score, ln area) = 0.58 (version 1: 0.93).
 *
 * Without the pack its three criteria have no data for any LAO: the weights are renormalised
 * over area, population and compactness (the missing-data rule every model follows), the share
 * of weight without data is shown beside every score, and the model diagnostic on /scores warns
 * that the ranking is then mostly by area. The rationale says so.
 */
export const defaultScoringModel: ScoringModel = parseScoringModel({
	name: 'ขนาดพื้นที่ใหญ่และมีศักยภาพ',
	name_en: 'Large area with potential',
	rationale_th: [
		`ที่ปรึกษาปลัดกระทรวงมหาดไทย ผู้ช่วยศาสตราจารย์ พิเชฐ โสวิทยสกุล ให้ข้อสังเกตไว้ (${memoReference.th} ข้อสังเกตข้อ ๒ เขตพัฒนาเศรษฐกิจพอเพียง) ว่า "พื้นที่ขององค์กรปกครองส่วนท้องถิ่นหลายแห่งที่มีพื้นที่ขนาดใหญ่และมีศักยภาพ จะพัฒนาเป็นพื้นที่เขตเศรษฐกิจพอเพียง" ส่วนข้อสั่งการของปลัดกระทรวงมหาดไทยเรื่องเขตพัฒนาเศรษฐกิจพอเพียงในเอกสารเดียวกันคือ "ให้ท้องถิ่นจังหวัดสนับสนุนผู้ว่าราชการจังหวัดในการดำเนินงานเรื่องเขตพัฒนาเศรษฐกิจพอเพียง" แบบจำลองนี้จึงเป็นเครื่องมือให้ท้องถิ่นจังหวัดใช้สนับสนุนผู้ว่าราชการจังหวัด`,
		'แบบจำลองวัดทั้ง "ขนาดใหญ่" และ "มีศักยภาพ": พื้นที่ยังเป็นเกณฑ์ที่มีน้ำหนักมากที่สุดเพียงเกณฑ์เดียว (25%) แต่ไม่ใช่ตัวกำหนดอันดับ ศักยภาพวัดจากสิ่งที่มีอยู่ในพื้นที่ต่อ ตร.กม. เพื่อไม่ให้เป็นการวัดขนาดซ้ำ ได้แก่ ทุนท้องถิ่น (แหล่งท่องเที่ยว โบราณสถาน ธรรมชาติ) 20% ศาสนสถาน (ภาคศาสนาของเครือข่าย) 15% และโรงเรียน (ภาควิชาการ) 15% จากชุดข้อมูล OpenStreetMap ประกอบกับจำนวนประชากร (ผู้ได้รับประโยชน์) 15% และความกะทัดรัดของรูปพื้นที่ 10%',
		'ข้อมูล OpenStreetMap เป็นข้อมูลที่อาสาสมัครทำแผนที่ไว้ ค่าศูนย์หมายถึงยังไม่มีผู้ทำแผนที่ไว้ ไม่ได้หมายความว่าไม่มีอยู่จริง จึงใช้เป็นสัญญาณประกอบ ไม่ใช่สถิติทางการ หากยังไม่ได้นำเข้าชุดข้อมูลนี้ เกณฑ์ทั้งสามไม่มีข้อมูล น้ำหนักจะถูกเฉลี่ยใหม่บนพื้นที่ ประชากร และความกะทัดรัด และหน้าคะแนนจะเตือนว่าแบบจำลองจัดอันดับตามพื้นที่เป็นหลัก',
		'พื้นที่ ประชากร และค่าต่อ ตร.กม. ปรับค่าด้วยลำดับเปอร์เซ็นไทล์เพราะกระจายตัวเบ้มาก ความกะทัดรัดซึ่งมีค่า 0–1 ปรับค่าแบบต่ำสุด–สูงสุด',
		'ผู้มีสิทธิ์โดยปริยายคือ อบต. เท่านั้น เพราะพื้นที่ของเทศบาลคำนวณจากตำบลที่เทศบาลครอบคลุมเพียงบางส่วน จึงสูงเกินจริง และต้องมีพื้นที่อย่างน้อย 20 ตร.กม. ทุกจังหวัด (กรุงเทพมหานครไม่มี อปท. ในทะเบียนของ สถ.)',
		'ค่าที่คำนวณจากตำบลที่ อปท. ครอบคลุมเพียงบางส่วนเป็นค่าประมาณ คะแนนที่ใช้ค่าเช่นนั้นจะมีเครื่องหมายค่าประมาณ ประชากรเป็นค่าประมาณการตามวิธีที่ระบุไว้กับตัวเลข เมื่อ อปท. ใดไม่มีข้อมูลของเกณฑ์ใด น้ำหนักจะถูกเฉลี่ยใหม่บนเกณฑ์ที่มีข้อมูล และแสดงสัดส่วนน้ำหนักที่ขาดข้อมูลไว้',
		'เกณฑ์ด้านความยากจนและการเกษตรยังไม่มีข้อมูลสาธารณะ เพิ่มได้โดยนำเข้าตัวชี้วัดแล้วบันทึกแบบจำลองรุ่นใหม่ ค่าน้ำหนักและพารามิเตอร์ของเขตที่เสนอเป็นค่าเริ่มต้นที่ผู้วางแผนกำหนด ไม่ได้มาจากหนังสือสั่งการ ซึ่งไม่ได้กำหนดตัวเลขไว้'
	].join('\n\n'),
	rationale_en: [
		`The advisor to the Permanent Secretary for the Interior, Asst. Prof. พิเชฐ โสวิทยสกุล (ผศ.พิเชฐ), observed (${memoReference.en}, his observation 2, Sufficiency Economy Development Zones): "areas of several LAOs that are large and have potential will be developed into Sufficiency Economy zones" (พื้นที่ขององค์กรปกครองส่วนท้องถิ่นหลายแห่งที่มีพื้นที่ขนาดใหญ่และมีศักยภาพ จะพัฒนาเป็นพื้นที่เขตเศรษฐกิจพอเพียง). The Permanent Secretary's own directive on the zones in the same document is that provincial local administration offices support the provincial governors in the SEDZ work (ให้ท้องถิ่นจังหวัดสนับสนุนผู้ว่าราชการจังหวัดในการดำเนินงานเรื่องเขตพัฒนาเศรษฐกิจพอเพียง); this model is a tool for that support.`,
		'The model measures both "large" and "potential". Area is still the heaviest single criterion (25 %) but no longer decides the ranking. Potential is measured by what is in the area per km², so that it is not size again: local assets (attractions, historic and natural features) 20 %, places of worship (the religious sector of the network) 15 % and schools (the academic sector) 15 %, from the OpenStreetMap pack; with population (the people a zone serves) 15 % and compactness of the area 10 %.',
		'OpenStreetMap is mapped by volunteers: a zero means none mapped, not none there, so these are signals, not official statistics. Without the pack loaded its three criteria have no data: the weights are renormalised over area, population and compactness, and the scores page warns that the model then ranks mostly by area.',
		'Area, population and the per-km² figures are normalised by percentile rank because they are very skewed; compactness, already 0–1, by min–max.',
		"Only SAOs are eligible by default, because a municipality's area is built from tambons it covers only partly and is overstated; they must cover at least 20 km², in every province (Bangkok has no LAO in DLA's registry).",
		'Figures built from tambons an LAO covers only partly are approximate, and a score using one is marked approximate. Population is an estimate, labelled with its method. Where an LAO has no data for a criterion its weights are renormalised over the criteria with data, and the share of weight without data is shown.',
		'Poverty and agriculture indicators have no public source yet: import them as indicators and save a new version of the model. The weights and candidate-zone parameters are starting values set by the planner, not figures from the memo, which gives none.'
	].join('\n\n'),
	criteria: [
		{ indicator: 'area_km2', direction: 'benefit', normalisation: 'percentile_rank', weight: 0.25 },
		{
			indicator: 'osm_local_assets_per_km2',
			direction: 'benefit',
			normalisation: 'percentile_rank',
			weight: 0.2
		},
		{
			indicator: 'osm_places_of_worship_per_km2',
			direction: 'benefit',
			normalisation: 'percentile_rank',
			weight: 0.15
		},
		{
			indicator: 'osm_schools_per_km2',
			direction: 'benefit',
			normalisation: 'percentile_rank',
			weight: 0.15
		},
		{
			indicator: 'population',
			direction: 'benefit',
			normalisation: 'percentile_rank',
			weight: 0.15
		},
		{ indicator: 'compactness', direction: 'benefit', normalisation: 'min_max', weight: 0.1 }
	],
	eligibility: defaultScoringModelV1.eligibility,
	missingData: { policy: 'renormalise' },
	candidates: defaultScoringModelV1.candidates
});
