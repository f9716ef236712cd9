/** Messages of the candidate zones: the list on /scores, the map panel and the export. */
export const th = {
	candColDistricts: 'อำเภอ',
	candColWhy: 'จุดเด่น',
	candDistrict: 'อ.{name}',
	candWhy: 'เด่นด้าน{list}',
	candWhyNone: 'ไม่มีเกณฑ์ใดเด่นกว่าค่าเฉลี่ยของจังหวัด',
	candWhyLow: '{name}ต่ำ',
	candOptimal: 'ชุดเขตที่ดีที่สุด: ระบบพิสูจน์แล้วว่าห่างจากชุดที่ดีที่สุดที่เป็นไปได้ไม่เกิน {gap}%',
	candTimeLimit: 'ชุดเขตที่ดีที่สุดที่หาได้ภายในเวลาที่กำหนด: ห่างจากชุดที่ดีที่สุดที่เป็นไปได้ไม่เกิน {gap}%',
	candTimeLimitNoBound: 'ชุดเขตที่ดีที่สุดที่หาได้ภายในเวลาที่กำหนด ยังไม่ทราบว่าห่างจากชุดที่ดีที่สุดที่เป็นไปได้เท่าใด',
	candPending: 'กำลังหาชุดเขตที่ดีที่สุด ระหว่างนี้แสดงผลแบบเร็ว (ยังไม่ได้หาชุดที่ดีที่สุด)',
	candNotOptimised: 'ยังไม่ได้หาชุดที่ดีที่สุด ({reason}) จึงแสดงผลแบบเร็ว',
	candReason_solver_failed: 'โปรแกรมหาค่าที่ดีที่สุดทำงานไม่สำเร็จ',
	candReason_too_many_zones: 'มีเขตที่เป็นไปได้มากเกินกว่าจะพิจารณาครบ',
	candReason_no_better_answer: 'หมดเวลาก่อนพบชุดที่ดีกว่าผลแบบเร็ว',
	candGain: 'ครอบคลุมพื้นที่คะแนนสูงมากกว่าผลแบบเร็ว {gain}%',
	candHow:
		'ระบบเลือกเขตที่ไม่ทับซ้อนกันไม่เกิน {n} เขต ให้ครอบคลุมพื้นที่ที่มีคะแนนสูงได้มากที่สุด จากเขตที่เป็นไปได้ทั้งหมด {sets} แบบ',
	candMapLine: '{area} ตร.กม. · คะแนน {score}'
};

export const en: Record<keyof typeof th, string> = {
	candColDistricts: 'District(s)',
	candColWhy: 'Why',
	candDistrict: '{name} District',
	candWhy: 'Stands out on {list}',
	candWhyNone: 'No criterion stands out from the province average',
	candWhyLow: 'low {name}',
	candOptimal: 'The best set of zones: proven within {gap}% of the best possible',
	candTimeLimit: 'The best set found within the time limit: within {gap}% of the best possible',
	candTimeLimitNoBound:
		'The best set found within the time limit; how far it is from the best possible is not known yet',
	candPending:
		'Finding the best set of zones; the quick answer is shown meanwhile (not optimised yet)',
	candNotOptimised: 'Not optimised ({reason}); the quick answer is shown',
	candReason_solver_failed: 'the optimiser failed',
	candReason_too_many_zones: 'there are too many possible zones to weigh them all',
	candReason_no_better_answer: 'time ran out before a better set than the quick answer was found',
	candGain: 'Covers {gain}% more high-scoring land than the quick answer',
	candHow:
		'The optimiser picks up to {n} non-overlapping zones that together cover the most high-scoring land, out of {sets} possible zones',
	candMapLine: '{area} km² · score {score}'
};
