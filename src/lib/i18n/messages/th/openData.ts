/** Messages of issue 18 (open data for GIS software). Keys are merged in `../../../index.ts`: keep them unique. */
export const th = {
	odTitle: 'ดาวน์โหลดและบริการข้อมูล',
	odIntro:
		'ทุกชั้นข้อมูลเปิดให้ใช้ใน QGIS และโปรแกรม GIS อื่น ผ่าน OGC API – Features หรือดาวน์โหลดเป็น GeoPackage พร้อมแหล่งที่มาและสัญญาอนุญาตในไฟล์',
	odLayer: 'ชั้นข้อมูล',
	odGeoPackage: 'ไฟล์ GeoPackage',
	odOgc: 'บริการ OGC API',
	odCkan: 'แพ็กเกจ CKAN (data.go.th)',
	odLicence: 'สัญญาอนุญาต',
	odServices: 'บริการสำหรับโปรแกรม GIS',
	odOgcLanding: 'OGC API – Features (QGIS: เพิ่มชั้นข้อมูล WFS / OGC API – Features)',
	odTiles: 'Vector tiles พร้อมรูปแบบแผนที่ (style.json)',
	odCatalog: 'แคตตาล็อก DCAT-AP (JSON-LD)',
	odStyles: 'รูปแบบสัญลักษณ์สำหรับ QGIS และ SLD',
	odStyleLaos: 'ประเภท อปท. (QGIS .qml)',
	odStyleZones: 'เขตที่อนุมัติแล้ว (QGIS .qml)',
	odStyleLaosSld: 'ประเภท อปท. (SLD)',
	odStyleZonesSld: 'เขตที่อนุมัติแล้ว (SLD)',
	// Plans and monthly figures (issue 16 item 6).
	odProgress: 'แผนปฏิบัติการและรายงานความก้าวหน้าประจำเดือน (CSV)',
	odProgressIntro:
		'แผนปฏิบัติการที่ผู้ว่าราชการจังหวัดอนุมัติ และตัวเลขของรายงานที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดรับรองแล้ว ไม่มีชื่อบุคคล ชื่อคอลัมน์เป็นภาษาอังกฤษสำหรับโปรแกรม แถวละหนึ่งบรรทัดพร้อมที่มา',
	odProgressTargets: 'เป้าหมายของแผน',
	odProgressActivities: 'กิจกรรม/โครงการและงบประมาณของแผน',
	odProgressFigures: 'ตัวเลขรายเดือนของรายงานที่รับรองแล้ว',
	odProgressPage: 'ดูความก้าวหน้าทั่วประเทศ',
	odProgressSource:
		'ที่มา: แผนปฏิบัติการที่ผู้ว่าราชการจังหวัดอนุมัติ และรายงานความก้าวหน้าประจำเดือนที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดรับรองแล้ว กรมส่งเสริมการปกครองท้องถิ่น — Open Data Common'
};
