/** Messages of issue 18 (open data for GIS software). Keys are merged in `../index.ts`: keep them unique. */
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
	odLegendLocationOnly: 'อปท. ที่มีเฉพาะตำแหน่งที่ตั้ง (ยังไม่มีขอบเขต)',
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

export const en: Record<keyof typeof th, string> = {
	odTitle: 'Downloads and services',
	odIntro:
		'Every layer is open to QGIS and other GIS software through OGC API – Features, or as a GeoPackage download with its sources and licences inside the file.',
	odLayer: 'Layer',
	odGeoPackage: 'GeoPackage',
	odOgc: 'OGC API',
	odCkan: 'CKAN package (data.go.th)',
	odLicence: 'Licence',
	odServices: 'Services for GIS software',
	odOgcLanding: 'OGC API – Features (QGIS: add a WFS / OGC API – Features layer)',
	odTiles: 'Vector tiles with their map style (style.json)',
	odCatalog: 'DCAT-AP catalogue (JSON-LD)',
	odStyles: 'Styles for QGIS and SLD',
	odStyleLaos: 'LAO types (QGIS .qml)',
	odStyleZones: 'Approved zones (QGIS .qml)',
	odStyleLaosSld: 'LAO types (SLD)',
	odStyleZonesSld: 'Approved zones (SLD)',
	odLegendLocationOnly: 'LAO, location only (no boundary yet)',
	odProgress: 'Action plans and monthly progress reports (CSV)',
	odProgressIntro:
		'The action plans approved by provincial governors and the figures of the reports accepted by the provincial offices. No personal names; English column names for programs; the source on every row.',
	odProgressTargets: 'Plan targets',
	odProgressActivities: 'Plan activities and budgets',
	odProgressFigures: 'Monthly figures of accepted reports',
	odProgressPage: 'See progress across the country',
	odProgressSource:
		'Source: action plans approved by provincial governors and monthly progress reports accepted by the provincial local administration offices, Department of Local Administration — Open Data Common'
};
