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
	bangkokNote:
		'กรุงเทพมหานครเป็นราชการส่วนท้องถิ่นรูปแบบพิเศษ ไม่อยู่ในทะเบียน อปท. ของกรมส่งเสริมการปกครองท้องถิ่น',
	navMap: 'แผนที่',
	navData: 'ข้อมูลในระบบ',
	navLabel: 'เมนูหลัก',
	mapLabel: 'แผนที่จังหวัด อำเภอ ตำบล และองค์กรปกครองส่วนท้องถิ่น',
	mapLoading: 'กำลังโหลดแผนที่…',
	mapFailed: 'แสดงแผนที่ไม่ได้ (เบราว์เซอร์ไม่รองรับ WebGL) ยังค้นหาและดูข้อมูลได้',
	searchLabel: 'ค้นหาจังหวัด อำเภอ ตำบล หรือ อปท.',
	searchPlaceholder: 'ค้นหาชื่อ หรือรหัส อปท.',
	searchResults: 'ผลการค้นหา',
	searchNoResults: 'ไม่พบผลลัพธ์',
	searchFailed: 'ค้นหาไม่สำเร็จ',
	searchCount: 'พบ {count} รายการ',
	kind_province: 'จังหวัด',
	kind_district: 'อำเภอ',
	kind_tambon: 'ตำบล',
	kind_lao: 'อปท.',
	chooserTitle: 'หน่วยการปกครองที่ตำแหน่งนี้',
	chooserEmpty: 'ไม่มีหน่วยการปกครองที่ตำแหน่งนี้',
	close: 'ปิด',
	loading: 'กำลังโหลด…',
	loadFailed: 'โหลดข้อมูลไม่สำเร็จ',
	noData: 'ไม่มีข้อมูล',
	nameTh: 'ชื่อภาษาไทย',
	nameEn: 'ชื่อภาษาอังกฤษ',
	noEnglishName: 'ไม่มีชื่อภาษาอังกฤษในแหล่งข้อมูล',
	codes: 'รหัส',
	kindLabel: 'ประเภท',
	area: 'พื้นที่',
	registeredArea: 'พื้นที่ตามทะเบียน อปท. (ไม่ได้ตรวจสอบ)',
	populationLabel: 'ประชากร',
	householdsLabel: 'ครัวเรือน',
	households: 'ครัวเรือน',
	asOf: 'ณ',
	estimate: 'ค่าประมาณ',
	method: 'วิธีคำนวณ',
	method_dopa_municipal_registration_office: 'จำนวนที่สำนักทะเบียนของเทศบาล',
	method_sum_nonmunicipal_pop_of_covered_tambons: 'ผลรวมประชากรนอกเขตเทศบาลของตำบลที่ครอบคลุม',
	source: 'ที่มา',
	parents: 'อยู่ในเขต',
	linkedTambons: 'ตำบลที่ครอบคลุม',
	coverage_completely: 'ทั้งตำบล',
	coverage_partially: 'บางส่วนของตำบล',
	noPolygon: 'ไม่มีขอบเขตในแผนที่',
	approximateTitle: 'ขอบเขตโดยประมาณ',
	approximateExplain:
		'ไม่มีแนวเขต อปท. อย่างเป็นทางการ ขอบเขตนี้สร้างจากตำบลที่ อปท. ครอบคลุม ซึ่งบางตำบลครอบคลุมเพียงบางส่วน ขอบเขตและตัวเลขที่คำนวณจากขอบเขตจึงเป็นค่าประมาณ',
	laoNoGeometry: 'อปท. นี้ยังไม่มีขอบเขตในแผนที่ (ไม่มีข้อมูลตำบลที่ครอบคลุม)',
	legendTitle: 'คำอธิบายสัญลักษณ์',
	legendShow: 'แสดงคำอธิบายสัญลักษณ์',
	legendBoundaries: 'เขตการปกครอง',
	legendProvince: 'เขตจังหวัด',
	legendDistrict: 'เขตอำเภอ (ขยายแผนที่)',
	legendTambon: 'เขตตำบล (ขยายแผนที่)',
	legendLaoTypes: 'ประเภท อปท. (แสดงเมื่อขยายแผนที่)',
	legendPao: 'เส้นขอบเท่านั้น',
	legendApproximate: 'ขอบเขต อปท. โดยประมาณ (เส้นประ)',
	legendSelected: 'หน่วยที่เลือก',
	selectedUnit: 'หน่วยที่เลือก',
	method_union_of_linked_tambons: 'รวมพื้นที่ของตำบลที่ครอบคลุม',
	code_adm1_pcode: 'รหัสจังหวัด (P-code)',
	code_adm2_pcode: 'รหัสอำเภอ (P-code)',
	code_adm3_pcode: 'รหัสตำบล (P-code)',
	code_dopa_province_code: 'รหัสจังหวัด กรมการปกครอง',
	code_dopa_district_code: 'รหัสอำเภอ กรมการปกครอง',
	code_dopa_tambon_code: 'รหัสตำบล กรมการปกครอง',
	code_dla_code: 'รหัส อปท.',
	laoCounts: 'อปท. ในพื้นที่',
	showOnMap: 'แสดงบนแผนที่',
	indicatorsTitle: 'นำเข้าข้อมูลตัวชี้วัด',
	indicatorsIntro:
		'อัปโหลดไฟล์ CSV ค่าตัวชี้วัดราย อปท. หรือรายตำบล ระบบตรวจทุกแถวก่อนบันทึก หากพบปัญหาร้ายแรงจะไม่บันทึกค่าใดเลย การนำเข้าไฟล์เดิมซ้ำให้ผลเหมือนเดิม',
	indicatorsAccessNote:
		'ขณะนี้ทุกคนที่เข้าถึงระบบได้ใช้หน้านี้ได้ เมื่อมีระบบบัญชีผู้ใช้และบทบาทแล้ว หน้านี้ต้องจำกัดให้เฉพาะเจ้าหน้าที่กรมส่งเสริมการปกครองท้องถิ่น',
	indicatorsFileLabel: 'ไฟล์ CSV (UTF-8)',
	indicatorsColumns:
		'คอลัมน์: code (รหัส อปท. 7 หลัก หรือรหัสตำบล), indicator, year (ค.ศ.), value, unit, source · ตัวชี้วัดใหม่ต้องมีคอลัมน์ aggregation (sum หรือ area_weighted_mean) · ค่าว่างถือว่าไม่มีข้อมูล',
	indicatorsUpload: 'นำเข้า',
	indicatorsUploading: 'กำลังนำเข้า…',
	indicatorsNoFile: 'กรุณาเลือกไฟล์ CSV',
	indicatorsImported: 'นำเข้าสำเร็จ',
	indicatorsFailed: 'นำเข้าไม่สำเร็จ ไม่มีการบันทึกค่าใด',
	indicatorsStored: 'บันทึก {stored} ค่า ข้าม {skipped} แถวที่ไม่มีค่า',
	indicatorsSeverity: 'ระดับ',
	indicatorsRow: 'แถว',
	indicatorsField: 'คอลัมน์',
	indicatorsRule: 'กฎ',
	indicatorsDetail: 'รายละเอียด',
	indicatorsFatal: 'ร้ายแรง',
	indicatorsWarning: 'คำเตือน',
	indicatorsCatalogue: 'รายการตัวชี้วัด',
	indicatorsKey: 'รหัสตัวชี้วัด',
	indicatorsName: 'ชื่อ',
	indicatorsUnit: 'หน่วย',
	indicatorsAggregation: 'การรวมจากตำบลเป็น อปท.',
	indicatorsAggregationSum: 'ผลรวม',
	indicatorsAggregationAreaWeightedMean: 'ค่าเฉลี่ยถ่วงน้ำหนักด้วยพื้นที่',
	indicatorsBuiltIn: 'คำนวณจากข้อมูลในระบบ',
	indicatorsRecentImports: 'การนำเข้าล่าสุด'
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
		"Bangkok Metropolitan Administration is a special local administration and is not in DLA's LAO registry.",
	navMap: 'Map',
	navData: 'Data',
	navLabel: 'Main menu',
	mapLabel: 'Map of provinces, districts, tambons and Local Administrative Organizations',
	mapLoading: 'Loading the map…',
	mapFailed:
		'The map cannot be shown (this browser has no WebGL); search and the information still work.',
	searchLabel: 'Search provinces, districts, tambons or LAOs',
	searchPlaceholder: 'Search a name or a DLA code',
	searchResults: 'Search results',
	searchNoResults: 'No results',
	searchFailed: 'The search failed',
	searchCount: '{count} results',
	kind_province: 'Province',
	kind_district: 'District',
	kind_tambon: 'Subdistrict (tambon)',
	kind_lao: 'LAO',
	chooserTitle: 'Units at this point',
	chooserEmpty: 'No administrative unit here',
	close: 'Close',
	loading: 'Loading…',
	loadFailed: 'Could not load the data',
	noData: 'no data',
	nameTh: 'Thai name',
	nameEn: 'English name',
	noEnglishName: 'no English name in the sources',
	codes: 'Codes',
	kindLabel: 'Type',
	area: 'Area',
	registeredArea: 'Area in the LAO registry (unchecked)',
	populationLabel: 'Population',
	householdsLabel: 'Households',
	households: 'households',
	asOf: 'as of',
	estimate: 'estimate',
	method: 'method',
	method_dopa_municipal_registration_office: "count at the municipality's own registration office",
	method_sum_nonmunicipal_pop_of_covered_tambons:
		'sum of the non-municipal population of the tambons it covers',
	source: 'Source',
	parents: 'Part of',
	linkedTambons: 'Tambons covered',
	coverage_completely: 'whole tambon',
	coverage_partially: 'part of the tambon',
	noPolygon: 'no boundary on the map',
	approximateTitle: 'Approximate boundary',
	approximateExplain:
		'There are no official LAO boundaries. This one is built from the tambons the LAO covers, some of them only in part, so the boundary and any figure computed from it are approximate.',
	laoNoGeometry: 'This LAO has no boundary on the map yet (no tambon links).',
	legendTitle: 'Legend',
	legendShow: 'Show the legend',
	legendBoundaries: 'Boundaries',
	legendProvince: 'Province boundary',
	legendDistrict: 'District boundary (zoom in)',
	legendTambon: 'Tambon boundary (zoom in)',
	legendLaoTypes: 'LAO types (shown when zoomed in)',
	legendPao: 'outline only',
	legendApproximate: 'Approximate LAO boundary (dashed)',
	legendSelected: 'Selected unit',
	selectedUnit: 'Selected unit',
	method_union_of_linked_tambons: 'union of the tambons it covers',
	code_adm1_pcode: 'Province P-code',
	code_adm2_pcode: 'District P-code',
	code_adm3_pcode: 'Tambon P-code',
	code_dopa_province_code: 'DOPA province code',
	code_dopa_district_code: 'DOPA district code',
	code_dopa_tambon_code: 'DOPA tambon code',
	code_dla_code: 'DLA code',
	laoCounts: 'LAOs inside',
	showOnMap: 'Show on the map',
	indicatorsTitle: 'Import indicator data',
	indicatorsIntro:
		'Upload a CSV of indicator values by LAO or by tambon. Every row is checked before anything is saved; a fatal problem saves nothing. Importing the same file again gives the same result.',
	indicatorsAccessNote:
		'For now anyone who can reach the system can use this page. Once accounts and roles exist, it must be limited to DLA staff.',
	indicatorsFileLabel: 'CSV file (UTF-8)',
	indicatorsColumns:
		'Columns: code (7-digit DLA code or tambon code), indicator, year (Gregorian), value, unit, source · a new indicator needs an aggregation column (sum or area_weighted_mean) · an empty value means no data',
	indicatorsUpload: 'Import',
	indicatorsUploading: 'Importing…',
	indicatorsNoFile: 'Choose a CSV file',
	indicatorsImported: 'Imported',
	indicatorsFailed: 'Import failed; nothing was saved',
	indicatorsStored: '{stored} values saved, {skipped} rows without a value skipped',
	indicatorsSeverity: 'Severity',
	indicatorsRow: 'Row',
	indicatorsField: 'Column',
	indicatorsRule: 'Rule',
	indicatorsDetail: 'Detail',
	indicatorsFatal: 'fatal',
	indicatorsWarning: 'warning',
	indicatorsCatalogue: 'Indicators',
	indicatorsKey: 'Key',
	indicatorsName: 'Name',
	indicatorsUnit: 'Unit',
	indicatorsAggregation: 'Tambon to LAO roll-up',
	indicatorsAggregationSum: 'sum',
	indicatorsAggregationAreaWeightedMean: 'area-weighted mean',
	indicatorsBuiltIn: 'computed from the data in the system',
	indicatorsRecentImports: 'Recent imports'
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

