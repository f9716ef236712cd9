/** Messages of the analysis: indicator packs, the model diagnostic, constraint layers. */
export const th = {
	criterion_osm_places_of_worship: 'ศาสนสถาน (จำนวน)',
	criterion_osm_places_of_worship_per_km2: 'ศาสนสถานต่อ ตร.กม.',
	criterion_osm_schools: 'โรงเรียน (จำนวน)',
	criterion_osm_schools_per_km2: 'โรงเรียนต่อ ตร.กม.',
	criterion_osm_local_assets: 'ทุนท้องถิ่น (จำนวน)',
	criterion_osm_local_assets_per_km2: 'ทุนท้องถิ่นต่อ ตร.กม.',
	criterion_osm_health_facilities: 'สถานพยาบาล (จำนวน)',
	criterion_osm_health_facilities_per_km2: 'สถานพยาบาลต่อ ตร.กม.',
	criterion_osm_shops: 'ร้านค้า (จำนวน)',
	criterion_osm_shops_per_km2: 'ร้านค้าต่อ ตร.กม.',
	indicatorGroup_religion: 'ภาคศาสนา',
	indicatorGroup_academia: 'ภาควิชาการ',
	indicatorGroup_local_assets: 'ทุนท้องถิ่น',
	indicatorGroup_health: 'สาธารณสุข',
	indicatorGroup_economy: 'ภาคเอกชน',
	indicatorGroup_constraint: 'ข้อจำกัดของพื้นที่',
	osmCaveat:
		'ข้อมูลที่ปรากฏใน OpenStreetMap: ศูนย์หมายถึงยังไม่มีผู้ทำแผนที่ไว้ ไม่ได้หมายความว่าไม่มีอยู่จริง',
	indicatorsGroup: 'กลุ่ม',
	indicatorsOsmOffer:
		'พบชุดข้อมูลสถานที่จาก OpenStreetMap รายตำบล ({file}) วางไว้ข้างข้อมูลภูมิศาสตร์ และยังไม่ได้นำเข้า',
	indicatorsOsmLoad: 'นำเข้าชุดข้อมูลนี้',
	indicatorsRescored: 'คำนวณคะแนนทางการใหม่แล้ว: {models}',
	diagnosticTitle: 'การตรวจแบบจำลอง',
	diagnosticIntro:
		'ค่าสหสัมพันธ์ (r ของเพียร์สัน) ระหว่างคะแนนทางการกับค่าที่ปรับแล้วของแต่ละเกณฑ์ และกับขนาดพื้นที่ (ลอการิทึม) ของ อปท. ที่มีคะแนน {count} แห่ง ค่าใกล้ 1 หมายความว่าอันดับเกือบเป็นไปตามสิ่งนั้นอย่างเดียว',
	diagnosticWhat: 'เทียบกับ',
	diagnosticR: 'r',
	diagnosticExplained: 'อธิบายอันดับได้',
	diagnosticLnArea: 'ขนาดพื้นที่ (ลอการิทึม)',
	diagnosticNoData: 'ไม่มีข้อมูล',
	diagnosticMostlyArea: 'แบบจำลองนี้จัดอันดับตามขนาดพื้นที่เป็นหลัก',
	diagnosticMostlyCriterion: 'แบบจำลองนี้จัดอันดับตาม “{criterion}” เป็นหลัก',
	diagnosticBalanced: 'ไม่มีเกณฑ์ใดเกณฑ์เดียวที่อธิบายอันดับได้เกินครึ่ง',
	diagnosticMissingCriteria:
		'เกณฑ์ที่ยังไม่มีข้อมูลสำหรับ อปท. ใดเลย: {criteria} น้ำหนักของเกณฑ์เหล่านี้ถูกเฉลี่ยไปให้เกณฑ์อื่น',
	populationMethodNote: 'ประชากรเป็นค่าประมาณการ: {method}'
};

export const en: Record<keyof typeof th, string> = {
	criterion_osm_places_of_worship: 'Places of worship (number)',
	criterion_osm_places_of_worship_per_km2: 'Places of worship per km²',
	criterion_osm_schools: 'Schools (number)',
	criterion_osm_schools_per_km2: 'Schools per km²',
	criterion_osm_local_assets: 'Local assets (number)',
	criterion_osm_local_assets_per_km2: 'Local assets per km²',
	criterion_osm_health_facilities: 'Clinics and hospitals (number)',
	criterion_osm_health_facilities_per_km2: 'Clinics and hospitals per km²',
	criterion_osm_shops: 'Shops (number)',
	criterion_osm_shops_per_km2: 'Shops per km²',
	indicatorGroup_religion: 'Religious sector',
	indicatorGroup_academia: 'Academic sector',
	indicatorGroup_local_assets: 'Local assets',
	indicatorGroup_health: 'Health',
	indicatorGroup_economy: 'Private sector',
	indicatorGroup_constraint: 'Constraints on the land',
	osmCaveat: 'Mapped in OpenStreetMap: a zero means none mapped, not none there.',
	indicatorsGroup: 'Group',
	indicatorsOsmOffer:
		'The OpenStreetMap points-of-interest pack per tambon ({file}) is beside the geodata and not loaded yet.',
	indicatorsOsmLoad: 'Load it',
	indicatorsRescored: 'Official scores recomputed: {models}',
	diagnosticTitle: 'Model diagnostic',
	diagnosticIntro:
		'The correlation (Pearson r) of the official score with each criterion’s normalised value and with the size of the area (its logarithm), over the {count} LAOs with a score. Near 1 means the ranking follows that one thing almost alone.',
	diagnosticWhat: 'Against',
	diagnosticR: 'r',
	diagnosticExplained: 'Explains of the ranking',
	diagnosticLnArea: 'Size of the area (logarithm)',
	diagnosticNoData: 'no data',
	diagnosticMostlyArea: 'This model mostly ranks by area.',
	diagnosticMostlyCriterion: 'This model mostly ranks by “{criterion}”.',
	diagnosticBalanced: 'No single criterion explains more than half of the ranking.',
	diagnosticMissingCriteria:
		'Criteria with no data for any LAO: {criteria}. Their weight is spread over the other criteria.',
	populationMethodNote: 'Population is an estimate: {method}'
};
