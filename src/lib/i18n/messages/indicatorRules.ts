/**
 * Issue 15, item 3: the indicator import's findings in the reader's language, one per rule of
 * `indicator-import.service.ts`, `osm-pack.import.ts` and `geodata/csv.ts` (the English detail
 * with the figures stays under "technical details"). `{value}` is the offending cell.
 */
export const th = {
	indicatorRule_unreadable_file: 'อ่านไฟล์ไม่ได้ ต้องเป็นไฟล์ CSV แบบ UTF-8 ที่มีข้อมูล',
	indicatorRule_missing_column: 'หัวตารางไม่มีคอลัมน์นี้ ซึ่งจำเป็นต้องมี',
	indicatorRule_extra_column: 'ระบบไม่ใช้คอลัมน์นี้ ค่าในคอลัมน์จะไม่ถูกนำเข้า',
	indicatorRule_required_value: 'ช่องนี้ต้องมีค่า',
	indicatorRule_unknown_code: 'ไม่พบรหัส {value} ในทะเบียน อปท. หรือตำบล',
	indicatorRule_invalid_value: 'ค่า "{value}" ไม่อยู่ในรูปแบบที่กำหนด',
	indicatorRule_built_in_indicator: 'ตัวชี้วัดนี้ระบบคำนวณจากข้อมูลแผนที่เอง นำเข้าจากไฟล์ไม่ได้',
	indicatorRule_unit_mismatch: 'หน่วยไม่ตรงกับหน่วยของตัวชี้วัดนี้',
	indicatorRule_aggregation_mismatch: 'วิธีรวมค่าไม่ตรงกับที่กำหนดไว้สำหรับตัวชี้วัดนี้',
	indicatorRule_new_indicator: 'เพิ่มเป็นตัวชี้วัดใหม่ในบัญชีตัวชี้วัด',
	indicatorRule_duplicate_key: 'ซ้ำกับแถวก่อนหน้า (พื้นที่ ตัวชี้วัด และปีเดียวกัน)',
	indicatorRule_missing_value: 'ไม่มีค่า บันทึกเป็น "ไม่มีข้อมูล" (ไม่ใช่ศูนย์)',
	indicatorRule_no_rows: 'ไฟล์มีหัวตารางแต่ไม่มีข้อมูล จึงไม่มีสิ่งใดถูกนำเข้า',
	indicatorRule_osm_pack: 'ระบบรู้จักไฟล์นี้เป็นชุดข้อมูลสถานที่จาก OpenStreetMap',
	indicatorRule_other: 'พบปัญหาในแถวนี้'
};

export const en: Record<keyof typeof th, string> = {
	indicatorRule_unreadable_file: 'The file cannot be read: it must be a UTF-8 CSV file with data',
	indicatorRule_missing_column: 'The header lacks this required column',
	indicatorRule_extra_column: 'This column is not used; its values are not imported',
	indicatorRule_required_value: 'This cell must have a value',
	indicatorRule_unknown_code: 'No LAO or tambon has the code {value}',
	indicatorRule_invalid_value: '"{value}" is not in the expected form',
	indicatorRule_built_in_indicator:
		'This indicator is computed from the map data and cannot be imported from a file',
	indicatorRule_unit_mismatch: "The unit differs from this indicator's unit",
	indicatorRule_aggregation_mismatch: "The roll-up method differs from this indicator's",
	indicatorRule_new_indicator: 'Added to the catalogue as a new indicator',
	indicatorRule_duplicate_key: 'Repeats an earlier row (same place, indicator and year)',
	indicatorRule_missing_value: 'No value: stored as "no data" (not zero)',
	indicatorRule_no_rows: 'The file has a header but no data rows: nothing was imported',
	indicatorRule_osm_pack: 'Recognised as the OpenStreetMap points-of-interest pack',
	indicatorRule_other: 'A problem in this row'
};
