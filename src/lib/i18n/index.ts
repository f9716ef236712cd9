/**
 * Thai first, English second. Messages are plain records keyed by identifier so that a missing
 * translation is a type error, not a blank on screen.
 */
export const locales = ['th', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

const th = {
	appName: 'ระบบวางแผนเขตพัฒนาเศรษฐกิจพอเพียง',
	appNameShort: 'SEDZ',
	department: 'กรมส่งเสริมการปกครองท้องถิ่น',
	switchLanguage: 'English',
	importingTitle: 'กำลังนำเข้าข้อมูล',
	importingBody:
		'ระบบกำลังนำเข้าข้อมูลขอบเขตการปกครองและทะเบียน อปท. เป็นครั้งแรก หน้านี้จะเปิดให้ใช้งานโดยอัตโนมัติเมื่อเสร็จ',
	importFailedTitle: 'นำเข้าข้อมูลไม่สำเร็จ',
	importFailedBody:
		'ผู้ดูแลระบบต้องแก้ไขปัญหาด้านล่าง แล้วเริ่มระบบใหม่ (ระบบจะนำเข้าอีกครั้งเอง) หรือหยุดระบบแล้วสั่ง npm run import',
	startingTitle: 'กำลังเริ่มระบบ',
	noDataTitle: 'ยังไม่มีข้อมูล',
	noDataBody:
		'ไม่พบไฟล์ข้อมูล: กำหนด GEODATA_DIR หรือวางไฟล์ไว้ที่ geodata/data/ แล้วสั่ง npm run import (ดู README)',
	phase: 'ขั้นตอน',
	phase_opening: 'เปิดฐานข้อมูล',
	phase_waiting_lock: 'รอการนำเข้าของเครื่องแม่ข่ายอื่น',
	phase_read: 'อ่านไฟล์ข้อมูล',
	phase_tambons: 'บันทึกและตรวจสอบขอบเขตตำบล',
	phase_dissolve: 'รวมขอบเขตอำเภอและจังหวัด',
	phase_laos: 'สร้างขอบเขต อปท. จากตำบล',
	phase_population: 'บันทึกข้อมูลประชากร',
	phase_finish: 'ตรวจสอบและนับจำนวน',
	phase_done: 'เสร็จสิ้น',
	phase_ready: 'พร้อมใช้งาน',
	phase_no_data: 'ไม่พบไฟล์ข้อมูล',
	phase_auto_import_off: 'ปิดการนำเข้าอัตโนมัติ (AUTO_IMPORT=false)',
	phase_import_failed: 'นำเข้าไม่สำเร็จ',
	phase_startup_failed: 'เริ่มระบบไม่สำเร็จ',
	summaryTitle: 'ข้อมูลในระบบ',
	summaryIntro:
		'ขอบเขตการปกครองและทะเบียนองค์กรปกครองส่วนท้องถิ่นจากแหล่งข้อมูลสาธารณะ ใช้ประกอบการพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง',
	province: 'จังหวัด',
	district: 'อำเภอ',
	tambon: 'ตำบล',
	lao: 'องค์กรปกครองส่วนท้องถิ่น (อปท.)',
	population: 'ประชากรตามทะเบียนราษฎร',
	countryArea: 'พื้นที่ประเทศ',
	km2: 'ตร.กม.',
	people: 'คน',
	units: 'แห่ง',
	laoWithoutGeometry: 'อปท. ที่ยังไม่มีขอบเขต (ไม่มีข้อมูลการเชื่อมโยงตำบล)',
	laoApproximate: 'อปท. ที่ขอบเขตเป็นค่าประมาณ (ครอบคลุมบางส่วนของตำบล)',
	byType: 'จำแนกตามประเภท',
	lastImport: 'นำเข้าข้อมูลล่าสุด',
	warnings: 'คำเตือน',
	sources: 'แหล่งข้อมูล',
	provincial_admin_org: 'องค์การบริหารส่วนจังหวัด',
	city_municipality: 'เทศบาลนคร',
	town_municipality: 'เทศบาลเมือง',
	subdistrict_municipality: 'เทศบาลตำบล',
	subdistrict_admin_org: 'องค์การบริหารส่วนตำบล',
	special_admin_area: 'เมืองพัทยา',
	bangkokNote: 'กรุงเทพมหานครเป็นราชการส่วนท้องถิ่นรูปแบบพิเศษ ไม่อยู่ในทะเบียน อปท. ของกรมส่งเสริมการปกครองท้องถิ่น'
};

const en: Record<keyof typeof th, string> = {
	appName: 'Sufficiency Economy Development Zone planner',
	appNameShort: 'SEDZ',
	department: 'Department of Local Administration',
	switchLanguage: 'ภาษาไทย',
	importingTitle: 'Importing data',
	importingBody:
		'The administrative boundaries and the LAO registry are being imported for the first time. This page opens by itself when they are ready.',
	importFailedTitle: 'The data import failed',
	importFailedBody:
		'An administrator must fix the problems below, then import again with npm run import.',
	startingTitle: 'Starting',
	noDataTitle: 'No data yet',
	noDataBody:
		'No data files were found: set GEODATA_DIR or put the files in geodata/data/, then run npm run import (see the README).',
	phase: 'Step',
	phase_opening: 'opening the database',
	phase_waiting_lock: 'waiting for another instance to finish importing',
	phase_read: 'reading files',
	phase_tambons: 'loading and checking tambons',
	phase_dissolve: 'dissolving districts and provinces',
	phase_laos: 'building LAOs from their tambons',
	phase_population: 'loading population',
	phase_finish: 'checking and counting',
	phase_done: 'done',
	phase_ready: 'ready',
	phase_no_data: 'no data files found',
	phase_auto_import_off: 'automatic import is off (AUTO_IMPORT=false)',
	phase_import_failed: 'import failed',
	phase_startup_failed: 'start-up failed',
	summaryTitle: 'Data in the system',
	summaryIntro:
		'Administrative boundaries and the registry of Local Administrative Organizations from public sources, the basis for planning Sufficiency Economy Development Zones.',
	province: 'Provinces',
	district: 'Districts',
	tambon: 'Subdistricts (tambons)',
	lao: 'Local Administrative Organizations (LAOs)',
	population: 'Registered population',
	countryArea: 'Country area',
	km2: 'km²',
	people: 'people',
	units: '',
	laoWithoutGeometry: 'LAOs without a boundary yet (no tambon links)',
	laoApproximate: 'LAOs with an approximate boundary (covering part of a tambon)',
	byType: 'By type',
	lastImport: 'Last import',
	warnings: 'warnings',
	sources: 'Sources',
	provincial_admin_org: 'Provincial Administrative Organization',
	city_municipality: 'City Municipality',
	town_municipality: 'Town Municipality',
	subdistrict_municipality: 'Subdistrict Municipality',
	subdistrict_admin_org: 'Subdistrict Administrative Organization',
	special_admin_area: 'Pattaya City',
	bangkokNote:
		"Bangkok Metropolitan Administration is a special local administration and is not in DLA's LAO registry."
};

export type MessageKey = keyof typeof th;
/** Steps of start-up and of an import, shown on the progress page and printed by the CLI. */
export type Phase = { [K in MessageKey]: K extends `phase_${infer P}` ? P : never }[MessageKey];

export function phaseLabel(locale: Locale, phase: Phase): string {
	return messages[locale][`phase_${phase}`];
}
const messages: Record<Locale, Record<MessageKey, string>> = { th, en };

export function translator(locale: Locale) {
	return (key: MessageKey) => messages[locale][key];
}

const numberLocale: Record<Locale, string> = { th: 'th-TH', en: 'en-GB' };

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
	return value.toLocaleString(numberLocale[locale], { maximumFractionDigits });
}

/** Dates in the Buddhist Era for Thai (th-TH's default calendar), Gregorian for English. */
export function formatDateTime(locale: Locale, value: Date | string): string {
	return new Intl.DateTimeFormat(numberLocale[locale], {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Asia/Bangkok'
	}).format(new Date(value));
}