/** Both languages' messages, for the translation completeness test. */
export function allMessages(): Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> {
	return messages;
}

/** Fills `{name}` placeholders: `fill('{count} results', { count: '3' })`. */
export function fill(text: string, values: Record<string, string>): string {
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

const numberLocale: Record<Locale, string> = { th: 'th-TH', en: 'en-GB' };

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
	return value.toLocaleString(numberLocale[locale], { maximumFractionDigits });
}

/** A year in the Buddhist Era for Thai (2021 → "พ.ศ. 2564"), Gregorian for English. */
export function formatYear(locale: Locale, year: number): string {
	return locale === 'th' ? `พ.ศ. ${year + 543}` : String(year);
}

/** A calendar date (ISO `YYYY-MM-DD`), Buddhist Era in Thai: "31 ธ.ค. 2564" / "31 Dec 2021". */
export function formatDate(locale: Locale, isoDate: string): string {
	return new Intl.DateTimeFormat(numberLocale[locale], {
		dateStyle: 'medium',
		timeZone: 'Asia/Bangkok'
	}).format(new Date(`${isoDate.slice(0, 10)}T12:00:00+07:00`));
}

/** Dates in the Buddhist Era for Thai (th-TH's default calendar), Gregorian for English. */
export function formatDateTime(locale: Locale, value: Date | string): string {
	return new Intl.DateTimeFormat(numberLocale[locale], {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Asia/Bangkok'
	}).format(new Date(value));
}
